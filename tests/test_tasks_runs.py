"""Runs as the flow records them: RecordedRun's counts (steps, batches, CPU seconds, progress) and
recorded_run opening and closing the run in a real lake, inside small flows on the test API."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect import flow
from prefect.runtime import flow_run

from newslake import lakelock, progress
from newslake.derive import Batch
from newslake.records import RawRef
from newslake.settings import Settings, load_settings
from newslake.store import runs
from newslake.store.connection import reading
from newslake.tasks.runs import RecordedRun, format_seconds, recorded_run


def _settings(tmp_path: Path) -> Settings:
    return load_settings(
        db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake", lock_timeout=5
    )


def _batch(no: int, pages: int, counts: dict[str, int], seconds: dict[str, float]) -> Batch:
    seen = datetime(2024, 3, 1, tzinfo=UTC)
    refs = [RawRef(f"/pages/{no}-{i}.html", f"{no:02d}{i:062d}", 100, seen) for i in range(pages)]
    batch = Batch(no=no, key=f"key-{no}", refs=refs, model=None)
    batch.counts = Counter(counts)
    batch.seconds = dict(seconds)
    return batch


def _run_row(db: Path, run_id: str) -> tuple:
    with reading(db, timeout=5) as con:
        return con.execute(
            "select status, pages_seen, documents, flow_run_id, error, finished_at is not null "
            "from v_runs where run_id = ?",
            [run_id],
        ).fetchone()


# --- counting --------------------------------------------------------------------------------


def test_a_new_run_counts_zero_of_everything_v_runs_keeps(tmp_path: Path) -> None:
    run = RecordedRun(_settings(tmp_path), "run-a")
    assert run.id == "run-a"
    assert run.counts == Counter(dict.fromkeys(runs.RUN_COUNTS, 0))
    assert list(run.counts) == list(runs.RUN_COUNTS)
    assert (run.seconds, run.pages_to_process, run.pages_processed) == ({}, 0, 0)


def test_add_sums_what_each_step_reports(tmp_path: Path) -> None:
    run = RecordedRun(_settings(tmp_path), "run-a")
    reports: list[tuple[str, str, int, int]] = []
    with progress.watching(lambda *report: reports.append(report)):
        run.add({"pages_seen": 4, "pages_new": 3})
        run.add({"pages_seen": 2, "facts_new": 5})  # a count v_runs does not keep is kept too
    assert run.counts["pages_seen"] == 6
    assert run.counts["pages_new"] == 3
    assert run.counts["facts_new"] == 5
    assert run.counts["documents"] == 0
    assert run.pages_to_process == 0
    assert reports == []  # nothing to process announced: no progress report


@pytest.mark.usefixtures("prefect_api")
def test_batches_add_their_counts_seconds_and_pages_to_the_progress(tmp_path: Path) -> None:
    @flow(name="test-recorded-run-batches")
    def count() -> tuple[RecordedRun, list[tuple[str, str, int, int]]]:
        run = RecordedRun(_settings(tmp_path), "run-b")
        reports: list[tuple[str, str, int, int]] = []
        with progress.watching(lambda *report: reports.append(report)):
            run.add({"pages_seen": 5}, pages_to_process=5)
            run.add_batch(_batch(1, 3, {"documents": 3, "indicators": 7}, {"clean": 0.25}))
            run.add_batch(
                _batch(2, 2, {"documents": 1, "duplicates": 1}, {"clean": 0.5, "extract": 1.125})
            )
        return run, reports

    run, reports = count()
    assert (run.counts["documents"], run.counts["indicators"], run.counts["duplicates"]) == (
        4,
        7,
        1,
    )
    assert run.counts["pages_seen"] == 5
    assert run.seconds == {"clean": 0.75, "extract": 1.125}
    assert (run.pages_processed, run.pages_to_process) == (5, 5)
    assert reports == [
        ("process", "pages processed", 0, 5),
        ("process", "pages processed", 3, 5),
        ("process", "pages processed", 5, 5),
    ]


@pytest.mark.usefixtures("prefect_api")
def test_a_batch_can_be_added_outside_a_flow_run(tmp_path: Path) -> None:
    run = RecordedRun(_settings(tmp_path), "run-c")
    run.add_batch(_batch(1, 2, {"documents": 2}, {"clean": 0.1}))
    assert run.counts["documents"] == 2


def test_the_result_puts_this_runs_counts_beside_the_lakes_totals(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    runs.start_run(settings.work_db, "run-d", None, timeout=5)  # creates the working file
    run = RecordedRun(settings, "run-d")
    run.add({"pages_seen": 2, "pages_rejected": 2})
    run.seconds = {"decode": 0.0123456, "clean": 2.0}
    result = run.result()
    assert result["pages_seen"] == 2 and result["pages_rejected"] == 2
    assert (result["seconds_decode"], result["seconds_clean"]) == (0.012, 2.0)
    assert result["lake_documents"] == 0 and result["lake_facts_conflict"] == 0
    assert sorted(k for k in result if k.startswith("lake_")) == [
        "lake_canonical_documents",
        "lake_documents",
        "lake_duplicates",
        "lake_facts",
        "lake_facts_agreed",
        "lake_facts_conflict",
        "lake_indicators",
        "lake_mentions",
        "lake_rejects",
    ]


def test_cpu_seconds_print_per_step_in_order_to_the_millisecond() -> None:
    assert format_seconds({"extract": 12.34567, "decode": 0.0004}) == "extract 12.346, decode 0.000"
    assert format_seconds({}) == ""


# --- recorded_run in a lake ------------------------------------------------------------------


@pytest.mark.usefixtures("prefect_api")
def test_a_run_is_running_while_it_lives_and_completed_with_its_counts(tmp_path: Path) -> None:
    settings = _settings(tmp_path)

    @flow(name="test-recorded-run-completed")
    def ingest_like() -> tuple[str, str | None, tuple, bool]:
        with recorded_run(settings) as run:
            run.add({"pages_seen": 3, "documents": 2})
            during = _run_row(settings.work_db, run.id)
            locked = lakelock.dead_run(settings.lake, run.id) is None  # its lock is held
        return run.id, flow_run.get_id(), during, locked

    run_id, flow_run_id, during, locked = ingest_like()
    assert run_id == flow_run_id  # the run is the Prefect flow run
    assert during == ("running", 0, 0, flow_run_id, None, False)
    assert locked
    assert _run_row(settings.work_db, run_id) == ("completed", 3, 2, flow_run_id, None, True)
    assert not lakelock.run_lock_path(settings.lake, run_id).exists()  # closed: forgotten
    assert not settings.db.exists()  # recorded_run writes the working file; publish is apart


@pytest.mark.usefixtures("prefect_api")
def test_an_error_in_the_run_closes_it_as_failed_and_is_raised(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    started: list[str] = []

    @flow(name="test-recorded-run-failed")
    def failing() -> None:
        with recorded_run(settings) as run:
            started.append(run.id)
            run.add({"pages_seen": 1})
            raise ValueError("页面无法解析")

    with pytest.raises(ValueError, match="页面无法解析"):
        failing()
    [run_id] = started
    status, pages_seen, _, _, error, finished = _run_row(settings.work_db, run_id)
    assert (status, pages_seen, finished) == ("failed", 1, True)
    assert error == "ValueError('页面无法解析')"
    assert not lakelock.run_lock_path(settings.lake, run_id).exists()


@pytest.mark.usefixtures("prefect_api")
def test_a_run_that_died_without_closing_is_marked_crashed_with_what_it_left(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    runs.start_run(settings.work_db, "ghost", None, timeout=5)  # ... and its process was killed
    with lakelock.RunLock(settings.lake, "ghost") as ghost_lock:
        ghost_lock.record_error("OSError(28, 'No space left on device')")
    assert lakelock.run_lock_path(settings.lake, "ghost").exists()  # released, not forgotten

    @flow(name="test-recorded-run-crashed")
    def next_run() -> str:
        with recorded_run(settings) as run:
            return run.id

    own_id = next_run()
    status, _, _, _, error, finished = _run_row(settings.work_db, "ghost")
    assert (status, finished) == ("crashed", True)
    assert "ended without closing the run; found by run " + own_id in error
    assert error.endswith("; it had failed with: OSError(28, 'No space left on device')")
    assert not lakelock.run_lock_path(settings.lake, "ghost").exists()
    assert _run_row(settings.work_db, own_id)[0] == "completed"
