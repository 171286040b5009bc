"""Load: the only step that touches DuckDB. Each call is one short transaction on the lake.

Heavy work happens before, outside the database; here batches arrive as Arrow tables and are
replaced per document, so loading is idempotent and a changed page never leaves a second copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from newslake.records import Document, RawRef, Reject
from tasks import rawzone
from tasks.lakedb import apply_schema, reading, run_sql, writing

_TS = pa.timestamp("us", tz="UTC")


@dataclass(slots=True)
class Registered:
    """How the pages of this run compare with what the raw zone held before."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class KnownDocument:
    doc_id: str
    text_hash: str
    cluster_id: str
    signature: bytes | None


def prepare_lake(db: Path, *, timeout: float) -> None:
    with writing(db, timeout=timeout) as con:
        apply_schema(con)


def start_run(db: Path, run_id: str, flow_run_id: str | None, *, timeout: float) -> None:
    with writing(db, timeout=timeout) as con:
        apply_schema(con)
        run_sql(
            con,
            "start_run",
            run_id=run_id,
            flow_run_id=flow_run_id,
            started_at=datetime.now(UTC),
        )


def finish_run(
    db: Path, run_id: str, status: str, counts: dict[str, int], error: str | None, *, timeout: float
) -> None:
    keys = [
        "pages_seen",
        "pages_new",
        "pages_changed",
        "pages_unchanged",
        "pages_rejected",
        "documents",
        "duplicates",
        "indicators",
        "mentions",
    ]
    with writing(db, timeout=timeout) as con:
        run_sql(
            con,
            "finish_run",
            run_id=run_id,
            finished_at=datetime.now(UTC),
            status=status,
            error=error,
            **{k: int(counts.get(k, 0)) for k in keys},
        )


def register_journal(db: Path, lake: Path, run_id: str, *, timeout: float) -> Registered:
    """Record in pages_raw every page the raw zone journaled since the last call.

    That covers this run's pages and any stored by a run that died before registering them,
    so a crash after fetching loses nothing and the next run does not fetch those pages again.
    """
    result = Registered()
    with writing(db, timeout=timeout) as con:
        offset = run_sql(con, "journal_offset").rows[0][0]
        entries, end = rawzone.read_journal(lake, offset)
        if not entries:
            return result
        refs = [ref for ref, _headers in entries]
        con.register("incoming", _raw_table(refs))
        statuses: dict[str, str] = {}
        for location, _sha, status in run_sql(con, "classify_incoming").rows:
            # A location stored twice in one batch is as new as its first sighting.
            statuses.setdefault(location, status)
        for location, status in statuses.items():
            getattr(result, status).append(location)
        run_sql(con, "register_incoming", run_id=run_id)
        run_sql(con, "save_journal_offset", offset=end)
    return result


def _raw_table(refs: Sequence[RawRef]) -> pa.Table:
    return pa.table(
        {
            "location": pa.array([r.location for r in refs], pa.string()),
            "sha256": pa.array([r.sha256 for r in refs], pa.string()),
            "bytes": pa.array([r.size for r in refs], pa.int64()),
            "content_type": pa.array([r.content_type for r in refs], pa.string()),
            "declared_charset": pa.array([r.declared_charset for r in refs], pa.string()),
            "seen_at": pa.array([r.seen_at for r in refs], _TS),
        }
    )


def pending_pages(db: Path, *, reprocess: bool, timeout: float) -> list[RawRef]:
    """Current versions not yet turned into a document or a reject (every one on reprocess)."""
    with reading(db, timeout=timeout) as con:
        rows = run_sql(con, "pending_pages", reprocess=reprocess).rows
    return [
        RawRef(
            location=loc,
            sha256=sha,
            size=size,
            seen_at=seen,
            content_type=ctype,
            declared_charset=charset,
        )
        for loc, sha, size, seen, ctype, charset in rows
    ]


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


def load_documents(
    db: Path,
    docs: Sequence[Document],
    signatures: dict[str, bytes],
    extractor_version: str,
    run_id: str,
    *,
    lines: Mapping[str, tuple[str, frozenset[int]]] | None = None,
    timeout: float,
) -> None:
    """Replace the derived rows of these documents with the new ones, in one transaction."""
    if not docs:
        return
    tables = _document_tables(docs, signatures, extractor_version, lines or {})
    with writing(db, timeout=timeout, tables=tables) as con:
        # New pages (the common case) have no old rows: skip deletes that scan whole tables.
        if run_sql(con, "existing_documents").rows[0][0]:
            run_sql(con, "delete_documents")
        run_sql(con, "insert_documents", run_id=run_id, processed_at=datetime.now(UTC))


def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, *, timeout: float) -> None:
    if not rejects:
        return
    table = pa.table(
        {
            "location": [r.location for r in rejects],
            "stage": [r.stage for r in rejects],
            "reason": [r.reason for r in rejects],
            "sha256": pa.array([r.sha256 for r in rejects], pa.string()),
            "seen_at": pa.array([r.seen_at for r in rejects], _TS),
        }
    )
    # One row per (location, stage): the latest reason wins.
    latest: dict[tuple[str, str], int] = {}
    for i, r in enumerate(rejects):
        latest[(r.location, r.stage)] = i
    table = table.take(sorted(latest.values()))
    with writing(db, timeout=timeout, tables={"batch_rejects": table}) as con:
        run_sql(con, "upsert_rejects", run_id=run_id)


Validator = tuple[str, str | None, str | None, str | None]  # url, etag, last_modified, sha256


def read_validators(db: Path, *, timeout: float) -> list[Validator]:
    if not db.exists():
        return []
    with reading(db, timeout=timeout) as con:
        return run_sql(con, "read_validators").rows


def save_validators(db: Path, rows: Sequence[Validator], *, timeout: float) -> None:
    if not rows:
        return
    now = datetime.now(UTC)
    table = pa.table(
        {
            "url": [r[0] for r in rows],
            "etag": pa.array([r[1] for r in rows], pa.string()),
            "last_modified": pa.array([r[2] for r in rows], pa.string()),
            "sha256": pa.array([r[3] for r in rows], pa.string()),
            "fetched_at": pa.array([now] * len(rows), _TS),
        }
    )
    with writing(db, timeout=timeout, tables={"batch_validators": table}) as con:
        run_sql(con, "save_validators")


def save_page_sources(db: Path, source_of: Mapping[str, str], *, timeout: float) -> None:
    """Remember the sources-file name of every URL a fetch saw (v_documents.source_key)."""
    if not source_of:
        return
    table = pa.table(
        {
            "location": list(source_of),
            "source_key": list(source_of.values()),
            "updated_at": pa.array([datetime.now(UTC)] * len(source_of), _TS),
        }
    )
    with writing(db, timeout=timeout, tables={"batch_page_sources": table}) as con:
        run_sql(con, "save_page_sources")


def run_report(db: Path, run_id: str, *, timeout: float) -> dict[str, list[dict[str, object]]]:
    """This run's rejects, first new figures and quality flags, for the run's artifacts."""
    report: dict[str, list[dict[str, object]]] = {}
    with reading(db, timeout=timeout) as con:
        for name in ("rejects", "indicators", "quality"):
            result = run_sql(con, f"report_{name}", run_id=run_id)
            report[name] = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return report


def lake_counts(db: Path, *, timeout: float) -> dict[str, int]:
    with reading(db, timeout=timeout) as con:
        result = run_sql(con, "lake_counts")
        return dict(zip(result.columns, result.rows[0], strict=True))


def _document_tables(
    docs: Sequence[Document],
    signatures: dict[str, bytes],
    extractor_version: str,
    lines: Mapping[str, tuple[str, frozenset[int]]],
) -> dict[str, pa.Table]:
    quality = [d.quality for d in docs]
    ids = [d.doc_id for d in docs]
    batch_docs = pa.table(
        {
            "doc_id": ids,
            "location": [d.location for d in docs],
            "raw_sha256": [d.raw_sha256 for d in docs],
            "seen_at": pa.array([d.seen_at for d in docs], _TS),
            "encoding": pa.array([d.encoding for d in docs], pa.string()),
            "is_html": pa.array([d.is_html for d in docs], pa.bool_()),
            "title": pa.array([d.title for d in docs], pa.string()),
            "published_at": pa.array([d.published_at for d in docs], pa.timestamp("us")),
            "source": pa.array([d.source for d in docs], pa.string()),
            "author": pa.array([d.author for d in docs], pa.string()),
            "editor": pa.array([d.editor for d in docs], pa.string()),
            "text": [d.text for d in docs],
            "restored_text": pa.array([d.restored_text for d in docs], pa.string()),
            "original_script": [d.original_script for d in docs],
            "text_hash": [d.text_hash or "" for d in docs],
            "text_chars": pa.array([len(d.text) for d in docs], pa.int32()),
            "extractor_version": [extractor_version] * len(docs),
        }
    )
    batch_quality = pa.table(
        {
            "doc_id": ids,
            "chars_before": pa.array([q.chars_before for q in quality], pa.int32()),
            "chars_after": pa.array([q.chars_after for q in quality], pa.int32()),
            "lines_removed": pa.array(
                [list(q.lines_removed.items()) for q in quality], pa.map_(pa.string(), pa.int32())
            ),
            "spam_hits": pa.array([q.spam_hits for q in quality], pa.int32()),
            "spam_score": pa.array([q.spam_score for q in quality], pa.float64()),
            "spin_score": pa.array([q.spin_score for q in quality], pa.float64()),
            "spin_restored": pa.array([q.spin_restored for q in quality], pa.int32()),
            "masked_words": pa.array([q.masked_words for q in quality], pa.int32()),
            "flag": [q.flag for q in quality],
        }
    )
    clustered = [d for d in docs if d.cluster_id is not None]
    batch_clusters = pa.table(
        {
            "doc_id": [d.doc_id for d in clustered],
            "cluster_id": [d.cluster_id for d in clustered],
            "matched_doc_id": pa.array([d.matched_doc_id for d in clustered], pa.string()),
            "similarity": pa.array([d.similarity for d in clustered], pa.float64()),
            "method": pa.array([d.dup_method for d in clustered], pa.string()),
        }
    )
    signed = [i for i in ids if i in signatures]
    batch_signatures = pa.table(
        {"doc_id": signed, "signature": pa.array([signatures[i] for i in signed], pa.binary())}
    )
    rows = [(d.doc_id, seq, ind) for d in docs for seq, ind in enumerate(d.indicators)]
    batch_indicators = pa.table(
        {
            "doc_id": pa.array([r[0] for r in rows], pa.string()),
            "seq": pa.array([r[1] for r in rows], pa.int32()),
            "metric": pa.array([r[2].metric for r in rows], pa.string()),
            "region": pa.array([r[2].region for r in rows], pa.string()),
            "period_start": pa.array([r[2].period_start for r in rows], pa.date32()),
            "period_end": pa.array([r[2].period_end for r in rows], pa.date32()),
            "period_text": pa.array([r[2].period_text for r in rows], pa.string()),
            "value": pa.array([r[2].value for r in rows], pa.float64()),
            "unit": pa.array([r[2].unit for r in rows], pa.string()),
            "value_text": pa.array([r[2].value_text for r in rows], pa.string()),
            "qualifier": pa.array([r[2].qualifier for r in rows], pa.string()),
            "yoy_pct": pa.array([r[2].yoy_pct for r in rows], pa.float64()),
            "share_pct": pa.array([r[2].share_pct for r in rows], pa.float64()),
            "kind": pa.array([r[2].kind for r in rows], pa.string()),
            "sentence": pa.array([r[2].sentence for r in rows], pa.string()),
            "char_start": pa.array([r[2].char_start for r in rows], pa.int32()),
            "char_end": pa.array([r[2].char_end for r in rows], pa.int32()),
            "extractor_version": pa.array([extractor_version] * len(rows), pa.string()),
        }
    )
    mentions = [(d.doc_id, seq, m) for d in docs for seq, m in enumerate(d.mentions)]
    batch_mentions = pa.table(
        {
            "doc_id": pa.array([r[0] for r in mentions], pa.string()),
            "seq": pa.array([r[1] for r in mentions], pa.int32()),
            "kind": pa.array([r[2].kind for r in mentions], pa.string()),
            "name": pa.array([r[2].name for r in mentions], pa.string()),
            "role": pa.array([r[2].role for r in mentions], pa.string()),
        }
    )
    in_batch = set(ids)
    line_rows = [
        (doc_id, site, key)
        for doc_id, (site, keys) in lines.items()
        if doc_id in in_batch
        for key in sorted(keys)
    ]
    batch_lines = pa.table(
        {
            "doc_id": pa.array([r[0] for r in line_rows], pa.string()),
            "site": pa.array([r[1] for r in line_rows], pa.string()),
            "line_key": pa.array([r[2] for r in line_rows], pa.int64()),
        }
    )
    return {
        "batch_lines": batch_lines,
        "batch_docs": batch_docs,
        "batch_quality": batch_quality,
        "batch_clusters": batch_clusters,
        "batch_signatures": batch_signatures,
        "batch_indicators": batch_indicators,
        "batch_mentions": batch_mentions,
    }
