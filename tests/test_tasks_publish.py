"""The publish task: the analysts' file becomes a read-only snapshot of the working file, under the
lake's write slot; a passing I/O error is retried, an injected fault (a crash drill) is not."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client

from newslake.settings import Settings, load_settings
from newslake.store import publish, runs
from newslake.store.connection import reading
from newslake.tasks.publish import publish_snapshot
from newslake.tasks.runtime import InjectedFault, transient_io
from tests.test_store_publish import _offset, _save_offset

pytestmark = [
    pytest.mark.usefixtures("prefect_api"),
    # a task called outside a flow run cannot send its log lines to the API; they still print
    pytest.mark.filterwarnings("ignore:Logger 'prefect.task_runs' attempted to send logs"),
]


def _settings(tmp_path: Path) -> Settings:
    settings = load_settings(
        db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake", lock_timeout=5
    )
    runs.start_run(settings.work_db, "run-1", None, timeout=5)  # the working file, with a run
    return settings


def _run_count(task_run_id: UUID | None) -> int:
    assert task_run_id is not None
    with get_client(sync_client=True) as client:
        return client.read_task_run(task_run_id).run_count


def test_publish_is_an_uncached_step_retried_only_on_passing_io_errors() -> None:
    assert publish_snapshot.name == "publish"
    assert publish_snapshot.task_run_name == "publish"
    assert publish_snapshot.cache_policy is NO_CACHE  # a rerun must copy the file again
    assert (publish_snapshot.retries, publish_snapshot.retry_delay_seconds) == (2, 1)
    assert publish_snapshot.retry_condition_fn is transient_io


def test_the_analysts_file_becomes_a_read_only_copy_of_the_working_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _save_offset(settings.work_db, 11)
    assert not settings.db.exists()

    seconds = publish_snapshot(settings, "run-1")
    assert isinstance(seconds, float) and 0 < seconds < 60
    assert _offset(settings.db) == 11
    with reading(settings.db, timeout=5) as con:
        assert con.execute("select run_id, status from v_runs").fetchall() == [("run-1", "running")]
    assert oct(settings.db.stat().st_mode & 0o777) == "0o444"
    assert not publish.staging_path(settings.db).exists()
    assert settings.work_db.exists()  # the runs keep writing their own file


def test_publishing_again_replaces_the_snapshot_whole(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _save_offset(settings.work_db, 1)
    publish.publish(settings.work_db, settings.db, timeout=5)  # an earlier run's snapshot
    first = settings.db.stat().st_ino
    _save_offset(settings.work_db, 2)
    publish_snapshot(settings, "run-2")
    assert _offset(settings.db) == 2
    assert settings.db.stat().st_ino != first  # a new file renamed over the old one


def test_an_injected_fault_is_not_retried_and_leaves_the_previous_snapshot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(tmp_path)
    _save_offset(settings.work_db, 1)
    publish.publish(settings.work_db, settings.db, timeout=5)  # an earlier run's snapshot
    _save_offset(settings.work_db, 2)
    fault = tmp_path / "fault"
    fault.write_text("publish 1")
    monkeypatch.setenv("NEWSLAKE_FAULT_FILE", str(fault))

    state = publish_snapshot(settings, "run-2", return_state=True)
    assert state.is_failed()
    with pytest.raises(InjectedFault, match=r"injected fault in publish of batch 1"):
        state.result()
    assert _run_count(state.state_details.task_run_id) == 1  # no retry of a drill
    assert _offset(settings.db) == 1  # readers still see the last snapshot
    assert publish.staging_path(settings.db).exists()  # the copy a crash would leave

    fault.unlink()
    publish_snapshot(settings, "run-3")
    assert _offset(settings.db) == 2
    assert not publish.staging_path(settings.db).exists()


def test_an_os_error_is_retried_twice_before_the_publish_fails(tmp_path: Path) -> None:
    """The analysts' path is taken by a folder: the rename fails the same way on every try."""
    settings = _settings(tmp_path)
    settings.db.mkdir()
    (settings.db / "keep").write_text("a folder, not a lake")

    state = publish_snapshot(settings, "run-1", return_state=True)
    assert state.is_failed()
    with pytest.raises(IsADirectoryError):
        state.result()
    assert _run_count(state.state_details.task_run_id) == 3  # the first try and two retries
    assert (settings.db / "keep").read_text() == "a folder, not a lake"
