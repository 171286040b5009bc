"""Facts end to end: real flow runs over pages we wrote (tests/pages/facts/), real DuckDB files.

f01 (a statistics bureau: 60132.9亿元, 6.0%) and f02 (a portal: 6.01万亿元, 6%; it also reports
Chongqing) agree on Sichuan's 2023 GDP; f03 (a weekly: 58900亿元, 6.2%) conflicts with both; f04
(a 2024 target for Chengdu) and f05 (Chengdu's 2024 actual) are two facts of one key but kind;
f06 (Chongqing's bureau: 30145.79亿元) agrees with f02's 3.01万亿元.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from newslake.store import contract
from tests.conftest import REPO, Lake
from tests.support.prefect_runs import latest_task_states

pytestmark = pytest.mark.usefixtures("prefect_api")

PAGES = REPO / "tests" / "pages" / "facts"
SC_GDP = "metric = '地区生产总值' and region = '四川省' and period_start = date '2023-01-01'"


def _page(name: str) -> Path:
    return PAGES / name


def _facts(lake: Lake, where: str = "true") -> list[tuple]:
    return lake.query(
        "select region, period_label, kind, value_text, yoy_pct, status, n_documents, n_sources "
        f"from v_facts where {where} order by region, period_start, kind"
    )


@pytest.fixture(scope="module")
def facts_lake(prefect_api: None, tmp_path_factory: pytest.TempPathFactory) -> Lake:
    root = tmp_path_factory.mktemp("facts")
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    lake.ingest([PAGES])
    return lake


def test_one_figure_at_two_precisions_from_two_publishers_is_one_agreed_fact(
    lake: Lake,
) -> None:
    result = lake.ingest([_page("f01_sc_bureau.txt"), _page("f02_two_regions_portal.txt")])
    assert result["facts_new"] == len(lake.query("select * from v_facts"))
    assert _facts(lake, SC_GDP) == [
        ("四川省", "2023", "actual", "60132.9亿元", 6.0, "agreed", 2, 2)
    ]
    reports = lake.query(
        f"select r.source, r.value_text, r.agrees, r.chosen from v_fact_reports r "
        f"join v_facts using (fact_id) where {SC_GDP} order by r.source"
    )
    assert reports == [
        ("四川省统计局", "60132.9亿元", True, True),
        ("川渝财经网", "6.01万亿元", True, False),
    ]


def test_a_conflicting_report_marks_the_fact_and_stays_out_of_its_value(facts_lake: Lake) -> None:
    assert _facts(facts_lake, SC_GDP) == [
        ("四川省", "2023", "actual", "60132.9亿元", 6.0, "conflict", 3, 3)
    ]
    verdicts = facts_lake.query(
        f"select r.source, r.agrees from v_fact_reports r join v_facts using (fact_id) "
        f"where {SC_GDP} order by r.published_at"
    )
    assert verdicts == [("四川省统计局", True), ("川渝财经网", True), ("西部经济周刊", False)]


def test_a_page_about_two_regions_reports_two_facts(facts_lake: Lake) -> None:
    rows = facts_lake.query(
        "select f.region, f.status from v_fact_reports r join v_facts f using (fact_id) "
        "where r.url like '%f02_two_regions_portal.txt' and f.metric = '地区生产总值' order by 1"
    )
    assert rows == [("四川省", "conflict"), ("重庆市", "agreed")]


def test_a_target_and_an_actual_of_one_key_are_two_facts(facts_lake: Lake) -> None:
    rows = _facts(facts_lake, "metric = '地区生产总值' and region = '成都市'")
    assert rows == [
        ("成都市", "2024", "actual", "23511.3亿元", 5.7, "single", 1, 1),
        ("成都市", "2024", "target", None, 6.0, "single", 1, 1),
    ]


def test_every_status_and_the_views_contracts(facts_lake: Lake) -> None:
    statuses = {s for (s,) in facts_lake.query("select distinct status from v_facts")}
    assert statuses == {"single", "agreed", "conflict"}
    with duckdb.connect(str(facts_lake.db), read_only=True) as con:
        for view in contract.views():
            if view.name in ("v_indicators", "v_facts", "v_fact_reports", "v_series"):
                assert contract.check_view(con, view) == []
    # every canonical indicator row is one report of its fact, and v_indicators names it
    assert facts_lake.query(
        "select count(*) from v_indicators i left join v_fact_reports r "
        "on r.fact_id = i.fact_id and r.doc_id = i.doc_id and r.sentence = i.sentence "
        "where r.fact_id is null"
    ) == [(0,)]
    assert facts_lake.query("select sum(n_reports) from v_facts") == facts_lake.query(
        "select count(*) from v_indicators"
    )


def test_series_read_in_period_order(facts_lake: Lake) -> None:
    rows = facts_lake.query(
        "select region, granularity, period_label, series_no from v_series "
        "where metric = '地区生产总值' and kind = 'actual' order by region, series_no"
    )
    assert rows == [
        ("四川省", "year", "2023", 1),
        ("成都市", "year", "2024", 1),
        ("重庆市", "year", "2023", 1),
    ]


def test_a_rerun_and_a_reprocess_rewrite_no_fact(lake: Lake) -> None:
    first = lake.ingest([PAGES])
    assert first["facts_new"] > 0 and first["facts_conflict"] == 1
    stamps = lake.query("select fact_id, updated_at, run_id from facts order by fact_id")
    changes = lake.query("select count(*) from fact_changes")
    rerun = lake.ingest([PAGES])
    assert (rerun["facts_new"], rerun["facts_changed"], rerun["facts_removed"]) == (0, 0, 0)
    reprocess = lake.ingest(reprocess=True)  # every document re-derived: every key settled again
    assert reprocess["documents"] == 6
    assert (reprocess["facts_new"], reprocess["facts_changed"], reprocess["facts_removed"]) == (
        0,
        0,
        0,
    )
    assert latest_task_states().get("facts") == "Completed"
    assert lake.query("select fact_id, updated_at, run_id from facts order by fact_id") == stamps
    assert lake.query("select count(*) from fact_changes") == changes
    assert lake.query("select count(*) from facts_pending") == [(0,)]


def test_a_page_that_changes_its_figure_moves_the_fact(lake: Lake, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    page = folder / "portal.txt"
    text = _page("f02_two_regions_portal.txt").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    lake.ingest([folder])
    cq = "metric = '地区生产总值' and region = '重庆市'"
    assert _facts(lake, cq) == [("重庆市", "2023", "actual", "3.01万亿元", 6.1, "single", 1, 1)]
    [(fact_id,)] = lake.query(f"select fact_id from v_facts where {cq}")

    page.write_text(text.replace("3.01万亿元", "3.02万亿元"), encoding="utf-8")
    changed = lake.ingest([folder])
    assert (changed["pages_changed"], changed["facts_changed"], changed["facts_new"]) == (1, 1, 0)
    assert _facts(lake, cq) == [("重庆市", "2023", "actual", "3.02万亿元", 6.1, "single", 1, 1)]
    assert lake.query(f"select fact_id from v_facts where {cq}") == [
        (fact_id,)
    ]  # same key, same id
    assert lake.query(
        "select change, before_value, value from v_fact_changes "
        f"where fact_id = '{fact_id}' order by changed_at"
    ) == [("new", None, 3.01e12), ("changed", 3.01e12, 3.02e12)]

    page.write_text(text.replace("；重庆市地区生产总值3.01万亿元，增长6.1%", ""), encoding="utf-8")
    gone = lake.ingest([folder])
    assert gone["facts_removed"] == 1
    assert lake.query(f"select count(*) from v_facts where {cq}") == [(0,)]
    assert lake.query(f"select count(*) from fact_reports where fact_id = '{fact_id}'") == [(0,)]


def _latest_artifacts(keys: list[str]) -> dict[str, object]:
    """The latest artifact of each key: tables as lists of rows, markdown as text."""
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read() -> dict[str, object]:
        async with get_client() as client:
            found = await client.read_latest_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=keys))
            )
        return {
            a.key: json.loads(a.data) if a.type == "table" and isinstance(a.data, str) else a.data
            for a in found
        }

    return asyncio.run(read())


def test_the_run_publishes_new_facts_and_conflicts(lake: Lake, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("f01_sc_bureau.txt", "f03_weekly_wrong.txt"):
        shutil.copy(_page(name), folder / name)
    result = lake.ingest([folder])
    artifacts = _latest_artifacts(["ingest-counts", "ingest-facts", "ingest-conflicts"])
    counts = {row["stage"]: row["this run"] for row in artifacts["ingest-counts"]}
    assert counts["facts new"] == result["facts_new"] > 0
    assert counts["facts in conflict"] == 1
    first = artifacts["ingest-facts"][0]
    assert (first["region"], first["status"], first["change"]) == ("四川省", "conflict", "new")
    markdown = artifacts["ingest-conflicts"]
    assert isinstance(markdown, str)
    assert "58900亿元" in markdown and "**no**" in markdown and "60132.9亿元" in markdown
