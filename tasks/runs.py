"""Runs: each flow run recorded in v_runs from start to finish, with the counts its batches add up.

`recorded_run` opens the run in the lake (creating or migrating the lake first), closes runs that
died as crashed, registers pages a dead run left in the raw zone, and closes the run as completed
or failed, whatever happens.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from prefect import get_run_logger
from prefect.runtime import flow_run

from newslake import lakelock, rawzone
from newslake.derive import Batch
from newslake.settings import Settings
from newslake.store import publish, reports, runs
from newslake.tasks.derive import prune_staged
from newslake.tasks.register import register_raw, report_registered
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
        totals = reports.lake_counts(s.work_db, timeout=s.lock_timeout)
        seconds = {f"seconds_{k}": round(v, 3) for k, v in self.seconds.items()}
        return {**self.counts, **seconds, **{f"lake_{k}": v for k, v in totals.items()}}


@contextmanager
def recorded_run(settings: Settings) -> Iterator[RecordedRun]:
    """The run, opened in the lake and closed as completed or failed whatever happens.

    The run holds its own lock (lake/.runs/<run id>.lock) while it lives, so a later run can tell
    it died if it never closed itself: that run marks it crashed. Closing in a lake that cannot
    take it (a full disk, a lock that stays taken) keeps the original error and leaves the reason
    in the run's lock file, where the next run finds it.
    """
    db, lake, timeout = settings.work_db, settings.lake, settings.lock_timeout
    run = RecordedRun(settings, flow_run.get_id() or uuid.uuid4().hex)
    ensure_write_limit()
    prune_staged(lake)
    with lakelock.RunLock(lake, run.id) as run_lock:
        try:
            with lake_writer(lake, settings.write_timeout, run.id):
                prepare_working_file(settings)
                runs.start_run(db, run.id, flow_run.get_id(), timeout=timeout)
                close_dead_runs(db, lake, run.id, timeout)
                rawzone.remove_stale_temporaries(lake)
                report_registered(register_raw(db, lake, run.id, timeout), lake, run.id)
            yield run
            if run.seconds:
                get_run_logger().info("CPU seconds per step: %s", format_seconds(run.seconds))
        except BaseException as exc:
            _close(run, run_lock, "failed", repr(exc)[:2000])
            raise
        if not _close(run, run_lock, "completed", None):
            raise RuntimeError(f"the run could not be recorded as completed in {db}")


def prepare_working_file(settings: Settings) -> None:
    """Remove a crashed publish's copy; move a lake of the old layout to the working file."""
    done = publish.prepare_working_file(
        settings.work_db, settings.db, timeout=settings.lock_timeout
    )
    if done:
        get_run_logger().warning("%s", done)


def _close(run: RecordedRun, run_lock: lakelock.RunLock, status: str, error: str | None) -> bool:
    """Record how the run ended; if the lake cannot take it, say so and keep it in the run lock."""
    s = run.settings
    try:
        runs.finish_run(s.work_db, run.id, status, run.counts, error, timeout=s.lock_timeout)
    except Exception as secondary:
        run_lock.record_error(error or f"finished, but could not record it: {secondary!r}")
        get_run_logger().error(
            "could not record in the lake that the run %s (%r); the next run marks it crashed",
            status,
            secondary,
        )
        return False
    run_lock.close(forget=True)
    return True


def close_dead_runs(db: Path, lake: Path, own_id: str, timeout: float) -> list[str]:
    """Mark crashed the runs the lake shows running whose process is gone (their lock is free)."""
    closed = []
    for run_id in runs.running_runs(db, timeout=timeout):
        dead = None if run_id == own_id else lakelock.dead_run(lake, run_id)
        if dead is None:
            continue
        error = (
            f"the run's process ({dead.describe()}) ended without closing the run; "
            f"found by run {own_id} at {datetime.now(UTC).isoformat(timespec='seconds')}"
        )
        if dead.error:
            error += f"; it had failed with: {dead.error}"
        runs.close_crashed_run(db, run_id, error, timeout=timeout)
        lakelock.forget_run(lake, run_id)
        closed.append(run_id)
        get_run_logger().warning("run %s had died without closing: marked crashed", run_id)
    return closed


def format_seconds(seconds: Mapping[str, float]) -> str:
    """CPU seconds per step to the millisecond: a small run's steps take hundredths."""
    return ", ".join(f"{step} {value:.3f}" for step, value in seconds.items())
