"""Values in the units analysts read, with the decimals they were written with."""

from __future__ import annotations

import pytest

from newslake.facts.units import analyst_value, for_analysts


@pytest.mark.parametrize(
    ("value", "unit", "text", "shown"),
    [
        (6013290000000.0, "元", "60132.9亿元", ("60132.9", "亿元")),
        (6.01e12, "元", "6.01万亿元", ("60100", "亿元")),
        (3.13e9, "美元", "31.3亿美元", ("31.3", "亿美元")),
        (20820.0, "元", "20820元", ("20820", "元")),  # money under 1亿 stays in 元
        (752000.0, "人", "75.2万人", ("75.2", "万人")),
        (83680000.0, "人", "8368万人", ("8368", "万人")),
        (3e8, "人次", "近3亿人次", ("3", "亿人次")),
        (400.0, "家", "400余家", ("400", "家")),
        (59.49, "%", "59.49%", ("59.49", "%")),
        (500000.0, "辆", "50.0万辆", ("50.0", "万辆")),
        (None, None, "", (None, None)),
    ],
)
def test_analyst_units(value: float | None, unit: str | None, text: str, shown: tuple) -> None:
    assert analyst_value(value, unit, text) == shown


def test_a_fact_row_for_the_command_line() -> None:
    fact = {
        "fact_id": "f1",
        "metric": "地区生产总值",
        "region": "四川省",
        "period_label": None,
        "period_text": "全年",
        "kind": "actual",
        "value": 6013290000000.0,
        "unit": "元",
        "value_text": "60132.9亿元",
        "yoy_pct": 6.0,
        "share_pct": None,
        "status": "agreed",
        "n_documents": 2,
        "n_sources": 2,
    }
    row = for_analysts(fact)
    assert (row["value"], row["unit"], row["period"]) == ("60132.9", "亿元", "全年 (undated)")
    assert for_analysts(fact, full=True)["value_base"] == 6013290000000.0
