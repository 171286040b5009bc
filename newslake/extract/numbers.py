"""Finds figures (amounts with units, percentages) in a sentence and converts them to base units.

Only numbers with a unit, a multiplier or a percent sign are figures, so years, dates, phone
numbers, times of day, postal codes, document numbers and URLs never are; ordinals (第22届)
and numbers glued to Latin letters (5G, d88) are skipped explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

import cn2an

from newslake.extract.lexicon import alternation, metrics, starts_with

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A minus sign written before the digits (人口自然增长率-1.79‰, 增速为-2.1%), not a range's dash.
_NEG = r"(?:(?<=[\u4e00-\u9fff:：(（])(?P<neg>[-−]))?"
_CNUM = r"[零〇一二两三四五六七八九十百千]+"
_CN_DIGITS = set("零〇一二两三四五六七八九")


@dataclass(frozen=True, slots=True)
class Figure:
    kind: str  # amount | percent | points | times (增长1.3倍: +130 %) | flat (持平: 0 %)
    start: int  # offsets in the sentence; start includes a prefix qualifier
    end: int
    value: float
    unit: str | None  # base unit; None for an amount written without one (3213万)
    unit_kind: str | None
    qualifier: str | None
    text: str
    num_start: int  # where the digits begin


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = metrics()
    pre = alternation(lex.prefix_qualifiers)
    infix = alternation(lex.infix_qualifiers)
    mult = alternation(lex.multipliers)
    unit = alternation(lex.units)
    post = alternation(lex.suffix_qualifiers)
    # a qualifier, a minus sign or the number itself opens every figure
    percent = re.compile(
        starts_with(lex.prefix_qualifiers, r"\-−\d百")
        + rf"(?P<pre>{pre})?{_NEG}(?<![A-Za-z0-9.])(?:(?P<num>{_NUM})\s?(?P<pct>[%％])"
        rf"|百分之(?P<cnum>{_CNUM}(?:点[零〇一二三四五六七八九]+)?)|(?P<pts>{_NUM})个百分点)"
        rf"(?P<post>{post})?"
    )
    amount = re.compile(
        starts_with(lex.prefix_qualifiers, r"\-−\d零〇一二两三四五六七八九十百千")
        + rf"(?P<pre>{pre})?{_NEG}(?:(?<![A-Za-z0-9.第])|(?<=GDP)|(?<=gdp))(?P<num>{_NUM}|{_CNUM})(?P<infix>{infix})?"
        rf"(?P<mult>{mult})?(?P<infix2>{infix})?(?P<unit>{unit})?(?P<post>{post})?"
    )
    return percent, amount


# 兆 as Taiwan writes 10^12: 3兆3757.93亿元, 3.2兆元 (兆瓦, 兆帕 are mega- units and stay out).
_ZHAO = re.compile(
    rf"(?<![\d.])(?P<t>{_NUM})兆(?:(?P<rest>{_NUM})(?P<mult>亿|万))?(?P<unit>元|美元)?"
)
# 增长1.3倍: a growth multiple; 是1949年的758倍 is a ratio and not growth (judged by the binder).
_TIMES = re.compile(rf"(?=\d)(?<![A-Za-z0-9.])(?P<num>{_NUM})倍")
_FLAT = re.compile(r"持平")


def _plain(kind: str, m: re.Match[str], value: float, unit: str, unit_kind: str) -> Figure:
    return Figure(kind, m.start(), m.end(), value, unit, unit_kind, None, m.group(), m.start())


def _special(sentence: str) -> list[Figure]:
    """Figures written in forms the general patterns do not cover: 兆, 倍, 持平."""
    out: list[Figure] = []
    for m in _ZHAO.finditer(sentence):
        if not (m.group("rest") or m.group("unit")):
            continue
        whole = Decimal(m.group("t").replace(",", "")) * Decimal(10) ** 12
        if m.group("rest"):
            scale = Decimal(10) ** (8 if m.group("mult") == "亿" else 4)
            whole += Decimal(m.group("rest").replace(",", "")) * scale
        unit = "美元" if m.group("unit") == "美元" else "元"
        out.append(_plain("amount", m, float(whole), unit, "money"))
    for m in _TIMES.finditer(sentence):
        value = to_number(m.group("num"))
        if value is not None:
            out.append(_plain("times", m, value * 100, "%", "percent"))
    for m in _FLAT.finditer(sentence):
        out.append(_plain("flat", m, 0.0, "%", "percent"))
    return out


def find_figures(sentence: str) -> list[Figure]:
    """All figures in a sentence, in order of position."""
    percent_re, amount_re = _patterns()
    figures: list[Figure] = (
        _special(sentence) if ("兆" in sentence or "倍" in sentence or "持平" in sentence) else []
    )
    taken: list[tuple[int, int]] = [(f.start, f.end) for f in figures]
    for m in percent_re.finditer(sentence):
        fig = _percent(m)
        if fig is not None:
            figures.append(fig)
            taken.append((m.start(), m.end()))
    for m in amount_re.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        fig = _amount(m, sentence)
        if fig is not None:
            figures.append(fig)
    figures.sort(key=lambda f: f.start)
    return figures


def _qualifier(m: re.Match[str], *groups: str) -> str | None:
    lex = metrics()
    tables = {
        "pre": lex.prefix_qualifiers,
        "infix": lex.infix_qualifiers,
        "infix2": lex.infix_qualifiers,
        "post": lex.suffix_qualifiers,
    }
    for g in groups:
        word = m.group(g)
        if word:
            return tables[g][word]
    return None


def _percent(m: re.Match[str]) -> Figure | None:
    if m.group("pts"):
        value = to_number(m.group("pts"))
        kind = "points"
    elif m.group("cnum"):
        value = chinese_number(m.group("cnum"))
        kind = "percent"
    else:
        value = to_number(m.group("num"))
        kind = "percent"
        if value is not None and m.group("neg"):
            value = -value
    if value is None:
        return None
    num_start = (
        m.start("pts") if m.group("pts") else m.start("num") if m.group("num") else m.start()
    )
    return Figure(
        kind=kind,
        start=m.start(),
        end=m.end(),
        value=value,
        unit="%" if kind == "percent" else "个百分点",
        unit_kind="percent",
        qualifier=_qualifier(m, "pre", "post"),
        text=m.group(),
        num_start=num_start,
    )


def _amount(m: re.Match[str], sentence: str) -> Figure | None:
    lex = metrics()
    num, mult, unit = m.group("num"), m.group("mult"), m.group("unit")
    if not unit and not mult:
        return None
    if not unit and not _unitless_ok(sentence[m.end() : m.end() + 4]):
        return None  # 3万个, 20万套: a measure word we do not model follows
    # Chinese numerals: only with a real digit word and some length (not 一家之母, 千亿).
    if num[0] not in "0123456789" and (not _CN_DIGITS & set(num) or (len(num) < 2 and not mult)):
        return None
    if m.start("num") > 0 and sentence[m.start("num") - 1] == "第":
        return None
    base = to_number(num) if num[0].isdigit() else chinese_number(num)
    if base is None:
        return None
    factor = Decimal(str(lex.multipliers[mult])) if mult else Decimal(1)
    base_unit, unit_kind = None, None
    if unit:
        base_unit, unit_factor, unit_kind = lex.units[unit]
        factor *= Decimal(str(unit_factor))
    value = float(Decimal(str(base)) * factor)
    if m.group("neg"):
        value = -value
    text = m.group()
    qualifier = _qualifier(m, "pre", "infix", "infix2", "post")
    return Figure(
        kind="amount",
        start=m.start(),
        end=m.end(),
        value=value,
        unit=base_unit,
        unit_kind=unit_kind,
        qualifier=qualifier,
        text=text,
        num_start=m.start("num"),
    )


_UNITLESS_FOLLOWERS = (
    "同比",
    "增长",
    "下降",
    "占",
    "比",
    "较",
    "和",
    "及",
    "与",
    "左右",
    "以上",
    "大关",
)


def _unitless_ok(rest: str) -> bool:
    return not rest or not _is_han(rest[0]) or rest.startswith(_UNITLESS_FOLLOWERS)


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def to_number(digits: str) -> float | None:
    """Arabic digits (with optional thousands commas) as a float, exact to the written digits."""
    try:
        return float(Decimal(digits.replace(",", "")))
    except InvalidOperation:
        return None


def chinese_number(words: str) -> float | None:
    """Chinese numerals (三千, 百分之六点五's 六点五) via cn2an; None where it cannot read them."""
    try:
        return float(cn2an.cn2an(words, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
