"""Derive: the CPU-bound steps of a batch as one cached Prefect task, run several batches at once.

The task's result is persisted under lake/staged/ and cached under the batch's content hash plus
the code version: a retried flow run, or a rerun on the same pages with the same code, picks
finished batches up instead of recomputing them. It never touches the database, so it can run in
a process pool or on Dask workers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from prefect import Task, task
from prefect.context import TaskRunContext
from prefect.filesystems import LocalFileSystem
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run
from prefect.states import State

from newslake import derive as steps
from newslake.boilerplate import LineCounts
from newslake.derive import Batch
from newslake.settings import Settings
from newslake.store import documents
from newslake.tasks.runtime import check_fault, lake_io_task
from newslake.version import code_version


def batch_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same pages + same code = same result, whichever run or retry asks (the file name of the
    result under lake/staged/)."""
    return _staged_key(context.task.name, parameters["batch"])


def _staged_key(task_name: str, batch: Batch) -> str:
    return f"{task_name}-{code_version()}-{batch.key}"


@task(
    name="derive",
    task_run_name="derive-{batch.no}",
    cache_key_fn=batch_cache_key,
    persist_result=True,
)
def derive(batch: Batch, lake: Path) -> Batch:
    """Decode, clean, strip boilerplate, fingerprint and extract one batch in one task.

    One task, not five: every task hop pickles the batch (about 2 MB for 200 pages) to a worker
    and back, and persisted results per step cost about 43 KB of disk per page. The steps stay
    separate pure functions; their times are counted per step.
    """
    return steps.derive_batch(batch, lake, before_step=check_fault)


@lake_io_task("line-counts")
def boilerplate_model(db: Path, replaced: Sequence[str], run_id: str, timeout: float) -> LineCounts:
    """The boilerplate model: how many pages of each site carry each line, at run start."""
    rows = documents.line_counts(db, replaced=replaced, run_id=run_id, timeout=timeout)
    return LineCounts.from_rows(
        [(site, n) for site, key, n in rows if key is None],
        [(site, key, n) for site, key, n in rows if key is not None],
    )


def derived_in_order(batches: Sequence[Batch], settings: Settings) -> Iterator[Batch]:
    """Derive batches on the task runner, a bounded window at a time, yielding them in order.

    A single batch runs in this process: spinning up workers would cost more than it saves.
    """
    derive_staged = staged(derive, settings.lake)
    if len(batches) == 1:
        # return_state: the state says whether the batch came from lake/staged/
        state = cast("State[Batch]", derive_staged(batches[0], settings.lake, return_state=True))
        yield unstage_if_cut(_this_run(state.result(), state, settings.lake), settings.lake)
        return
    window = 2 * settings.worker_count  # bounds memory: batches in flight
    in_flight: deque[PrefectFuture[Batch]] = deque()
    for batch in batches:
        in_flight.append(derive_staged.submit(batch, settings.lake))
        if len(in_flight) >= window:
            yield _finished(in_flight.popleft(), settings.lake)
    while in_flight:
        yield _finished(in_flight.popleft(), settings.lake)


def _finished(future: PrefectFuture[Batch], lake: Path) -> Batch:
    batch = future.result()
    return unstage_if_cut(_this_run(batch, future.state, lake), lake)  # the state is known by now


def _this_run(batch: Batch, state: State, lake: Path) -> Batch:
    """A batch read back from lake/staged/ cost this run no CPU: its step times are not ours.
    Its file is touched, so pruning counts a week from its last use, not from its writing."""
    if state.name == "Cached":
        batch.seconds = {}
        with contextlib.suppress(FileNotFoundError):
            os.utime(staged_result(lake, batch))
    return batch


def staged_result(lake: Path, batch: Batch) -> Path:
    """The file under lake/staged/ that keeps derive's result for this batch (its cache key)."""
    return lake / "staged" / _staged_key(derive.name, batch)


def unstage_if_cut(batch: Batch, lake: Path) -> Batch:
    """A batch whose time budget ran out is not kept in lake/staged/: a retry or a reprocess
    must derive its skipped pages, not be handed the cut result again."""
    if any(r.retryable for r in batch.rejects):
        staged_result(lake, batch).unlink(missing_ok=True)
    return batch


def prune_staged(lake: Path, max_age_days: float = 7.0) -> int:
    """Forget staged batch results nobody used for a week (a use touches the file); the raw
    zone can rebuild them."""
    folder = lake / "staged"
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age_days * 86400
    old = [p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def staged(step: Task[..., Batch], lake: Path) -> Task[..., Batch]:
    """The task with its results kept under the lake (lake/staged/), where a retry finds them."""
    return step.with_options(result_storage=_staging_storage(lake.resolve(), flow_run.get_id()))


@lru_cache(maxsize=8)
def _staging_storage(lake: Path, flow_run_id: str | None) -> LocalFileSystem:
    # Prefect wants result storage saved as a block; one block per lake directory.
    storage = LocalFileSystem(basepath=str(lake / "staged"))
    name = "newslake-staged-" + hashlib.sha256(str(lake).encode()).hexdigest()[:12]
    storage.save(name, overwrite=True)
    return storage
