"""Runs: each flow run recorded in v_runs from start to finish, with the counts its batches add up.

`recorded_run` opens the run in the lake (creating or migrating the lake first), registers pages
a dead run left in the raw zone, and closes the run as completed or failed, whatever happens.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from prefect import get_run_logger
from prefect.runtime import flow_run

from newslake.derive import Batch
from newslake.settings import Settings
from newslake.store import reports, runs
from newslake.tasks.derive import prune_staged
from newslake.tasks.register import register_raw
from newslake.tasks.report import Progress
from newslake.tasks.runtime import ensure_write_limit, lake_writer


class RecordedRun:
    """The run's id and its counts so far: pages by status, then what each batch reports."""

    def __init__(self, settings: Settings, run_id: str) -> None:
        self.settings = settings
        self.id = run_id
        self.counts: Counter[str] = Counter(dict.fromkeys(runs.RUN_COUNTS, 0))
        self.seconds: dict[str, float] = {}  # CPU-bound steps, summed over the workers
        self.progress = Progress("process", "pages processed")
        self.pages_to_process = 0
        self.pages_processed = 0

    def add(self, counts: Mapping[str, int], *, pages_to_process: int = 0) -> None:
        """Add what a step did (the pages registration found, say)."""
        self.counts.update(counts)
        self.pages_to_process += pages_to_process
        if pages_to_process:
            self.progress(self.pages_processed, self.pages_to_process)

    def add_batch(self, batch: Batch) -> None:
        """Add what a loaded batch reports; its pages move the progress artifact on."""
        self.counts.update(batch.counts)
        for step, seconds in batch.seconds.items():
            self.seconds[step] = self.seconds.get(step, 0.0) + seconds
        self.pages_processed += len(batch.refs)
        self.progress(self.pages_processed, self.pages_to_process)

    def result(self) -> dict[str, float]:
        """This run's counts beside the lake's totals, as the CLI summary prints them."""
        s = self.settings
        totals = reports.lake_counts(s.db, timeout=s.lock_timeout)
        seconds = {f"seconds_{k}": round(v, 3) for k, v in self.seconds.items()}
        return {**self.counts, **seconds, **{f"lake_{k}": v for k, v in totals.items()}}


@contextmanager
def recorded_run(settings: Settings) -> Iterator[RecordedRun]:
    db, lake, timeout = settings.db, settings.lake, settings.lock_timeout
    run = RecordedRun(settings, flow_run.get_id() or uuid.uuid4().hex)
    ensure_write_limit()
    prune_staged(lake)
    try:
        with lake_writer():
            runs.start_run(db, run.id, flow_run.get_id(), timeout=timeout)
            recovered = register_raw(db, lake, run.id, timeout)
        if recovered.new or recovered.changed:
            get_run_logger().warning(
                "recovered %d pages stored by an earlier run that died",
                len(recovered.new) + len(recovered.changed),
            )
        yield run
        if run.seconds:
            get_run_logger().info("CPU seconds per step: %s", format_seconds(run.seconds))
    except BaseException as exc:
        runs.finish_run(db, run.id, "failed", run.counts, repr(exc)[:2000], timeout=timeout)
        raise
    runs.finish_run(db, run.id, "completed", run.counts, None, timeout=timeout)


def format_seconds(seconds: Mapping[str, float]) -> str:
    """CPU seconds per step to the millisecond: a small run's steps take hundredths."""
    return ", ".join(f"{step} {value:.3f}" for step, value in seconds.items())
