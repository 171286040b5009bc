"""The wheel: its only top-level package is `newslake`, and installed in a fresh virtualenv it runs
the bundled samples from any directory (no checkout needed)."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
    )
    [built] = out.glob("newslake-*.whl")
    return built


def test_the_only_top_level_package_is_newslake(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"newslake"}
    for expected in (
        "newslake/flows/ingest.py",
        "newslake/tasks/derive.py",
        "newslake/sql/schema/004_documents.sql",
        "newslake/sql/views/v_indicators.sql",
        "newslake/sql/views/contract.toml",
        "newslake/sql/queries/insert_documents.sql",
        "newslake/samples/01_cq_gdp_2023.html",
        "newslake/samples/12_bashu_culture_week",
        "newslake/lexicons/metrics.toml",
    ):
        assert expected in names, expected


def test_installed_in_a_fresh_venv_it_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(REPO / "constraints.txt"),
            str(wheel),
        ],
        check=True,
        timeout=900,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    run = subprocess.run(
        [str(env_dir / "bin" / "newslake"), "run"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert re.search(r"^pages seen\s+14$", run.stdout, re.MULTILINE), run.stdout
    query = subprocess.run(
        [
            str(env_dir / "bin" / "newslake"),
            "sql",
            "select count(*) as n from v_documents",
            "--format",
            "csv",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert query.stdout.splitlines() == ["n", "14"], query.stderr
    # the installed code is the wheel's, not the checkout's
    where = subprocess.run(
        [str(python), "-c", "import newslake, sys; print(newslake.__file__); import tasks"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.startswith(str(env_dir)) and "No module named 'tasks'" in where.stderr
