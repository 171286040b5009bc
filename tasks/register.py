"""Register: the raw zone's new pages into pages_raw, and the list of pages still to process."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from newslake.records import RawRef, Reject
from newslake.settings import Settings
from newslake.store import pages
from newslake.tasks.acquire import Acquired


@task(name="register-raw", cache_policy=NO_CACHE)
def register_raw(db: Path, lake: Path, run_id: str, timeout: float) -> pages.Registered:
    return pages.register_journal(db, lake, run_id, timeout=timeout)


@task(name="pending-pages", cache_policy=NO_CACHE)
def pending_pages(db: Path, reprocess: bool, timeout: float) -> list[RawRef]:
    return pages.pending_pages(db, reprocess=reprocess, timeout=timeout)


@task(name="record-rejects", cache_policy=NO_CACHE)
def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, timeout: float) -> int:
    pages.record_rejects(db, rejects, run_id, timeout=timeout)
    return len(rejects)


@dataclass
class Registration:
    """The run's pages once registered: what still needs processing, and the page counts."""

    pending: list[RawRef]
    counts: dict[str, int]


def register(acquired: Acquired, settings: Settings, run_id: str, reprocess: bool) -> Registration:
    """Register what acquisition stored, keep its rejects, and list the pages to process."""
    db, timeout = settings.db, settings.lock_timeout
    registered = register_raw(db, settings.lake, run_id, timeout)
    if acquired.rejects:
        record_rejects(db, quote(acquired.rejects), run_id, timeout)
    pending = pending_pages(db, reprocess, timeout)
    counts = {
        "pages_seen": acquired.pages_seen,
        "pages_new": len(registered.new),
        "pages_changed": len(registered.changed),
        "pages_unchanged": len(registered.unchanged) + len(acquired.not_modified),
        "pages_rejected": len(acquired.rejects),
    }
    get_run_logger().info(
        "%d pages to process (%d unchanged)", len(pending), counts["pages_unchanged"]
    )
    return Registration(pending, counts)
