"""Acquire: pages from disk or over HTTP into the raw zone, before anything reads them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from newslake.records import RawRef, Reject
from newslake.settings import SAMPLES_DIR, Settings
from newslake.sources import files
from newslake.store import fetch_state, pages
from newslake.tasks.report import Progress
from newslake.tasks.runtime import lake_io_task, lake_writer


@dataclass
class Acquired:
    """What acquisition brought: pages now in the raw zone, pages found unchanged without being
    stored again (URLs answered 304, files of the same size and mtime), and rejects."""

    refs: list[RawRef] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)
    files_unchanged: int = 0  # counted, not listed: a backfill's rerun sees millions
    rejects: list[Reject] = field(default_factory=list)

    @property
    def pages_seen(self) -> int:
        return len(self.refs) + len(self.not_modified) + self.files_unchanged + len(self.rejects)


@lake_io_task("store-files")
def store_files(
    paths: Sequence[Path], lake: Path, run_id: str
) -> tuple[list[RawRef], list[Reject]]:
    return files.store_files(paths, lake, run_id=run_id)


@lake_io_task("unchanged-files")
def unchanged_files(paths: Sequence[Path], db: Path, timeout: float) -> set[str]:
    """Files whose size and mtime are those of their last registered version."""
    return pages.unchanged_files(db, files.file_stats(paths), timeout=timeout)


@task(name="fetch-sources", cache_policy=NO_CACHE)
def fetch_sources(
    sources_file: Path, settings: Settings, run_id: str
) -> tuple[list[tuple[str, RawRef]], list[str], list[Reject]]:
    """Fetch over HTTP; every body lands in the raw zone as it arrives, validators are kept."""
    from newslake.sources.config import load_sources
    from newslake.sources.crawler import fetch_sources as crawl  # httpx only when fetching

    db, lake, timeout = settings.work_db, settings.lake, settings.lock_timeout
    known = fetch_state.read_validators(db, timeout=timeout)
    progress = Progress("fetch", "pages fetched")
    result = crawl(
        load_sources(sources_file),
        known=known,
        lake=lake,
        settings=settings.fetch,
        progress=progress,
        run_id=run_id,
    )
    with lake_writer(lake, settings.write_timeout, run_id):
        fetch_state.save_validators(db, result.validators, timeout=timeout)
        fetch_state.save_page_sources(db, result.source_of, timeout=timeout)
    return list(result.stored), list(result.unchanged), list(result.rejects)


def acquire(
    paths: Sequence[str] | None,
    sources: str | None,
    reprocess: bool,
    settings: Settings,
    run_id: str,
) -> Acquired:
    """Raw zone first: every page's bytes are stored before anything reads them.

    No paths and no sources means the bundled samples, except on a reprocess, which reads only
    what the raw zone holds.
    """
    acquired = Acquired()
    if reprocess and not paths and not sources:
        return acquired
    if paths:
        found = files.discover_files(files.check_paths(paths))
    elif not sources:
        found = files.sample_pages(SAMPLES_DIR)
    else:
        found = []
    if found and not settings.rehash:
        # Unchanged files are not read or hashed again (a same-size edit within the same
        # mtime would go unnoticed, as with rsync and make: NEWSLAKE_REHASH reads them all).
        skipped = unchanged_files(quote(found), settings.work_db, settings.lock_timeout)
        acquired.files_unchanged = len(skipped)
        found = [path for path in found if str(path) not in skipped]
    size = settings.batch_size
    progress = Progress("fetch", "files read")
    for start in range(0, len(found), size):
        got, bad = store_files(quote(found[start : start + size]), settings.lake, run_id)
        acquired.refs += got
        acquired.rejects += bad
        progress(min(start + size, len(found)), len(found))
    if sources:
        stored, not_modified, bad = fetch_sources(Path(sources), settings, run_id)
        acquired.refs += [ref for _name, ref in stored]
        acquired.not_modified += not_modified
        acquired.rejects += bad
    return acquired
