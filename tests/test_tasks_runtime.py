"""Where the CPU-bound steps run: process pool, Dask cluster or in place, always the same lake."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect import Task
from prefect.cache_policies import NO_CACHE

from newslake.derive import STEPS
from newslake.flows.ingest import with_runner
from newslake.settings import SAMPLES_DIR
from newslake.tasks.runs import format_seconds
from newslake.tasks.runtime import transient_io
from tests.conftest import Lake
from tests.support.prefect_runs import latest_task_states

pytestmark = pytest.mark.usefixtures("prefect_api")

# What a run derives, independent of how it was scheduled.
FINGERPRINT_SQL = {
    "documents": "select doc_id, title, duplicate_of from v_documents order by doc_id",
    "indicators": (
        "select doc_id, metric, region, period_text, value, unit, yoy_pct from v_indicators "
        "order by all"
    ),
    "rejects": "select location, stage from v_rejects order by all",
}


def _derived(lake: Lake) -> dict[str, list[tuple]]:
    return {name: lake.query(sql) for name, sql in FINGERPRINT_SQL.items()}


def _run(lake: Lake, runner: str, address: str | None = None, **kwargs: object) -> dict:
    return with_runner(runner, address)(
        paths=[str(SAMPLES_DIR)], db=str(lake.db), lake=str(lake.lake), **kwargs
    )


def _lake(tmp_path: Path, name: str) -> Lake:
    return Lake(db=tmp_path / name / "newslake.duckdb", lake=tmp_path / name)


def test_process_pool_batches_give_what_one_batch_in_place_gives(tmp_path: Path) -> None:
    inline, pooled = _lake(tmp_path, "inline"), _lake(tmp_path, "pooled")
    _run(inline, "inline")
    result = _run(pooled, "process", batch_size=4)  # 14 samples -> 4 batches in 2 processes
    assert result["documents"] == len(_derived(inline)["documents"])
    assert _derived(pooled) == _derived(inline)
    assert _derived(inline)["indicators"], "the samples carry figures"


def test_dask_cluster_runs_the_cpu_steps(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    reference, on_dask = _lake(tmp_path, "reference"), _lake(tmp_path, "dask")
    _run(reference, "inline")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        _run(on_dask, "dask", cluster.scheduler_address, batch_size=5)
        # The derive steps really ran on the cluster's workers.
        assert client.run_on_scheduler(
            lambda dask_scheduler: sum(
                1 for key in dask_scheduler.task_prefixes if key.startswith("derive")
            )
        )
    assert _derived(on_dask) == _derived(reference)


def test_rerun_on_same_pages_and_code_takes_staged_batches(tmp_path: Path) -> None:
    lake = _lake(tmp_path, "lake")
    _run(lake, "inline", batch_size=5)
    _run(lake, "inline", batch_size=5, reprocess=True)

    states = latest_task_states()
    derive = {name: state for name, state in states.items() if name.split("-")[0] == "derive"}
    assert len(derive) == 3  # 3 batches
    assert set(derive.values()) == {"Cached"}, derive
    assert states["load-1"] == "Completed"  # loading is never skipped: it replaces rows


def test_cpu_seconds_per_step_count_this_runs_work_on_one_batch_or_several(
    tmp_path: Path,
) -> None:
    """One batch runs in the flow's process, several in the pool; staged batches cost nothing."""
    steps = [f"seconds_{name}" for name, _ in STEPS]
    one, several = _lake(tmp_path, "one"), _lake(tmp_path, "several")
    for lake, batch_size in ((one, 200), (several, 5)):  # 14 samples: 1 batch, then 3
        result = _run(lake, "process", batch_size=batch_size)
        assert all(step in result for step in steps), result
        assert result["seconds_clean"] > 0 and result["seconds_extract"] > 0, result
        # 14 pages of real work (a few ms each once earlier tests in this process warmed the
        # extractor's caches on the same samples)
        assert sum(result[step] for step in steps) > 0.01, result

        again = _run(lake, "process", batch_size=batch_size, reprocess=True)
        assert set(latest_task_states().values()) >= {"Cached"}
        assert not [key for key in again if key.startswith("seconds_")], again


def test_step_times_print_to_the_millisecond() -> None:
    assert format_seconds({"decode": 0.0123, "clean": 1.5}) == "decode 0.012, clean 1.500"


# Steps that touch the lake or the raw zone, retried on a passing I/O error; the others are not.
LAKE_IO_TASKS = {
    "store-files",
    "unchanged-files",
    "register-raw",
    "classify-pages",
    "pending-pages",
    "record-rejects",
    "clear-repaired",
    "check-raw",
    "dedupe-index",
    "line-counts",
    "load",
    "facts",
    "publish",
}
NOT_RETRIED = {
    "fetch-sources": "the crawler retries each request itself; a task retry would fetch again",
    "derive": "a failed run is retried whole and finds its finished batches staged",
    "dedupe": "the index grows batch by batch: a repeat would count copies twice",
}


def _all_tasks() -> dict[str, Task]:
    import importlib
    import pkgutil

    import newslake.tasks

    found: dict[str, Task] = {}
    for info in pkgutil.iter_modules(newslake.tasks.__path__):
        module = importlib.import_module(f"newslake.tasks.{info.name}")
        found.update({t.name: t for t in vars(module).values() if isinstance(t, Task)})
    return found


def test_every_step_that_touches_the_lake_is_retried_on_passing_io_errors_only() -> None:
    tasks = _all_tasks()
    assert set(tasks) == LAKE_IO_TASKS | set(NOT_RETRIED), "a new task: say whether it retries"
    for name in LAKE_IO_TASKS:
        step = tasks[name]
        assert (step.retries, step.retry_delay_seconds) == (2, 1), name
        assert step.retry_condition_fn is transient_io, name
        assert step.cache_policy is NO_CACHE, name
    for name, why in NOT_RETRIED.items():
        assert tasks[name].retries == 0, why
