"""`newslake facts`: the samples' facts in analysts' units, filters, conflicts with their reports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from newslake.cli import main
from tests.conftest import REPO, Lake

pytestmark = pytest.mark.usefixtures("prefect_api")


@pytest.fixture(scope="module")
def samples_lake(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    root = tmp_path_factory.mktemp("cli-facts")
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    lake.ingest()  # the bundled samples, as `make run` loads them
    return lake


def _facts(lake: Lake, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["facts", "--db", str(lake.db), *args]) == 0
    return capsys.readouterr().out


def test_the_samples_facts_include_one_agreed_by_two_publishers(
    samples_lake: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _facts(samples_lake, capsys)
    assert f"({samples_lake.query('select count(*) from v_facts')[0][0]} rows)" in out
    rows = json.loads(_facts(samples_lake, capsys, "--format", "json"))
    sichuan = next(
        r
        for r in rows
        if (r["metric"], r["region"], r["period"], r["kind"])
        == ("地区生产总值", "四川省", "2023", "actual")
    )
    assert (sichuan["value"], sichuan["unit"], sichuan["status"]) == ("60132.9", "亿元", "agreed")
    assert sichuan["sources"] >= 2 and sichuan["value_base"] == 6013290000000.0
    assert any(r["status"] == "agreed" and r["sources"] >= 2 for r in rows)


def test_filters_read_a_series(samples_lake: Lake, capsys: pytest.CaptureFixture[str]) -> None:
    out = _facts(
        samples_lake, capsys, "--metric", "地区生产总值", "--region", "重庆市", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["period"] for r in rows] == ["2023", "2024", "2027"]
    assert [r["kind"] for r in rows] == ["actual", "target", "target"]
    later = _facts(samples_lake, capsys, "--region", "重庆市", "--since", "2025", "--format", "csv")
    assert {r["period"] for r in csv.DictReader(io.StringIO(later))} == {"2025", "2027"}
    people = _facts(samples_lake, capsys, "--metric", "常住人口", "--region", "重庆市")
    assert "3191.43 | 万人" in people


def test_conflicts_are_listed_with_their_reports(
    lake: Lake, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = REPO / "tests" / "pages" / "facts"
    lake.ingest([pages / "f01_sc_bureau.txt", pages / "f03_weekly_wrong.txt"])
    out = _facts(lake, capsys, "--conflicts")
    assert "(1 row)" in out and "conflict" in out
    assert "reports" in out and "58900亿元" in out and "60132.9亿元" in out
    [fact] = json.loads(_facts(lake, capsys, "--conflicts", "--format", "json"))
    assert [r["agrees"] for r in fact["reports"]] == [True, False]


def test_without_a_lake_it_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "run `newslake run` first" in capsys.readouterr().err
