"""Dedupe: the lake's index of documents, and each derived batch clustered against it in order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from newslake.dedupe import DedupeIndex, dedupe
from newslake.derive import Batch
from newslake.store import documents
from newslake.tasks.runtime import lake_io_task


@lake_io_task("dedupe-index")
def dedupe_index(db: Path, replaced: Sequence[str], timeout: float) -> DedupeIndex:
    return DedupeIndex.from_known(documents.known_documents(db, replaced=replaced, timeout=timeout))


@task(name="dedupe", task_run_name="dedupe-{batch.no}", cache_policy=NO_CACHE)
def dedupe_batch(batch: Batch, index: DedupeIndex) -> int:
    """Stateful (the index grows batch by batch), so it runs in the flow's process, in order."""
    found = dedupe(batch.docs, batch.signatures, index)
    batch.counts["duplicates"] += found
    return found
