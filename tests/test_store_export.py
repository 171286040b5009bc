"""`newslake export`, and the published sample lake read by the DuckDB CLI of the dev extras."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newslake.cli import main
from newslake.settings import SAMPLES_DIR
from newslake.store import contract
from tests.conftest import Lake

pytestmark = pytest.mark.usefixtures("prefect_api")

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # duckdb-cli 1.5.6, from the dev extras


@pytest.fixture(scope="module")
def sample_lake(tmp_path_factory: pytest.TempPathFactory) -> Lake:
    root = tmp_path_factory.mktemp("export")
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    lake.ingest([SAMPLES_DIR])
    return lake


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_view_once_with_its_rows(
    sample_lake: Lake, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # a second export replaces the first's files
        assert main(["export", str(out), "--format", fmt, "--db", str(sample_lake.db)]) == 0
    printed = capsys.readouterr().out
    names = {v.name for v in contract.views()}
    assert {p.name for p in out.iterdir()} == {f"{name}.{fmt}" for name in names}  # no temps
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    with duckdb.connect() as con:
        for name in names:
            [(expected,)] = sample_lake.query(f"select count(*) from {name}")
            [(written,)] = con.execute(
                f"select count(*) from {reader}(?)", [str(out / f"{name}.{fmt}")]
            ).fetchall()
            assert written == expected, name
            assert f"{name} " in printed
    with duckdb.connect() as con:
        described = con.execute(
            f"select column_name from (describe select * from {reader}(?))",
            [str(out / f"v_indicators.{fmt}")],
        ).fetchall()
    indicators = next(v for v in contract.views() if v.name == "v_indicators")
    assert [c for (c,) in described] == [c.name for c in indicators.columns]


def test_export_without_a_lake_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "out"), "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "run `newslake run` first" in capsys.readouterr().err


def test_the_duckdb_cli_reads_every_view_of_the_published_lake(sample_lake: Lake) -> None:
    for view in contract.views():
        done = subprocess.run(
            [
                str(DUCKDB_CLI),
                "-readonly",
                "-csv",
                str(sample_lake.db),
                f"select * from {view.name}",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, (view.name, done.stderr)
        [(rows,)] = sample_lake.query(f"select count(*) from {view.name}")
        assert len(done.stdout.splitlines()) >= rows + 1, view.name  # header, then the rows
