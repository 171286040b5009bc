"""Reports from the lake: one run's rejects, figures, quality, facts and conflicts, and the lake's
totals, on a small lake whose rows we write ourselves so that each filter has something to drop."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from newslake.store import reports
from newslake.store.connection import apply_schema, writing

THIS, EARLIER = "run-2", "run-1"

# d1 (earlier run) is canonical; d2 repeats it; d3 is new and canonical; d4 is spam (out of every
# view); d5 (earlier run) reports the figure d3 disagrees with.
LAKE_SQL = f"""
insert into documents (doc_id, location, raw_sha256, first_seen_at, title, published_at, source,
    text, original_script, text_hash, text_chars, extractor_version, run_id, processed_at)
values
    ('d1', '/p/a.html', 's1', '2024-01-10 08:00+00', '全市经济运行', '2024-01-10 09:00', '市统计局',
     '全年地区生产总值三万亿元。', 'hans', 'h1', 13, 'x1', '{EARLIER}', '2024-01-10 08:00+00'),
    ('d2', '/p/b.html', 's2', '2024-01-12 08:00+00', '全市经济运行（转载）', '2024-01-12 09:00', '晚报',
     '全年地区生产总值三万亿元。', 'hans', 'h1', 13, 'x1', '{THIS}', '2024-01-12 08:00+00'),
    ('d3', '/p/c.html', 's3', '2024-02-01 08:00+00', '江北区一月工业', '2024-02-01 09:00', '区融媒体中心',
     '一月工业增加值一百二十亿元，增长百分之五。', 'hans', 'h3', 21, 'x1', '{THIS}',
     '2024-02-01 08:00+00'),
    ('d4', '/p/spam.html', 's4', '2024-02-02 08:00+00', '广告', null, null,
     '点击领取优惠。', 'hans', 'h4', 7, 'x1', '{THIS}', '2024-02-02 08:00+00'),
    ('d5', '/p/d.html', 's5', '2024-01-31 08:00+00', '江北工业快报', '2024-01-31 09:00', '江北日报',
     '一月工业增加值一百一十八亿元。', 'hant', 'h5', 15, 'x1', '{EARLIER}', '2024-01-31 08:00+00');

insert into doc_clusters values
    ('d1', 'c1', null, null, null),
    ('d2', 'c1', 'd1', 0.93, 'near');

insert into doc_quality (doc_id, spam_hits, spin_restored, masked_words, flag) values
    ('d1', 0, 0, 0, 'ok'),
    ('d2', 0, 0, 0, 'ok'),
    ('d3', 2, 4, 1, 'ok'),
    ('d4', 7, 0, 0, 'spam'),
    ('d5', 0, 0, 0, 'ok');

insert into indicators (doc_id, seq, metric, region, period_start, period_end, period_text, value,
    unit, value_text, yoy_pct, kind, extractor_version, fact_id)
values
    ('d1', 1, '地区生产总值', '重庆市', '2023-01-01', '2023-12-31', '2023年', 3e12, '元', '3万亿元',
     6.1, 'actual', 'x1', 'f1'),
    ('d2', 1, '地区生产总值', '重庆市', '2023-01-01', '2023-12-31', '2023年', 3e12, '元', '3万亿元',
     6.1, 'actual', 'x1', 'f1'),
    ('d3', 1, '工业增加值', '江北区', '2024-01-01', '2024-01-31', '1月', 1.2e10, '元', '120亿元',
     5.0, 'actual', 'x1', 'f2'),
    ('d3', 2, '固定资产投资', null, null, null, '一季度', null, null, '增长8%', 8.0, 'target',
     'x1', 'f3'),
    ('d4', 1, '工业增加值', '江北区', '2024-01-01', '2024-01-31', '1月', 9e10, '元', '900亿元',
     null, 'actual', 'x1', 'f2'),
    ('d5', 1, '工业增加值', '江北区', '2024-01-01', '2024-01-31', '1月', 1.18e10, '元', '118亿元',
     4.2, 'actual', 'x1', 'f2');

insert into mentions values
    ('d1', 1, 'org', '市统计局', null),
    ('d2', 1, 'org', '市统计局', null),
    ('d3', 1, 'place', '江北区', null),
    ('d3', 2, 'person', '张伟', '区长');

insert into rejects (location, stage, reason, sha256, seen_at, run_id) values
    ('/p/empty.txt', 'decode', 'empty page', null, '2024-02-01 08:00+00', '{THIS}'),
    ('/p/zz.html', 'clean', 'too short', 'z1', '2024-02-01 08:00+00', '{THIS}'),
    ('/p/old.html', 'decode', 'undecodable bytes', 'o1', '2024-01-10 08:00+00', '{EARLIER}');

insert into facts (fact_id, metric, region, period_start, period_end, kind, value, unit, value_text,
    yoy_pct, status, n_reports, n_agreeing, n_documents, n_sources, period_text, fingerprint,
    created_at, updated_at, run_id)
values
    ('f1', '地区生产总值', '重庆市', '2023-01-01', '2023-12-31', 'actual', 3e12, '元', '3万亿元',
     6.1, 'agreed', 2, 2, 2, 2, '2023年', 'fp1', '2024-01-10 08:00+00', '2024-02-01 08:00+00',
     '{THIS}'),
    ('f2', '工业增加值', '江北区', '2024-01-01', '2024-01-31', 'actual', 1.2e10, '元', '120亿元',
     5.0, 'conflict', 2, 1, 2, 2, '1月', 'fp2', '2024-02-01 08:00+00', '2024-02-01 08:00+00',
     '{THIS}'),
    ('f3', '固定资产投资', null, null, null, 'target', null, null, '增长8%', 8.0, 'single', 1, 1,
     1, 1, '一季度', 'fp3', '2024-02-01 08:00+00', '2024-02-01 08:00+00', '{THIS}');

insert into fact_reports values
    ('f1', 'd1', 1, true, true),
    ('f2', 'd3', 1, true, true),
    ('f2', 'd5', 1, false, false),
    ('f3', 'd3', 2, true, true);

insert into fact_changes (run_id, fact_id, change, metric, region, period_start, period_end, kind,
    status, value, yoy_pct, before_status, before_value, before_yoy_pct, changed_at)
values
    ('{EARLIER}', 'f1', 'new', '地区生产总值', '重庆市', '2023-01-01', '2023-12-31', 'actual',
     'single', 3e12, 6.1, null, null, null, '2024-01-10 08:00+00'),
    ('{THIS}', 'f1', 'changed', '地区生产总值', '重庆市', '2023-01-01', '2023-12-31', 'actual',
     'agreed', 3e12, 6.1, 'single', 3e12, 6.1, '2024-02-01 08:00+00'),
    ('{THIS}', 'f2', 'new', '工业增加值', '江北区', '2024-01-01', '2024-01-31', 'actual',
     'conflict', 1.2e10, 5.0, null, null, null, '2024-02-01 08:00+00'),
    ('{THIS}', 'f3', 'new', '固定资产投资', null, null, null, 'target', 'single', null, 8.0, null,
     null, null, '2024-02-01 08:00+00'),
    ('{THIS}', 'f9', 'removed', '社会消费品零售总额', '渝中区', '2023-01-01', '2023-12-31',
     'actual', null, null, null, 'single', 5e10, 3.0, '2024-02-01 08:00+00');
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lake" / ".work" / "newslake.duckdb"
    with writing(path, timeout=5) as con:
        apply_schema(con)
        for statement in LAKE_SQL.split(";"):
            if statement.strip():
                con.execute(statement)
    return path


def test_lake_counts_count_what_the_views_show(db: Path) -> None:
    assert list(reports.lake_counts(db, timeout=5).items()) == [
        ("documents", 4),  # the spam page is not a document
        ("canonical_documents", 3),
        ("duplicates", 1),
        ("indicators", 4),  # from canonical documents only
        ("mentions", 3),
        ("rejects", 3),
        ("facts", 3),
        ("facts_agreed", 1),
        ("facts_conflict", 1),
    ]


def test_an_empty_lake_counts_zero_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with writing(path, timeout=5) as con:
        apply_schema(con)
    counts = reports.lake_counts(path, timeout=5)
    assert len(counts) == 9
    assert set(counts.values()) == {0}


def test_a_run_report_has_its_five_parts_in_order(db: Path) -> None:
    report = reports.run_report(db, THIS, timeout=5)
    assert list(report) == ["rejects", "indicators", "quality", "facts", "conflicts"]


def test_the_report_lists_this_runs_rejects_by_stage_then_location(db: Path) -> None:
    assert reports.run_report(db, THIS, timeout=5)["rejects"] == [
        {"location": "/p/zz.html", "stage": "clean", "reason": "too short"},
        {"location": "/p/empty.txt", "stage": "decode", "reason": "empty page"},
    ]


def test_the_reports_figures_are_this_runs_canonical_documents_only(db: Path) -> None:
    """d1 is the earlier run's, d2 is a copy and d4 is spam: only d3's figures are new."""
    assert reports.run_report(db, THIS, timeout=5)["indicators"] == [
        {
            "region": "江北区",
            "metric": "工业增加值",
            "period_text": "1月",
            "value_text": "120亿元",
            "unit": "元",
            "yoy_pct": 5.0,
            "kind": "actual",
            "url": "/p/c.html",
        },
        {
            "region": None,  # nulls last
            "metric": "固定资产投资",
            "period_text": "一季度",
            "value_text": "增长8%",
            "unit": None,
            "yoy_pct": 8.0,
            "kind": "target",
            "url": "/p/c.html",
        },
    ]


def test_quality_flags_count_every_document_the_run_derived_spam_included(db: Path) -> None:
    assert reports.run_report(db, THIS, timeout=5)["quality"] == [
        {"flag": "ok", "documents": 2, "spam_terms": 2, "spin_restored": 4, "masked_words": 1},
        {"flag": "spam", "documents": 1, "spam_terms": 7, "spin_restored": 0, "masked_words": 0},
    ]


def test_the_runs_new_and_changed_facts_come_conflicts_first(db: Path) -> None:
    facts = reports.run_report(db, THIS, timeout=5)["facts"]
    assert [(f["fact_id"], f["change"], f["status"]) for f in facts] == [
        ("f2", "new", "conflict"),
        ("f3", "new", "single"),  # new before changed
        ("f1", "changed", "agreed"),
    ]  # f9 was removed: not listed
    changed = facts[2]
    assert changed["period_label"] == "2023"
    assert (changed["before_status"], changed["before_value"]) == ("single", 3e12)
    assert (changed["n_documents"], changed["n_sources"]) == (2, 2)
    assert facts[0]["period_label"] == "2024-01"


def test_a_conflict_is_listed_with_every_report_agreeing_ones_first(db: Path) -> None:
    conflicts = reports.run_report(db, THIS, timeout=5)["conflicts"]
    assert [(c["fact_id"], c["url"], c["agrees"]) for c in conflicts] == [
        ("f2", "/p/c.html", True),
        ("f2", "/p/d.html", False),  # the earlier run's document still counts as a report
    ]
    first, second = conflicts
    assert (first["value_text"], first["reported"], first["fact_yoy_pct"]) == (
        "120亿元",
        "120亿元",
        5.0,
    )
    assert (second["source"], second["reported"], second["yoy_pct"]) == ("江北日报", "118亿元", 4.2)
    assert second["published_at"] == datetime(2024, 1, 31, 9, 0)


def test_the_earlier_runs_report_holds_only_its_own_rows(db: Path) -> None:
    report = reports.run_report(db, EARLIER, timeout=5)
    assert report["rejects"] == [
        {"location": "/p/old.html", "stage": "decode", "reason": "undecodable bytes"}
    ]
    assert [(i["url"], i["value_text"]) for i in report["indicators"]] == [
        ("/p/d.html", "118亿元"),
        ("/p/a.html", "3万亿元"),
    ]  # ordered by region: 江北区 before 重庆市
    assert [q["documents"] for q in report["quality"]] == [2]
    assert [(f["fact_id"], f["change"]) for f in report["facts"]] == [("f1", "new")]
    assert report["conflicts"] == []


def test_a_run_the_lake_does_not_know_has_an_empty_report(db: Path) -> None:
    assert reports.run_report(db, "no-such-run", timeout=5) == {
        "rejects": [],
        "indicators": [],
        "quality": [],
        "facts": [],
        "conflicts": [],
    }


def test_reports_on_a_missing_lake_say_to_run_first(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.duckdb"
    with pytest.raises(
        FileNotFoundError, match=r"no lake at .*nowhere\.duckdb: run `newslake run`"
    ):
        reports.lake_counts(missing, timeout=5)
    with pytest.raises(FileNotFoundError, match="no lake at"):
        reports.run_report(missing, THIS, timeout=5)
    assert not missing.exists()  # reading never creates a lake
