"""Load: a derived, deduplicated batch into the lake, replacing its documents' rows."""

from __future__ import annotations

from pathlib import Path

from newslake.derive import Batch
from newslake.extract import EXTRACTOR_VERSION
from newslake.store import documents, pages
from newslake.tasks.runtime import check_fault, lake_io_task


@lake_io_task("load", task_run_name="load-{batch.no}")
def load_batch(db: Path, batch: Batch, run_id: str, timeout: float) -> int:
    """Idempotent (rows are replaced per document), so a retry may safely load a batch again."""
    check_fault("load", batch.no)
    documents.load_documents(
        db,
        batch.docs,
        batch.signatures,
        EXTRACTOR_VERSION,
        run_id,
        lines=batch.lines,
        timeout=timeout,
    )
    pages.record_rejects(db, batch.rejects, run_id, timeout=timeout)
    return len(batch.docs)
