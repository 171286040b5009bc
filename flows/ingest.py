"""The ingest flow: acquire -> raw zone -> decode -> clean -> fingerprint -> extract -> dedupe -> load.

It reads like the data's path and decides nothing about content; every step is a task in
`flows/stages.py` calling pure functions in `tasks/`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

from prefect import flow, get_run_logger
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote
from pydantic import Field

from flows import report, stages
from newslake.records import RawRef, Reject
from newslake.settings import SAMPLES_DIR, load_settings
from tasks import acquire, load

T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@flow(name="ingest", log_prints=False)
def ingest(
    paths: Annotated[
        list[str] | None, Field(description="files or folders of pages; empty = bundled samples")
    ] = None,
    sources: Annotated[
        str | None, Field(description="TOML sources file to fetch over HTTP")
    ] = None,
    db: Annotated[
        str | None, Field(description="DuckDB file (default lake/newslake.duckdb)")
    ] = None,
    lake: Annotated[str | None, Field(description="raw zone directory (default lake/)")] = None,
    reprocess: Annotated[bool, Field(description="re-derive everything from the raw zone")] = False,
    batch_size: Annotated[int | None, Field(ge=1, description="pages per task")] = None,
) -> dict[str, int]:
    """Bring pages into the lake and derive documents, duplicates and indicators from them."""
    settings = load_settings(db=db, lake=lake, batch_size=batch_size)
    logger = get_run_logger()
    run_id = flow_run.get_id() or uuid.uuid4().hex
    db_path, lake_path, timeout = settings.db, settings.lake, settings.lock_timeout
    load.start_run(db_path, run_id, flow_run.get_id(), timeout=timeout)
    counts: dict[str, int] = {}
    try:
        recovered = stages.register_raw(db_path, lake_path, run_id, timeout)
        refs, rejects = _acquire(
            paths, sources, reprocess, lake_path, db_path, settings.batch_size, timeout
        )
        registered = stages.register_raw(db_path, lake_path, run_id, timeout)
        if recovered.new or recovered.changed:
            logger.warning(
                "recovered %d pages stored by an earlier run that died",
                len(recovered.new) + len(recovered.changed),
            )
        counts.update(
            pages_seen=len(refs) + len(rejects),
            pages_new=len(registered.new),
            pages_changed=len(registered.changed),
            pages_unchanged=len(registered.unchanged),
        )
        if rejects:
            stages.load_batch(db_path, [], {}, quote(rejects), run_id, timeout)
        pending = stages.pending_pages(db_path, reprocess, timeout)
        logger.info("%d pages to process (%d unchanged)", len(pending), counts["pages_unchanged"])
        index = stages.dedupe_index(db_path, quote([p.location for p in pending]), timeout)
        stage_counts = _process(
            pending, index, settings.batch_size, db_path, lake_path, run_id, timeout
        )
        counts.update(stage_counts, pages_rejected=len(rejects) + stage_counts["rejected"])
    except BaseException as exc:
        load.finish_run(db_path, run_id, "failed", counts, repr(exc)[:2000], timeout=timeout)
        raise
    load.finish_run(db_path, run_id, "completed", counts, None, timeout=timeout)
    totals = load.lake_counts(db_path, timeout=timeout)
    report.publish(counts, totals)
    return {**counts, **{f"lake_{k}": v for k, v in totals.items()}}


def _acquire(
    paths: Sequence[str] | None,
    sources: str | None,
    reprocess: bool,
    lake_path: Path,
    db_path: Path,
    batch_size: int,
    timeout: float,
) -> tuple[list[RawRef], list[Reject]]:
    """Raw zone first: every page's bytes are stored before anything reads them."""
    if reprocess and not paths and not sources:
        return [], []
    if paths:
        files = acquire.discover_files(acquire.check_paths(paths))
    elif not sources:
        files = acquire.sample_pages(SAMPLES_DIR)
    else:
        files = []
    refs: list[RawRef] = []
    rejects: list[Reject] = []
    for chunk in chunked(files, batch_size):
        got, bad = stages.store_files(quote(list(chunk)), lake_path)
        refs += got
        rejects += bad
    if sources:
        got, bad = stages.fetch_sources(Path(sources), lake_path, db_path, timeout)
        refs += got
        rejects += bad
    return refs, rejects


def _process(
    pending: Sequence[RawRef],
    index: object,
    batch_size: int,
    db_path: Path,
    lake_path: Path,
    run_id: str,
    timeout: float,
) -> dict[str, int]:
    counts = dict(documents=0, duplicates=0, indicators=0, mentions=0, rejected=0)
    for chunk in chunked(pending, batch_size):
        docs, rejected = stages.decode(quote(list(chunk)), lake_path)
        docs, bad = stages.clean(quote(docs))
        rejected += bad
        signatures = stages.fingerprint_batch(quote(docs))
        docs, bad = stages.extract(quote(docs))
        rejected += bad
        counts["duplicates"] += stages.dedupe_batch(quote(docs), quote(signatures), quote(index))
        stages.load_batch(db_path, quote(docs), quote(signatures), quote(rejected), run_id, timeout)
        counts["documents"] += len(docs)
        counts["indicators"] += sum(len(d.indicators) for d in docs)
        counts["mentions"] += sum(len(d.mentions) for d in docs)
        counts["rejected"] += len(rejected)
    return counts
