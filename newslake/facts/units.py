"""Values in the units analysts read: 亿元 for money from 1e8, 万人 for people from 1e4, % as is.

Money below 1e8 stays in 元 (per-capita income is read as 20820元, not 2.082万元); counts of
people, vehicles, containers … from 1e4 are read in 万, from 1e8 in 亿.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from newslake.facts.bounds import written_steps

# Units never scaled by 万/亿: rates, ages, durations.
_PLAIN = frozenset({"%", "‰", "岁", "天", "小时", "年", "个百分点", "倍"})
_SCALES = ((1e8, "亿"), (1e4, "万"))


def analyst_unit(value: float, unit: str | None) -> tuple[float, str]:
    """(factor, unit) to show a value in: 6013290000000 元 -> (1e8, 亿元)."""
    if not unit or unit in _PLAIN:
        return 1.0, unit or ""
    for factor, prefix in _SCALES:
        if factor < 1e8 and unit.endswith("元"):
            break
        if abs(value) >= factor:
            return factor, prefix + unit
    return 1.0, unit


def analyst_value(
    value: float | None, unit: str | None, value_text: str | None = None
) -> tuple[str | None, str | None]:
    """The value as text in analysts' units, with as many decimals as it was written with."""
    if value is None:
        return None, unit
    factor, shown_unit = analyst_unit(value, unit)
    step, _ = written_steps(value, value_text)
    scaled = value / factor
    # as many decimals as the written figure had in these units (none for a whole 元)
    decimals = max(0, min(6, -math.floor(math.log10(step / factor) + 1e-9))) if step > 0 else 0
    text = f"{scaled:.{decimals}f}"
    if "." in text and not value_text:
        text = text.rstrip("0").rstrip(".")
    return text, shown_unit


# What `newslake facts` prints per fact, and what csv and json add.
COLUMNS = (
    "fact_id",
    "metric",
    "region",
    "period",
    "kind",
    "value",
    "unit",
    "as_written",
    "yoy_pct",
    "share_pct",
    "status",
    "documents",
    "sources",
)
FULL_COLUMNS = (*COLUMNS, "value_base", "unit_base", "period_start", "period_end", "granularity")


def for_analysts(fact: Mapping[str, Any], *, full: bool = False) -> dict[str, object]:
    """A row of v_facts as `newslake facts` prints it: the value in analysts' units.

    `full` adds the base value and unit, the period's dates and its granularity (csv, json).
    """
    value, unit = analyst_value(fact["value"], fact["unit"], fact.get("value_text"))
    period = fact.get("period_label")
    if period is None:
        period = f"{fact['period_text']} (undated)" if fact.get("period_text") else "unknown"
    row: dict[str, object] = {
        "fact_id": fact["fact_id"],
        "metric": fact["metric"],
        "region": fact["region"],
        "period": period,
        "kind": fact["kind"],
        "value": value,
        "unit": unit,
        "as_written": fact.get("value_text"),
        "yoy_pct": fact["yoy_pct"],
        "share_pct": fact["share_pct"],
        "status": fact["status"],
        "documents": fact["n_documents"],
        "sources": fact["n_sources"],
    }
    if full:
        row |= {
            "value_base": fact["value"],
            "unit_base": fact["unit"],
            "period_start": fact.get("period_start"),
            "period_end": fact.get("period_end"),
            "granularity": fact.get("granularity"),
        }
    return row
