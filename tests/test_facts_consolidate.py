"""Consolidation: reports of one key become one fact, rounding-aware, with each report's verdict."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from newslake.facts import consolidate, consolidate_sorted
from newslake.records import FactReport

YI = 1e8


def _report(
    doc_id: str,
    value: float | None,
    text: str = "",
    *,
    yoy: float | None = None,
    qualifier: str | None = None,
    unit: str | None = "元",
    source: str | None = None,
    published: datetime | None = None,
    seq: int = 0,
    share: float | None = None,
    fact_id: str = "f-sc-gdp-2023",
) -> FactReport:
    return FactReport(
        fact_id=fact_id,
        doc_id=doc_id,
        seq=seq,
        metric="地区生产总值",
        region="四川省",
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        kind="actual",
        value=value,
        unit=unit if value is not None else None,
        value_text=text,
        qualifier=qualifier,
        yoy_pct=yoy,
        share_pct=share,
        period_text="2023年",
        source=source or f"publisher of {doc_id}",
        published_at=published,
    )


BUREAU = _report("bureau", 60132.9 * YI, "60132.9亿元", yoy=6.0, published=datetime(2024, 1, 26))
PORTAL = _report("portal", 6.01e12, "6.01万亿元", yoy=6.0, published=datetime(2024, 2, 21))
WEEKLY = _report("weekly", 58900 * YI, "58900亿元", yoy=6.0, published=datetime(2024, 3, 1))


def test_one_report_is_a_single_fact() -> None:
    result = consolidate([BUREAU])
    fact = result.fact
    assert (fact.status, fact.value, fact.value_text, fact.yoy_pct) == (
        "single",
        BUREAU.value,
        "60132.9亿元",
        6.0,
    )
    assert (fact.n_reports, fact.n_documents, fact.n_sources) == (1, 1, 1)
    assert result.agrees == (True,) and result.chosen == 0


def test_two_publishers_at_different_precisions_agree_on_the_precise_value() -> None:
    result = consolidate([PORTAL, BUREAU])
    fact = result.fact
    assert fact.status == "agreed"
    assert fact.value == BUREAU.value and fact.value_text == "60132.9亿元"
    assert result.agrees == (True, True) and result.chosen == 1
    assert (fact.n_documents, fact.n_sources, fact.n_agreeing) == (2, 2, 2)
    assert fact.first_reported_at == datetime(2024, 1, 26)
    assert fact.last_reported_at == datetime(2024, 2, 21)


def test_a_figure_outside_the_rounding_is_a_conflict() -> None:
    result = consolidate([PORTAL, BUREAU, WEEKLY])
    assert result.fact.status == "conflict"
    assert result.fact.value == BUREAU.value
    assert result.agrees == (True, True, False)
    assert (result.fact.n_reports, result.fact.n_agreeing) == (3, 2)


def test_growth_6_agrees_with_6_0_and_6_2_conflicts() -> None:
    same = _report("other", None, yoy=6.0)  # 6% and 6.0% are the same rate
    assert consolidate([BUREAU, same]).fact.status == "agreed"
    off = _report("off", None, yoy=6.2, published=datetime(2024, 5, 1))
    result = consolidate([BUREAU, PORTAL, off])
    assert result.fact.status == "conflict" and result.agrees == (True, True, False)
    assert result.fact.yoy_pct == 6.0


def test_a_report_without_growth_agrees_with_any_growth() -> None:
    plain = _report("plain", 6.01e12, "6.01万亿元")
    result = consolidate([plain, BUREAU])
    assert result.fact.status == "agreed" and result.fact.yoy_pct == 6.0


def test_growth_only_reports_agree_on_the_rate() -> None:
    a = _report("a", None, yoy=6.1, published=datetime(2024, 1, 2))
    b = _report("b", None, yoy=6.1, published=datetime(2024, 1, 3))
    result = consolidate([b, a])
    assert result.fact.status == "agreed"
    assert (result.fact.value, result.fact.unit, result.fact.yoy_pct) == (None, None, 6.1)
    assert result.chosen == 1  # the earliest of two equally precise rates


def test_a_tie_between_groups_goes_to_the_earliest_publication() -> None:
    early = _report("early", 100 * YI, "100亿元", published=datetime(2024, 1, 1))
    late = _report("late", 200 * YI, "200亿元", published=datetime(2024, 1, 2))
    undated = _report("undated", 300 * YI, "300亿元")
    for order in ([late, early, undated], [undated, early, late]):
        result = consolidate(order)
        assert result.fact.value == early.value and result.fact.status == "conflict"


def test_agreement_is_not_transitive_so_groups_are_judged_whole() -> None:
    # 60149亿 and 60132.9亿 both round to 6.01万亿 but not to each other: two groups of two.
    other = _report("other", 60149 * YI, "60149亿元", published=datetime(2024, 3, 1))
    result = consolidate([PORTAL, BUREAU, other])
    assert result.fact.status == "conflict"
    assert result.agrees == (True, True, False)  # the group with the earliest report wins
    assert result.fact.value == BUREAU.value


def test_the_largest_group_counts_documents_not_rows() -> None:
    repeated = [_report("one", 100 * YI, "100亿元", seq=i) for i in range(3)]
    others = [_report(d, 200 * YI, "200亿元") for d in ("two", "three")]
    result = consolidate(repeated + others)
    assert result.fact.value == 200 * YI
    assert result.agrees == (False, False, False, True, True)


def test_one_document_repeating_a_figure_is_still_single() -> None:
    rows = [_report("one", 100 * YI, "100亿元", seq=i) for i in range(2)]
    fact = consolidate(rows).fact
    assert (fact.status, fact.n_reports, fact.n_documents) == ("single", 2, 1)


def test_amounts_in_different_units_never_agree() -> None:
    yuan = _report("yuan", 9574.2 * YI, "9574.2亿元", published=datetime(2024, 1, 1))
    dollars = _report("usd", 1345 * YI, "1345亿美元", unit="美元")
    result = consolidate([yuan, dollars])
    assert result.fact.status == "conflict" and result.fact.unit == "元"


def test_more_than_agrees_with_a_precise_value_above_it() -> None:
    over = _report("over", 6e12, "突破6万亿元", qualifier="超", published=datetime(2024, 1, 1))
    result = consolidate([over, BUREAU])
    assert result.fact.status == "agreed" and result.fact.value == BUREAU.value
    under = _report("under", 5.9e12, "5.9万亿元")
    assert consolidate([over, under]).fact.status == "conflict"


def test_the_share_is_the_chosen_reports_else_the_earliest() -> None:
    with_share = _report("s", 6.01e12, "6.01万亿元", share=4.8, published=datetime(2024, 4, 1))
    assert consolidate([BUREAU, with_share]).fact.share_pct == 4.8


def test_the_result_does_not_depend_on_the_order_of_reports() -> None:
    reports = [PORTAL, BUREAU, WEEKLY, _report("x", None, yoy=6.0), _report("y", 6e12, "6万亿元")]
    expected = consolidate(reports)
    rng = random.Random(7)
    for _ in range(10):
        shuffled = reports[:]
        rng.shuffle(shuffled)
        got = consolidate(shuffled)
        assert got.fact == expected.fact and got.fingerprint == expected.fingerprint


def test_the_fingerprint_moves_with_the_fact_or_a_verdict() -> None:
    base = consolidate([PORTAL, BUREAU]).fingerprint
    assert consolidate([BUREAU, PORTAL]).fingerprint == base
    assert consolidate([PORTAL, BUREAU, WEEKLY]).fingerprint != base
    revised = _report("bureau", 60133.0 * YI, "60133.0亿元", yoy=6.0, published=BUREAU.published_at)
    assert consolidate([PORTAL, revised]).fingerprint != base


def test_reports_grouped_by_fact_id_become_one_fact_each() -> None:
    other = _report("c", 1.0 * YI, "1.0亿元", fact_id="f-other")
    facts = [result.fact.fact_id for _, result in consolidate_sorted([BUREAU, PORTAL, other])]
    assert facts == ["f-sc-gdp-2023", "f-other"]


def test_no_reports_is_an_error() -> None:
    with pytest.raises(ValueError):
        consolidate([])
