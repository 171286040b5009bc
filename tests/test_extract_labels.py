"""The labelled set (tests/expected/indicators/): whole-row precision and recall stay above the issue's floor."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bench.eval_extract import Row, evaluate, extract_page, load_labels

PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90


def test_whole_rows_above_the_floor() -> None:
    summary, _ = evaluate()
    # Only the seed corpus may be missing (it lives beside the repo, in ../shared).
    assert all(name.startswith("seed_") for name in summary["pages_skipped"])
    assert summary["labelled_rows"] >= 150
    row = summary["fields"]["row"]
    assert row["precision"] >= PRECISION_FLOOR, summary
    assert row["recall"] >= RECALL_FLOOR, summary


def test_pages_without_indicators_give_none() -> None:
    empty = [(n, ref, rows) for n, ref, rows in load_labels() if not rows]
    assert len(empty) >= 2
    summary, _ = evaluate(empty)
    assert summary["extracted_rows"] == 0


def test_the_circle_figure_of_the_issue_is_a_row(seeds_dir: Path) -> None:
    # 成渝地区双城经济圈 2023年前三季度 地区生产总值 5.9万亿元, 同比增长6.2%, 占全国6.5%
    rows = extract_page(seeds_dir / "001_c60637c99829dc8b.txt")
    assert any(
        (r.metric, r.region, r.period_start, r.period_end, r.value, r.yoy_pct, r.share_pct)
        == (
            "地区生产总值",
            "成渝地区双城经济圈",
            date(2023, 1, 1),
            date(2023, 9, 30),
            5.9e12,
            6.2,
            6.5,
        )
        for r in rows
    )


def test_label_rows_are_complete() -> None:
    for name, _, rows in load_labels():
        for r in rows:
            assert isinstance(r, Row) and r.kind in ("actual", "target"), name
            assert (r.value is None) == (r.unit is None), (name, r)
            figures = (r.value, r.yoy_pct, r.share_pct, r.growth_pct)
            assert any(f is not None for f in figures), (name, r)
            assert (r.growth_pct is None) == (r.growth_basis is None), (name, r)
