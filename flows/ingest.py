"""The ingest flow: acquire -> raw zone -> decode -> clean -> fingerprint -> extract -> dedupe -> load.

It reads like the data's path and decides nothing about content; every step is a task in
`flows/stages.py` calling pure functions in `tasks/`. The CPU-bound steps of several batches run
at once on the flow's task runner (a process pool by default, Dask when asked); dedupe and load
run here, batch after batch in order, holding the database only for short transactions.
"""

from __future__ import annotations

import os
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from prefect import flow, get_run_logger
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner
from prefect.utilities.annotations import quote
from pydantic import Field

from flows import report, stages
from newslake.records import RawRef, Reject
from newslake.settings import SAMPLES_DIR, Settings, load_settings
from tasks import acquire, load
from tasks.clean.summary import quality_totals

T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def default_workers() -> int:
    """Processes for the CPU-bound steps: NEWSLAKE_WORKERS, else one per core."""
    configured = int(os.environ.get("NEWSLAKE_WORKERS", "0") or 0)
    return configured or os.cpu_count() or 1


def make_task_runner(runner: str, address: str | None = None) -> TaskRunner[Any]:
    if runner == "process":
        return ProcessPoolTaskRunner(max_workers=default_workers())
    if runner == "dask":
        from prefect_dask import DaskTaskRunner  # only needed when asked for

        return DaskTaskRunner(address=address) if address else DaskTaskRunner()
    if runner == "inline":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=1)
    raise ValueError(f"unknown runner {runner!r}: use process, dask or inline")


@flow(name="ingest", log_prints=False, task_runner=make_task_runner("process"))
def ingest(
    paths: list[str] | None = None,
    sources: str | None = None,
    db: str | None = None,
    lake: str | None = None,
    reprocess: bool = False,
    batch_size: Annotated[int | None, Field(ge=1)] = None,
) -> dict[str, int]:
    """Bring pages into the lake and derive documents, duplicates and indicators from them.

    Args:
        paths: Files or folders of pages on the worker's disk; empty means the bundled samples.
        sources: A TOML sources file of URLs and listing pages to fetch over HTTP.
        db: The DuckDB file; empty means NEWSLAKE_DB or lake/newslake.duckdb.
        lake: The raw zone directory; empty means NEWSLAKE_LAKE or lake/.
        reprocess: Re-derive every stored page with the current code, without fetching.
        batch_size: Pages per task; empty means NEWSLAKE_BATCH_SIZE or 200.
    """
    settings = load_settings(db=db, lake=lake, batch_size=batch_size)
    logger = get_run_logger()
    run_id = flow_run.get_id() or uuid.uuid4().hex
    db_path, lake_path, timeout = settings.db, settings.lake, settings.lock_timeout
    stages.ensure_write_limit()
    stages.prune_staged(lake_path)
    counts: dict[str, int] = {}
    try:
        with stages.lake_writer():
            load.start_run(db_path, run_id, flow_run.get_id(), timeout=timeout)
            recovered = stages.register_raw(db_path, lake_path, run_id, timeout)
        if recovered.new or recovered.changed:
            logger.warning(
                "recovered %d pages stored by an earlier run that died",
                len(recovered.new) + len(recovered.changed),
            )
        acquired = _acquire(paths, sources, reprocess, settings)  # network: outside the slot
        with stages.lake_writer():
            registered = stages.register_raw(db_path, lake_path, run_id, timeout)
            counts.update(
                pages_seen=len(acquired.refs) + len(acquired.not_modified) + len(acquired.rejects),
                pages_new=len(registered.new),
                pages_changed=len(registered.changed),
                pages_unchanged=len(registered.unchanged) + len(acquired.not_modified),
            )
            if acquired.rejects:
                stages.record_rejects(db_path, quote(acquired.rejects), run_id, timeout)
            pending = stages.pending_pages(db_path, reprocess, timeout)
            logger.info(
                "%d pages to process (%d unchanged)", len(pending), counts["pages_unchanged"]
            )
            stage_counts = _process(pending, settings, run_id)
            counts.update(
                stage_counts, pages_rejected=len(acquired.rejects) + stage_counts["rejected"]
            )
            load.finish_run(db_path, run_id, "completed", counts, None, timeout=timeout)
    except BaseException as exc:
        load.finish_run(db_path, run_id, "failed", counts, repr(exc)[:2000], timeout=timeout)
        raise
    totals = load.lake_counts(db_path, timeout=timeout)
    report.publish(counts, totals, load.run_report(db_path, run_id, timeout=timeout))
    return {**counts, **{f"lake_{k}": v for k, v in totals.items()}}


class Acquired:
    """What acquisition brought: pages now in the raw zone, URLs answered 304, and rejects."""

    def __init__(self) -> None:
        self.refs: list[RawRef] = []
        self.not_modified: list[str] = []
        self.rejects: list[Reject] = []


def _acquire(
    paths: Sequence[str] | None, sources: str | None, reprocess: bool, settings: Settings
) -> Acquired:
    """Raw zone first: every page's bytes are stored before anything reads them."""
    acquired = Acquired()
    if reprocess and not paths and not sources:
        return acquired
    if paths:
        files = acquire.discover_files(acquire.check_paths(paths))
    elif not sources:
        files = acquire.sample_pages(SAMPLES_DIR)
    else:
        files = []
    for chunk in chunked(files, settings.batch_size):
        got, bad = stages.store_files(quote(list(chunk)), settings.lake)
        acquired.refs += got
        acquired.rejects += bad
    if sources:
        stored, not_modified, bad = stages.fetch_sources(
            Path(sources), settings.lake, settings.db, settings.lock_timeout
        )
        acquired.refs += [ref for _name, ref in stored]
        acquired.not_modified += not_modified
        acquired.rejects += bad
    return acquired


def _process(pending: Sequence[RawRef], settings: Settings, run_id: str) -> dict[str, int]:
    """Derive batches on the task runner, several at once, and load them here in order.

    A single batch runs in this process: spinning up workers would cost more than it saves.
    """
    counts: dict[str, Any] = dict(documents=0, duplicates=0, indicators=0, mentions=0, rejected=0)
    if not pending:  # an unchanged rerun need not load the lake's dedupe index
        return counts
    db, timeout = settings.db, settings.lock_timeout
    replaced = [p.location for p in pending]
    index = stages.dedupe_index(db, quote(replaced), timeout)
    line_counts = stages.line_counts(db, quote(replaced), run_id, timeout)
    derive = stages.staged(stages.derive, settings.lake)
    batches = [
        stages.make_batch(no, chunk, line_counts)
        for no, chunk in enumerate(chunked(pending, settings.batch_size), 1)
    ]
    parallel = len(batches) > 1
    window = 2 * default_workers() if parallel else 1  # bounds memory: batches in flight
    progress = report.Progress("process-progress", "pages processed")
    in_flight: deque[PrefectFuture[stages.Batch] | stages.Batch] = deque()
    done_pages = 0
    step_seconds: dict[str, float] = {}

    def finish(item: PrefectFuture[stages.Batch] | stages.Batch) -> None:
        nonlocal done_pages
        batch = item.result() if isinstance(item, PrefectFuture) else item
        counts["duplicates"] += stages.dedupe_batch(batch, quote(index))
        stages.load_batch(db, batch, run_id, timeout)
        counts["documents"] += len(batch.docs)
        counts["indicators"] += sum(len(d.indicators) for d in batch.docs)
        counts["mentions"] += sum(len(d.mentions) for d in batch.docs)
        counts["rejected"] += len(batch.rejects)
        for key, value in quality_totals(d.quality for d in batch.docs).items():
            counts[key] = counts.get(key, 0) + value
        done_pages += len(batch.refs)
        for step, seconds in batch.seconds.items():
            step_seconds[step] = step_seconds.get(step, 0.0) + seconds
        progress(done_pages, len(pending))

    for batch in batches:
        # decode -> clean -> fingerprint -> extract, on a worker or (one batch) right here
        in_flight.append(
            derive.submit(batch, settings.lake) if parallel else derive(batch, settings.lake)
        )
        if len(in_flight) >= window:
            finish(in_flight.popleft())
    while in_flight:
        finish(in_flight.popleft())
    counts.update({f"seconds_{step}": round(secs, 3) for step, secs in step_seconds.items()})
    if step_seconds:
        get_run_logger().info(
            "CPU seconds per step: %s",
            ", ".join(f"{step} {seconds:.1f}" for step, seconds in step_seconds.items()),
        )
    return counts


def with_runner(runner: str, address: str | None = None) -> Any:
    """The ingest flow on another task runner: `process` (default), `dask` or `inline`."""
    return ingest.with_options(task_runner=make_task_runner(runner, address))
