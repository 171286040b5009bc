"""Pages in the lake: the raw zone's journal registered in pages_raw, what is pending, rejects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from newslake import rawzone
from newslake.records import RawRef, Reject
from newslake.store.connection import reading, run_sql, writing
from newslake.store.tables import records_table

RAW_STAGE = rawzone.RAW_STAGE


@dataclass(slots=True)
class Registered:
    """Journal entries registered by one call: how they compare with what the lake held before,
    which runs stored them, and whether the journal had to be read again from its start."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    stored_by: Counter[str | None] = field(default_factory=Counter)  # run id -> entries
    own: Counter[str] = field(default_factory=Counter)  # status -> the caller's own locations
    reread: bool = False  # the journal was shorter than, or not the one, registered before


def register_journal(db: Path, lake: Path, run_id: str, *, timeout: float) -> Registered:
    """Record in pages_raw every page the raw zone journaled since the last call.

    That covers this run's pages and any stored by a run that died before registering them,
    so a crash after fetching loses nothing and the next run does not fetch those pages again.
    A journal that was deleted, truncated or replaced is read again from its start: entries
    already registered are recognised and counted nowhere.
    """
    result = Registered()
    with writing(db, timeout=timeout) as con:
        offset, tail = run_sql(con, "journal_offset").rows[0]
        if not rawzone.journal_holds(lake, offset, tail):
            result.reread, offset = True, 0
        entries, end = rawzone.read_journal(lake, offset)
        if entries:
            con.register("incoming", records_table([ref for ref, _headers in entries], RawRef))
            statuses: dict[str, str] = {}
            own: dict[str, str] = {}
            for location, _sha, stored_by, status in run_sql(con, "classify_incoming").rows:
                if status == "known":
                    continue
                result.stored_by[stored_by] += 1
                # A location stored twice in one batch is as new as its first sighting.
                statuses.setdefault(location, status)
                if stored_by == run_id:
                    own.setdefault(location, status)
            for location, status in statuses.items():
                getattr(result, status).append(location)
            result.own.update(own.values())
            run_sql(con, "register_incoming", run_id=run_id)
        if entries or result.reread:
            run_sql(con, "save_journal_offset", offset=end, tail=rawzone.journal_tail(lake, end))
    return result


def classify_pages(db: Path, refs: Sequence[RawRef], *, timeout: float) -> dict[str, str]:
    """Location -> new, changed or unchanged, for pages a run stored (once they are registered):
    judged against the versions seen before each page was, so it does not matter which run
    registered them."""
    if not refs:
        return {}
    seen = pa.table(
        {
            "location": pa.array([r.location for r in refs], pa.string()),
            "sha256": pa.array([r.sha256 for r in refs], pa.string()),
            "seen_at": pa.array([r.seen_at for r in refs], pa.timestamp("us", tz="UTC")),
        }
    )
    with reading(db, timeout=timeout, tables={"seen": seen}) as con:
        rows = run_sql(con, "classify_pages").rows
    statuses: dict[str, str] = {}
    for location, status in rows:
        statuses.setdefault(location, status)
    return statuses


def unchanged_files(db: Path, stats: Sequence[tuple[str, int, int]], *, timeout: float) -> set[str]:
    """Locations among (location, size, mtime_ns) whose latest registered version has that
    size and mtime: unchanged files a run need not read or hash again."""
    if not stats or not db.exists():
        return set()
    on_disk = pa.table(
        {
            "location": pa.array([s[0] for s in stats], pa.string()),
            "size": pa.array([s[1] for s in stats], pa.int64()),
            "mtime_ns": pa.array([s[2] for s in stats], pa.int64()),
        }
    )
    with reading(db, timeout=timeout, tables={"on_disk": on_disk}) as con:
        rows = run_sql(con, "unchanged_files", raw_stage=RAW_STAGE).rows
    return {location for (location,) in rows}


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


def raw_rejects(db: Path, *, timeout: float) -> list[tuple[str, str]]:
    """(location, sha256) of pages whose raw copy was found missing or corrupted."""
    with reading(db, timeout=timeout) as con:
        return [(loc, sha) for loc, sha in run_sql(con, "raw_rejects", stage=RAW_STAGE).rows]


def clear_raw_rejects(db: Path, locations: Sequence[str], *, timeout: float) -> None:
    """Forget that these pages' raw copies were bad: they have been stored intact again."""
    if not locations:
        return
    table = pa.table({"location": pa.array(list(locations), pa.string())})
    with writing(db, timeout=timeout, tables={"repaired": table}) as con:
        run_sql(con, "clear_raw_rejects", stage=RAW_STAGE)
