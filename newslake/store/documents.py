"""Documents in the lake: a batch's derived rows replaced per document, and what dedupe reads back.

Heavy work happens before, outside the database; here batches arrive as Arrow tables and replace
the rows of their documents in one transaction, so loading is idempotent and a changed page never
leaves a second copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from newslake.records import Document, Indicator, KnownDocument, Mention, Quality
from newslake.store.connection import reading, run_sql, writing
from newslake.store.tables import constant, records_table


@dataclass(frozen=True)
class DocSignature:
    """A document's near-duplicate signature, as doc_signatures keeps it."""

    doc_id: str
    signature: bytes


@dataclass(frozen=True)
class DocLine:
    """One distinct line of a document's cleaned text, keyed, with its site (doc_lines)."""

    doc_id: str
    site: str
    line_key: int


def load_documents(
    db: Path,
    docs: Sequence[Document],
    signatures: Mapping[str, bytes],
    extractor_version: str,
    run_id: str,
    *,
    lines: Mapping[str, tuple[str, frozenset[int]]] | None = None,
    timeout: float,
) -> None:
    """Replace the derived rows of these documents with the new ones, in one transaction."""
    if not docs:
        return
    tables = document_tables(docs, signatures, extractor_version, lines or {})
    with writing(db, timeout=timeout, tables=tables) as con:
        # New pages (the common case) have no old rows: skip deletes that scan whole tables.
        if run_sql(con, "existing_documents").rows[0][0]:
            run_sql(con, "mark_fact_keys")  # the facts their old rows reported
            run_sql(con, "delete_documents")
        run_sql(con, "insert_documents", run_id=run_id, processed_at=datetime.now(UTC))
        run_sql(con, "mark_fact_keys")


def known_documents(db: Path, *, replaced: Sequence[str], timeout: float) -> list[KnownDocument]:
    """The documents new pages are deduplicated against, oldest first, minus those being replaced."""
    with reading(db, timeout=timeout, tables={"replaced": _locations(replaced)}) as con:
        rows = run_sql(con, "dedupe_state").rows
    return [KnownDocument(*row) for row in rows]


def line_counts(db: Path, *, replaced: Sequence[str], run_id: str, timeout: float) -> list[tuple]:
    """Per-site line frequencies of the lake, minus the documents about to be replaced."""
    with reading(db, timeout=timeout, tables={"replaced": _locations(replaced)}) as con:
        return run_sql(con, "line_counts", run_id=run_id).rows


def _locations(locations: Sequence[str]) -> pa.Table:
    return pa.table({"location": pa.array(list(locations), pa.string())})


def document_tables(
    docs: Sequence[Document],
    signatures: Mapping[str, bytes],
    extractor_version: str,
    lines: Mapping[str, tuple[str, frozenset[int]]],
) -> dict[str, pa.Table]:
    """The batch as Arrow tables named as sql/queries/insert_documents.sql reads them."""
    ids = [d.doc_id for d in docs]
    n = len(docs)
    doc_ids = pa.array(ids, pa.string())
    indicators = [(d.doc_id, seq, row) for d in docs for seq, row in enumerate(d.indicators)]
    mentions = [(d.doc_id, seq, row) for d in docs for seq, row in enumerate(d.mentions)]
    in_batch = set(ids)
    return {
        # the raw text is not stored twice: the raw zone keeps the page
        "batch_docs": records_table(
            docs,
            Document,
            exclude=("raw_text",),
            extra={
                "text_chars": pa.array([len(d.text) for d in docs], pa.int32()),
                "extractor_version": constant(extractor_version, n, pa.string()),
            },
        ),
        "batch_quality": records_table(
            [d.quality for d in docs], Quality, lead={"doc_id": doc_ids}
        ),
        "batch_signatures": records_table(
            [DocSignature(i, signatures[i]) for i in ids if i in signatures], DocSignature
        ),
        "batch_indicators": _numbered(indicators, Indicator, extractor_version),
        "batch_mentions": _numbered(mentions, Mention),
        "batch_lines": records_table(
            [
                DocLine(doc_id, site, key)
                for doc_id, (site, keys) in lines.items()
                if doc_id in in_batch
                for key in sorted(keys)
            ],
            DocLine,
        ),
    }


def _numbered(
    rows: Sequence[tuple[str, int, object]], cls: type, extractor_version: str | None = None
) -> pa.Table:
    """Rows of a document's list (its indicators, its mentions) keyed by (doc_id, seq)."""
    extra = {}
    if extractor_version is not None:
        extra["extractor_version"] = constant(extractor_version, len(rows), pa.string())
    return records_table(
        [r[2] for r in rows],
        cls,
        lead={
            "doc_id": pa.array([r[0] for r in rows], pa.string()),
            "seq": pa.array([r[1] for r in rows], pa.int32()),
        },
        extra=extra,
    )
