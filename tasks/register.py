"""Register: the raw zone's new pages into pages_raw, and the list of pages still to process.

Every page about to be processed has its raw copy checked against its sha256 first, cached batch
results included: a corrupted copy becomes a reject (and is set aside, so that storing the same
bytes again repairs it) instead of feeding wrong figures to the lake.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger
from prefect.utilities.annotations import quote

from newslake import lakelock, rawzone
from newslake.records import RawRef, Reject
from newslake.settings import Settings
from newslake.store import pages
from newslake.tasks.acquire import Acquired
from newslake.tasks.runtime import lake_io_task


@lake_io_task("register-raw")
def register_raw(db: Path, lake: Path, run_id: str, timeout: float) -> pages.Registered:
    return pages.register_journal(db, lake, run_id, timeout=timeout)


@lake_io_task("classify-pages")
def classify_pages(db: Path, refs: Sequence[RawRef], timeout: float) -> dict[str, str]:
    return pages.classify_pages(db, refs, timeout=timeout)


@lake_io_task("pending-pages")
def pending_pages(db: Path, reprocess: bool, timeout: float) -> list[RawRef]:
    return pages.pending_pages(db, reprocess=reprocess, timeout=timeout)


@lake_io_task("record-rejects")
def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, timeout: float) -> int:
    pages.record_rejects(db, rejects, run_id, timeout=timeout)
    return len(rejects)


@lake_io_task("clear-repaired")
def clear_repaired(db: Path, lake: Path, timeout: float) -> int:
    """Pages found corrupted before whose copy is intact again (stored anew) lose their reject,
    before the pending pages are listed, so the run that repaired them processes them."""
    repaired = [
        loc for loc, sha in pages.raw_rejects(db, timeout=timeout) if not rawzone.check(lake, sha)
    ]
    pages.clear_raw_rejects(db, repaired, timeout=timeout)
    if repaired:
        get_run_logger().info("%d raw pages found corrupted before are intact again", len(repaired))
    return len(repaired)


@lake_io_task("check-raw")
def check_raw(
    db: Path, lake: Path, refs: Sequence[RawRef], run_id: str, timeout: float
) -> list[RawRef]:
    """The pages whose raw copy is intact; the others become rejects and are set aside."""
    intact, rejects = [], []
    for ref in refs:
        problem = rawzone.check(lake, ref.sha256)
        if problem is None:
            intact.append(ref)
            continue
        rawzone.set_aside(lake, ref.sha256)
        rejects.append(
            Reject(ref.location, pages.RAW_STAGE, problem, datetime.now(UTC), ref.sha256)
        )
    pages.record_rejects(db, rejects, run_id, timeout=timeout)
    logger = get_run_logger()
    for reject in rejects:
        logger.error("%s: %s", reject.location, reject.reason)
    return intact


@dataclass
class Registration:
    """The run's pages once registered: what still needs processing, and the page counts."""

    pending: list[RawRef]
    counts: dict[str, int]


def register(acquired: Acquired, settings: Settings, run_id: str, reprocess: bool) -> Registration:
    """Register what acquisition stored, keep its rejects, and list the pages to process."""
    db, lake, timeout = settings.work_db, settings.lake, settings.lock_timeout
    registered = register_raw(db, lake, run_id, timeout)
    report_registered(registered, lake, run_id)
    if registered.stored_by[run_id] == len(acquired.refs):
        statuses = registered.own  # this run registered every page it stored
    else:  # another run registered some: judge each by when this run saw it
        statuses = Counter(classify_pages(db, quote(acquired.refs), timeout).values())
    if acquired.rejects:
        record_rejects(db, quote(acquired.rejects), run_id, timeout)
    clear_repaired(db, lake, timeout)
    found = leave_to_live_runs(pending_pages(db, reprocess, timeout), lake, run_id)
    pending = check_raw(db, lake, quote(found), run_id, timeout)
    counts = {
        "pages_seen": acquired.pages_seen,
        "pages_new": statuses["new"],
        "pages_changed": statuses["changed"],
        "pages_unchanged": statuses["unchanged"]
        + len(acquired.not_modified)
        + acquired.files_unchanged,
        "pages_rejected": len(acquired.rejects) + len(found) - len(pending),
    }
    get_run_logger().info(
        "%d pages to process (%d unchanged)", len(pending), counts["pages_unchanged"]
    )
    return Registration(pending, counts)


def leave_to_live_runs(refs: list[RawRef], lake: Path, own_id: str) -> list[RawRef]:
    """Pages another run stored and is still running to process are left to it; a dead run's
    are this run's to process."""
    alive: dict[str, bool] = {}
    kept: list[RawRef] = []
    left: Counter[str] = Counter()
    for ref in refs:
        owner = ref.run_id
        if owner and owner != own_id:
            if owner not in alive:
                alive[owner] = lakelock.dead_run(lake, owner) is None
            if alive[owner]:
                left[owner] += 1
                continue
        kept.append(ref)
    for owner, n in left.items():
        get_run_logger().info(
            "left %d pages to run %s, which stored them and is still running", n, owner
        )
    return kept


def report_registered(registered: pages.Registered, lake: Path, own_id: str) -> None:
    """Say whose pages a registration took in: a dead run's are recovered, a live run's are not."""
    logger = get_run_logger()
    if registered.reread:
        logger.warning(
            "the raw-zone journal is shorter than, or not the one, registered before (deleted, "
            "truncated or replaced?): it was read again from its start"
        )
    for stored_by, n in registered.stored_by.items():
        if stored_by == own_id:
            continue
        if stored_by is not None and lakelock.dead_run(lake, stored_by) is None:
            logger.info("registered %d pages that run %s, still running, stored", n, stored_by)
        else:
            run = f"run {stored_by}" if stored_by else "an earlier run"
            logger.warning("recovered %d pages stored by %s that died", n, run)
