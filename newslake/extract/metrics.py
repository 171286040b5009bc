"""Finds metric names from the taxonomy (newslake/lexicons/metrics.toml) in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.extract.lexicon import alternation, metrics

# 第一、二、三产业增加值 and 第一产业、第二产业和第三产业增加值: three metrics in one phrase.
_SECTORS = re.compile(
    r"第?[一二三](?:产业)?(?:[、和与及]第?[一二三](?:产业)?)*[、和与及]第?[一二三]产业增加值"
)
_SECTOR_NAMES = {"一": "第一产业增加值", "二": "第二产业增加值", "三": "第三产业增加值"}
_CLAUSE_OPEN = re.compile(r"(?:^|[，,；;：:。、]|其中)$")
_FIGURE_NEXT = re.compile(r"(?:为|达|达到|实现)?\d")


@dataclass(frozen=True, slots=True)
class MetricMention:
    start: int
    end: int
    name: str  # canonical name
    unit_kind: str  # money, people, ... | rate | index
    region: str | None = None  # the region the name itself implies (国内生产总值: 全国)
    stock: bool = False  # a level at a point in time (常住人口, 贷款余额), not a flow over a period


@cache
def _growth_follows() -> re.Pattern[str]:
    lex = metrics()
    words = alternation([*lex.growth_up, *lex.growth_down])
    return re.compile(rf"(?:{alternation(lex.growth_prefix)})?(?:{words})")


def find_metrics(sentence: str) -> list[MetricMention]:
    """Metric mentions in order; the longest synonym wins at each position.

    Mentions of one compound phrase (第一、二、三产业增加值) share its span, in the order named.
    """
    lex = metrics()
    out: list[MetricMention] = []
    compounds = [m.span() for m in _SECTORS.finditer(sentence)] if "产业增加值" in sentence else []
    for a, b in compounds:
        for digit in re.findall(r"[一二三]", sentence[a:b]):
            out.append(MetricMention(a, b, _SECTOR_NAMES[digit], "money"))
    for m in lex.pattern.finditer(sentence):
        if any(a <= m.start() < b for a, b in compounds):
            continue
        synonym = m.group().lower()
        if synonym in lex.growth_only and not _growth_follows().match(sentence, m.end()):
            continue  # 汽车产业 names a metric only in 汽车产业增长8.0%
        if synonym in lex.clause_only and not (
            _CLAUSE_OPEN.search(sentence, 0, m.start()) and _FIGURE_NEXT.match(sentence, m.end())
        ):
            continue  # 出口 names a metric only in `其中,出口2175.2亿元`
        name, unit_kind = lex.by_synonym[synonym]
        region = lex.synonym_regions.get(synonym)
        out.append(MetricMention(m.start(), m.end(), name, unit_kind, region, name in lex.stocks))
    out.sort(key=lambda x: x.start)
    return out
