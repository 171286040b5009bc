"""Pages in the lake: the raw zone's journal registered in pages_raw, what is pending, rejects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newslake import rawzone
from newslake.records import RawRef, Reject
from newslake.store.connection import reading, run_sql, writing
from newslake.store.tables import records_table


@dataclass(slots=True)
class Registered:
    """How the pages of this run compare with what the raw zone held before."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


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
        con.register("incoming", records_table([ref for ref, _headers in entries], RawRef))
        statuses: dict[str, str] = {}
        for location, _sha, status in run_sql(con, "classify_incoming").rows:
            # A location stored twice in one batch is as new as its first sighting.
            statuses.setdefault(location, status)
        for location, status in statuses.items():
            getattr(result, status).append(location)
        run_sql(con, "register_incoming", run_id=run_id)
        run_sql(con, "save_journal_offset", offset=end)
    return result


def pending_pages(db: Path, *, reprocess: bool, timeout: float) -> list[RawRef]:
    """Current versions not yet turned into a document or a reject (every one on reprocess)."""
    with reading(db, timeout=timeout) as con:
        result = run_sql(con, "pending_pages", reprocess=reprocess)
    return [RawRef(**dict(zip(result.columns, row, strict=True))) for row in result.rows]


def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, *, timeout: float) -> None:
    """Keep each rejected page with its stage and reason; the latest reason per stage wins."""
    if not rejects:
        return
    latest = {(r.location, r.stage): r for r in rejects}
    table = records_table(list(latest.values()), Reject)
    with writing(db, timeout=timeout, tables={"batch_rejects": table}) as con:
        run_sql(con, "upsert_rejects", run_id=run_id)
