"""The `newslake` command: clear errors for bad input, and `sql` printing real rows."""

from __future__ import annotations

import json
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
