"""The `newslake` command: clear errors for bad input, and `sql` printing real rows."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslake.cli import main
from newslake.settings import SAMPLES_DIR
from tests.conftest import Lake


def test_unreadable_path_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "newslake.cli",
            "run",
            str(tmp_path / "missing"),
            "--db",
            str(tmp_path / "x.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "no such file or directory" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_sql_without_a_lake_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "select 1", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "run `newslake run` first" in capsys.readouterr().err


@pytest.mark.usefixtures("prefect_api")
def test_run_then_sql_prints_indicator_rows(lake: Lake, capsys: pytest.CaptureFixture[str]) -> None:
    page = SAMPLES_DIR / "01_cq_gdp_2023.html"
    assert main(["run", str(page), "--db", str(lake.db), "--lake", str(lake.lake)]) == 0
    summary = capsys.readouterr().out
    assert "pages seen" in summary and "indicators" in summary
    query = "select region, metric, period_text, value, unit from v_indicators"
    assert main(["sql", query, "--db", str(lake.db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {"region", "metric", "period_text", "value", "unit"} <= rows[0].keys()
    assert any(r["metric"] == "地区生产总值" and r["unit"] == "元" for r in rows)
    assert main(["sql", query, "--db", str(lake.db)]) == 0
    table = capsys.readouterr().out
    assert "地区生产总值" in table and table.rstrip().endswith("rows)")
    assert main(["sql", "select * from no_such_view", "--db", str(lake.db)]) == 1
    assert "no_such_view" in capsys.readouterr().err


def test_prefect_server_api_imports() -> None:
    """A dependency that breaks Prefect's server (e.g. a too-new fastapi) must fail CI."""
    import prefect.server.api  # noqa: F401
    from prefect.server.api.server import create_app

    assert create_app() is not None


# --- the console of `newslake run` ------------------------------------------------------------

EXIT_ERROR = "Error logging to API"
RUN_PAGES = ("01_cq_gdp_2023.html", "02_sc_gdp_2023.html", "09_liangjiang_gbk.txt")


def _pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir(exist_ok=True)
    for name in RUN_PAGES:
        shutil.copy2(SAMPLES_DIR / name, folder / name)
    return folder


def _newslake_run(
    tmp_path: Path, *args: str, api_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`newslake run` as a user types it: Prefect's default logging, its own PREFECT_HOME."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    if api_url:
        env["PREFECT_API_URL"] = api_url
    lake = tmp_path / "lake"
    command = [sys.executable, "-m", "newslake.cli", "run", str(_pages(tmp_path)), *args]
    command += ["--db", str(lake / "newslake.duckdb"), "--lake", str(lake)]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=240, check=False
    )


def test_runs_end_when_the_work_ends_with_bars_and_the_summary_only(tmp_path: Path) -> None:
    """A first run and an unchanged rerun, each with its own temporary Prefect API."""
    first = _newslake_run(tmp_path)
    second = _newslake_run(tmp_path)
    for done in (first, second):
        assert done.returncode == 0, done.stderr[-3000:]
        assert EXIT_ERROR not in done.stderr, done.stderr[-3000:]
        assert "Task run" not in done.stderr and "Flow run" not in done.stderr, done.stderr
        assert done.stdout.startswith("newslake run\n"), done.stdout
    assert re.search(r"fetch\s+files read\s.*3/3", first.stderr), first.stderr
    assert re.search(r"process\s+pages processed\s.*3/3", first.stderr), first.stderr
    assert re.search(r"^  unchanged\s+3$", second.stdout, re.MULTILINE), second.stdout
    assert "pages processed" not in second.stderr  # nothing to process


@pytest.mark.usefixtures("prefect_api")
def test_a_quiet_run_still_logs_everything_to_the_server(tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL

    done = _newslake_run(tmp_path, api_url=PREFECT_API_URL.value())
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Finished in state" not in done.stderr, done.stderr
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    [(flow_run_id,)] = lake.query("select flow_run_id from v_runs")
    with get_client(sync_client=True) as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
        )
    messages = [log.message for log in logs]
    assert any("Finished in state Completed()" in m for m in messages), messages
    assert any(m.startswith("CPU seconds per step: decode 0.") for m in messages), messages


@pytest.mark.usefixtures("prefect_api")
def test_verbose_brings_the_task_log_lines_back(tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    done = _newslake_run(tmp_path, "--verbose", api_url=PREFECT_API_URL.value())
    assert done.returncode == 0, done.stderr[-3000:]
    assert re.search(r"Task run 'derive-1' - Finished in state Completed\(\)", done.stderr)
    assert "CPU seconds per step: decode " in done.stderr
    assert "━" not in done.stderr  # log lines instead of bars


def test_sql_refuses_statements_that_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newslake import rawzone
    from newslake.store.connection import apply_schema, writing

    db = tmp_path / "lake" / "newslake.duckdb"
    with writing(db, timeout=5) as con:
        apply_schema(con)
    rawzone.store_bytes(db.parent, "a.txt", b"one")
    journal = db.parent / rawzone.JOURNAL_NAME
    before = journal.read_bytes()
    for query in (
        f"copy (select 'overwritten') to '{journal}' (format csv)",
        f"export database '{tmp_path / 'dump'}'",
    ):
        assert main(["sql", query, "--db", str(db)]) == 2
        assert "only read statements run here" in capsys.readouterr().err
    assert journal.read_bytes() == before and not (tmp_path / "dump").exists()


def test_a_mistake_in_the_sources_file_stops_at_once_without_a_traceback(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "x"\nurls = ["relative/a.html"]\n', encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newslake.cli", "run", "--sources", str(sources)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 2
    assert time.monotonic() - started < 8  # no Prefect start-up
    assert proc.stderr.strip().splitlines() == [
        f"newslake run: {sources}: source #1 ('x'): 'urls' has a URL that is not absolute: "
        "'relative/a.html'"
    ]
