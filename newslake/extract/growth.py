"""Reads what a percentage after a metric is: growth year on year, growth against another base
(年均, 两年平均, 较2020年末, 环比), or nothing of the metric's at all.

The words between the figure and the start of its segment (the metric, the previous figure or a
clause mark) decide. They must be made of known parts only — fillers (按可比价格计算), a comparison
(比上年, 较2020年末), an infix (名义) and a growth word (增长, 下降, 增速为) — so a clause about
another subject (服务价格上涨1.7%, 拉动全区进出口增长70%) never lends its figure to the metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.extract.lexicon import alternation, metrics

# Growth against a year other than the previous one, or its end: 较2020年末, 比2019年同期.
# 与2020年同期相比(下同): the base for every growth after it too.
_YEAR_BASIS = r"(?:较|比|与)(?:\d{4}|上|去|前)年(?:末|底|初|同期|同月|\d{1,2}月(?:份)?)?(?:相比)?(?:\(下同\))?"
_MONTH_BASIS = r"(?:较|比|与)(?:上|去|今|本)?年?\d{1,2}月(?:份)?(?:相比)?"


@dataclass(frozen=True, slots=True)
class Growth:
    sign: int  # +1 up, -1 down
    basis: str | None  # None: year on year; else the base as written (年均, 较2020年末, 环比)


@cache
def _pattern() -> re.Pattern[str]:
    lex = metrics()
    fillers = alternation(lex.growth_fillers)
    yoy = alternation(lex.growth_prefix)
    basis = alternation(lex.growth_basis)
    infix = alternation(lex.growth_infix)
    up, down = alternation(lex.growth_up), alternation(lex.growth_down)
    tail = r"(?:目标|幅度)?(?:分别)?(?:了|为|是|达到|达|约|在|至|高达|控制在|保持在|稳定在)?"
    return re.compile(
        rf"(?:{fillers})*"
        rf"(?P<cmp>{yoy}|(?P<basis>{basis}|{_YEAR_BASIS}|{_MONTH_BASIS}))?(?:\(下同\))?(?:{fillers})*"
        rf"(?:{infix})*(?:(?P<up>{up})|(?P<down>{down})){tail}"
    )


@cache
def _flat_pattern() -> re.Pattern[str]:
    lex = metrics()
    fillers = alternation(lex.growth_fillers)
    yoy = alternation(lex.growth_prefix)
    basis = alternation(lex.growth_basis)
    return re.compile(
        rf"(?:{fillers})*(?:与|和)?(?P<cmp>{yoy}|上年|去年|上年同期|去年同期"
        rf"|(?P<basis>{basis}|{_YEAR_BASIS}|{_MONTH_BASIS}))?(?:基本|保持|总体)?"
    )


def read_growth(segment: str, *, flat: bool = False) -> Growth | None:
    """The growth a segment introduces (`比上年增长`, `年均增长`, `增速为`), or None.

    `flat`: the figure is 持平 itself, so the segment is only the comparison (`与上年`).
    """
    segment = segment.strip()
    if flat:
        m = _flat_pattern().fullmatch(segment)
        return None if m is None else Growth(1, _basis(m))
    m = _pattern().fullmatch(segment)
    if m is None:
        return None
    return Growth(-1 if m.group("down") else 1, _basis(m))


def _basis(m: re.Match[str]) -> str | None:
    basis = m.group("basis")
    if not basis:
        return None
    return basis.removesuffix("(下同)").removesuffix("相比")


def is_contribution(before: str) -> bool:
    """`拉动全区进出口总额增长70%`: the growth words lead from a contributor to another total."""
    return any(word in before[-12:] for word in metrics().contribution)
