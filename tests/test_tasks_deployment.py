"""prefect.yaml's steps: where a deployment's flow runs start on the worker."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from newslake.tasks.deployment import HomeNotFoundError, deployed_from, set_home
from tests.conftest import REPO


def test_deploy_records_the_directory_it_runs_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert deployed_from() == {"directory": str(tmp_path.resolve())}


def test_without_newslake_home_runs_start_where_the_deployment_was_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSLAKE_HOME", raising=False)
    assert set_home(default=str(tmp_path)) == {"directory": str(tmp_path.resolve())}


def test_newslake_home_on_the_worker_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "checkout"
    home.mkdir()
    monkeypatch.setenv("NEWSLAKE_HOME", str(home))
    assert set_home(default=str(tmp_path)) == {"directory": str(home.resolve())}


@pytest.mark.parametrize("default", [None, "", "{{ deployed_from.directory }}"])
def test_no_home_at_all_fails_naming_newslake_home(
    default: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSLAKE_HOME", raising=False)
    with pytest.raises(HomeNotFoundError, match="NEWSLAKE_HOME is not set on this worker"):
        set_home(default=default)


def test_a_recorded_directory_that_is_gone_fails_naming_newslake_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSLAKE_HOME", raising=False)
    gone = tmp_path / "deleted-clone"
    with pytest.raises(HomeNotFoundError) as failed:
        set_home(default=str(gone))
    assert str(gone) in str(failed.value) and "set NEWSLAKE_HOME" in str(failed.value)


def test_newslake_home_that_is_not_a_directory_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSLAKE_HOME", str(tmp_path / "nowhere"))
    with pytest.raises(HomeNotFoundError, match=r"^NEWSLAKE_HOME, '.*nowhere', is not a directory"):
        set_home(default=str(tmp_path))


def test_prefect_yaml_wires_the_steps_and_module_entrypoints() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    assert config["build"] == [{"newslake.tasks.deployment.deployed_from": {"id": "deployed_from"}}]
    assert config["pull"] == [
        {"newslake.tasks.deployment.set_home": {"default": "{{ deployed_from.directory }}"}}
    ]
    entrypoints = {d["name"]: d["entrypoint"] for d in config["deployments"]}
    assert entrypoints == {
        "ingest": "newslake.flows.ingest:ingest",
        "reprocess": "newslake.flows.ingest:ingest",
        "ingest-dask": "newslake.flows.ingest_dask:ingest_dask",
    }
