"""Facts in the lake: loads mark the keys they touch, and the facts step rewrites only what moved."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from newslake.records import Document, Indicator, Quality
from newslake.store import documents, facts
from newslake.store.connection import apply_schema, reading, writing

YEAR = (date(2023, 1, 1), date(2023, 12, 31))


def _gdp(text: str, value: float, *, region: str = "四川省", period=YEAR, kind="actual", yoy=6.0):
    return Indicator(
        "地区生产总值",
        region,
        period[0],
        period[1],
        "2023年",
        value,
        "元",
        text,
        yoy_pct=yoy,
        kind=kind,
    )


def _doc(
    doc_id: str,
    *rows: Indicator,
    source: str | None = None,
    published: datetime | None = None,
    cluster: str | None = None,
) -> Document:
    doc = Document(doc_id, f"/p/{doc_id}.txt", "0" * 64, datetime(2025, 1, 2, tzinfo=UTC))
    doc.text = f"{doc_id} 的正文。"
    doc.text_hash = f"h-{doc_id}"
    doc.source = source or f"{doc_id}报"
    doc.published_at = published
    doc.quality = Quality()
    doc.cluster_id = cluster or doc_id
    doc.indicators = list(rows)
    return doc


def _load(db: Path, *docs: Document, run: str = "r1") -> None:
    documents.load_documents(db, list(docs), {}, "v1", run, timeout=5)


def _rows(db: Path, sql: str) -> list[tuple]:
    with reading(db, timeout=5) as con:
        return con.execute(sql).fetchall()


def _facts(db: Path) -> list[tuple]:
    return _rows(
        db,
        "select region, kind, value_text, status, n_documents, n_sources from v_facts "
        "order by region, kind, value_text",
    )


BUREAU = _gdp("60132.9亿元", 60132.9e8)
PORTAL = _gdp("6.01万亿元", 6.01e12)


def test_two_publishers_agree_and_the_ids_line_up(db: Path) -> None:
    _load(db, _doc("a", BUREAU, published=datetime(2024, 1, 26)), _doc("b", PORTAL))
    update = facts.update_facts(db, "r1", timeout=5)
    assert update.counts() == {
        "facts_new": 1,
        "facts_changed": 0,
        "facts_removed": 0,
        "facts_conflict": 0,
    }
    assert _facts(db) == [("四川省", "actual", "60132.9亿元", "agreed", 2, 2)]
    assert _rows(db, "select count(*) from facts_pending") == [(0,)]
    [(fact_id,)] = _rows(db, "select fact_id from v_facts")
    assert _rows(db, "select distinct fact_id from v_indicators") == [(fact_id,)]
    assert sorted(_rows(db, "select doc_id, agrees, chosen from v_fact_reports")) == [
        ("a", True, True),
        ("b", True, False),
    ]


def test_the_same_key_has_the_same_id_in_another_lake(db: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "lake.duckdb"
    with writing(other, timeout=5) as con:
        apply_schema(con)
    for path in (db, other):
        _load(path, _doc("x", BUREAU))
        facts.update_facts(path, "r", timeout=5)
    assert _rows(db, "select fact_id from v_facts") == _rows(other, "select fact_id from v_facts")


def test_unknown_periods_and_kinds_key_facts_apart(db: Path) -> None:
    undated = _gdp("6.1万亿元", 6.1e12, period=(None, None))
    target = _gdp("6.5万亿元", 6.5e12, kind="target")
    _load(db, _doc("a", BUREAU, undated, target))
    facts.update_facts(db, "r1", timeout=5)
    rows = _rows(db, "select period_start, kind, value_text, status from v_facts order by 1, 2")
    assert rows == [
        (date(2023, 1, 1), "actual", "60132.9亿元", "single"),
        (date(2023, 1, 1), "target", "6.5万亿元", "single"),
        (None, "actual", "6.1万亿元", "single"),
    ]
    assert _rows(db, "select count(distinct fact_id) from v_indicators") == [(3,)]


def test_nothing_pending_writes_nothing(db: Path) -> None:
    _load(db, _doc("a", BUREAU), _doc("b", PORTAL))
    facts.update_facts(db, "r1", timeout=5)
    before = _rows(db, "select fact_id, updated_at, run_id from facts")
    assert facts.update_facts(db, "r2", timeout=5).settled == 0
    assert _rows(db, "select fact_id, updated_at, run_id from facts") == before


def test_reloading_the_same_rows_settles_them_without_rewriting(db: Path) -> None:
    _load(db, _doc("a", BUREAU), _doc("b", PORTAL))
    facts.update_facts(db, "r1", timeout=5)
    before = _rows(db, "select fact_id, updated_at, run_id from facts")
    _load(db, _doc("a", BUREAU), run="r2")  # a reprocess that derives the same row
    assert _rows(db, "select count(*) from facts_pending") == [(1,)]
    update = facts.update_facts(db, "r2", timeout=5)
    assert update.settled == 1 and update.counts()["facts_changed"] == 0
    assert _rows(db, "select fact_id, updated_at, run_id from facts") == before
    assert _rows(db, "select count(*) from fact_changes where run_id = 'r2'") == [(0,)]


def test_a_changed_figure_moves_the_fact_and_is_logged(db: Path) -> None:
    _load(db, _doc("a", BUREAU, published=datetime(2024, 1, 26)), _doc("b", PORTAL))
    facts.update_facts(db, "r1", timeout=5)
    wrong = _gdp("58900亿元", 58900e8)
    _load(db, _doc("b", wrong, published=datetime(2024, 2, 1)), run="r2")
    update = facts.update_facts(db, "r2", timeout=5)
    assert len(update.changed) == 1 and update.conflict == 1
    assert _facts(db) == [("四川省", "actual", "60132.9亿元", "conflict", 2, 2)]
    assert _rows(
        db, "select change, status, before_status from v_fact_changes where run_id = 'r2'"
    ) == [("changed", "conflict", "agreed")]
    assert sorted(_rows(db, "select doc_id, value_text, agrees from v_fact_reports")) == [
        ("a", "60132.9亿元", True),
        ("b", "58900亿元", False),
    ]


def test_a_fact_whose_last_report_goes_goes_too(db: Path) -> None:
    _load(db, _doc("a", BUREAU), _doc("b", _gdp("18.6亿元", 18.6e8, region="重庆市")))
    facts.update_facts(db, "r1", timeout=5)
    _load(db, _doc("b", _gdp("18.6亿元", 18.6e8, region="成都市")), run="r2")
    update = facts.update_facts(db, "r2", timeout=5)
    assert (len(update.new), len(update.removed)) == (1, 1)
    assert [r[0] for r in _facts(db)] == ["四川省", "成都市"]
    assert _rows(
        db, "select change, region from v_fact_changes where run_id = 'r2' order by 1"
    ) == [
        ("new", "成都市"),
        ("removed", "重庆市"),
    ]
    assert _rows(db, "select count(*) from fact_reports where doc_id = 'b'") == [(1,)]


def test_a_copy_that_becomes_canonical_takes_over_the_report(db: Path) -> None:
    _load(db, _doc("late", BUREAU, published=datetime(2024, 3, 1)))
    facts.update_facts(db, "r1", timeout=5)
    # an earlier copy joins the cluster: it is canonical now, and the fact is its report
    _load(db, _doc("early", BUREAU, published=datetime(2024, 1, 1), cluster="late"), run="r2")
    facts.update_facts(db, "r2", timeout=5)
    assert _rows(db, "select doc_id from v_fact_reports") == [("early",)]
    assert _rows(db, "select n_documents, first_reported_at from v_facts") == [
        (1, datetime(2024, 1, 1))
    ]


def test_keys_stay_pending_until_the_facts_step_runs(db: Path) -> None:
    _load(db, _doc("a", BUREAU))  # a run that died before its facts step
    assert _rows(db, "select count(*) from facts_pending") == [(1,)]
    assert _rows(db, "select count(*) from facts") == [(0,)]
    assert facts.update_facts(db, "r2", timeout=5).counts()["facts_new"] == 1


def test_new_rules_settle_every_fact_again(db: Path) -> None:
    _load(db, _doc("a", BUREAU), _doc("b", PORTAL))
    facts.update_facts(db, "r1", timeout=5)
    with writing(db, timeout=5) as con:
        con.execute("update lake_state set value = 'older rules' where key = 'facts_version'")
    update = facts.update_facts(db, "r2", timeout=5)
    assert update.settled == 1 and update.counts()["facts_changed"] == 0


def test_a_lake_from_before_facts_gets_its_keys_and_facts(db: Path) -> None:
    _load(db, _doc("a", BUREAU))
    with writing(db, timeout=5) as con:
        con.execute("update indicators set fact_id = null")
        con.execute("delete from facts_pending")
        apply_schema(con)  # what the next run's start does
    assert _rows(db, "select count(*) from indicators where fact_id is null") == [(0,)]
    assert facts.update_facts(db, "r2", timeout=5).counts()["facts_new"] == 1


def test_reading_facts_for_the_command_line(db: Path) -> None:
    wrong = _gdp("58900亿元", 58900e8)
    _load(db, _doc("a", BUREAU), _doc("b", PORTAL), _doc("c", wrong))
    _load(db, _doc("d", _gdp("3.01万亿元", 3.01e12, region="重庆市")))
    facts.update_facts(db, "r1", timeout=5)
    assert [f["region"] for f in facts.read_facts(db, timeout=5)] == ["四川省", "重庆市"]
    [conflict] = facts.read_facts(db, conflicts=True, timeout=5)
    assert conflict["region"] == "四川省"
    assert facts.read_facts(db, region="重庆市", since=2024, timeout=5) == []
    reports = facts.read_fact_reports(db, [str(conflict["fact_id"])], timeout=5)
    assert [r["agrees"] for r in reports] == [True, True, False]
