"""Finds metric names from the taxonomy (newslake/lexicons/metrics.toml) in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.extract.lexicon import alternation, metrics

# 第一、二、三产业增加值 and 第一产业、第二产业和第三产业增加值: three metrics in one phrase.
_SECTORS = re.compile(
    r"第?[一二三](?:产业)?(?:[、和与及]?第?[一二三](?:产业)?)*[、和与及]?第?[一二三]产业增加值"
)
# 第一、二、三产业在2023年分别实现了281.40亿元、1332.93亿元和1111.57亿元的增加值: the sectors
# named first, 增加值 later in the clause.
_SECTORS_BEFORE = re.compile(
    r"第?[一二三](?:产业)?(?:[、和与及]?第?[一二三](?:产业)?)*[、和与及]第?[一二三]产业"
    r"(?=[^，,；;。增]{0,30}增加值)"
)
# A sector named bare where the GDP's structure is reported: 第一产业实现增加值61.1亿元,
# 第二产业90.3亿元, 第三产业(服务业)149.6亿元, 第一产业增长3.6%.
_BARE_SECTOR = re.compile(
    r"第([一二三])产业(?:\([^()]{1,8}\))?(?=(?:实现|完成)?(?:了)?(?:增加值)?(?:为|达到|达)?\d"
    r"|(?:同比|比上年)?(?:增长|下降))"
)
# 城乡居民人均可支配收入分别增长8%、9%, 城镇和农村常住居民人均可支配收入分别为44296元、21990元:
# two metrics in one phrase, paired with their figures by 分别.
_URBAN_RURAL = re.compile(
    r"(?:城乡|城镇和农村|城镇、农村|城镇与农村)(?P<resident>常住)?居民人均(?P<what>可支配收入|生活消费支出|消费支出)"
)
_URBAN_RURAL_NAMES = {
    "可支配收入": ("城镇居民人均可支配收入", "农村居民人均可支配收入"),
    "消费支出": ("城镇居民人均消费支出", "农村居民人均消费支出"),
    "生活消费支出": ("城镇居民人均消费支出", "农村居民人均消费支出"),
}
_STRUCTURE_WORDS = ("生产总值", "GDP", "增加值", "三次产业", "分产业", "按产业")
# What may follow a metric name and belong to it: a footnote mark, an abbreviation or gloss in
# brackets (地区生产总值【1】(GDP), 居民消费价格(CPI), 第三产业(服务业)).
_NAME_TAIL = re.compile(r"(?:【\d+】)?(?:\([A-Za-z\u4e00-\u9fff]{1,8}\))?")
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
    compounds: list[tuple[int, int]] = []
    if "产业" in sentence:
        compounds = [m.span() for m in _SECTORS.finditer(sentence)]
        compounds += [m.span() for m in _SECTORS_BEFORE.finditer(sentence) if not _inside(m.start(), compounds)]
    for a, b in compounds:
        for digit in re.findall(r"[一二三]", sentence[a:b]):
            out.append(MetricMention(a, b, _SECTOR_NAMES[digit], "money"))
    if "分别" in sentence and ("城乡" in sentence or "城镇" in sentence):
        for m in _URBAN_RURAL.finditer(sentence):
            for name in _URBAN_RURAL_NAMES[m.group("what")]:
                if name.lower() in lex.by_synonym:
                    unit_kind = lex.by_synonym[name.lower()][1]
                    out.append(MetricMention(m.start(), m.end(), name, unit_kind))
            compounds.append(m.span())
    if "产业" in sentence and any(w in sentence for w in _STRUCTURE_WORDS):
        for m in _BARE_SECTOR.finditer(sentence):
            if not _inside(m.start(), compounds) and not sentence.startswith("增加值", m.end()):
                out.append(MetricMention(m.start(), m.end(), _SECTOR_NAMES[m.group(1)], "money"))
                compounds.append((m.start(), m.end()))
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
        tail = _NAME_TAIL.match(sentence, m.end())
        end = tail.end() if tail else m.end()
        out.append(MetricMention(m.start(), end, name, unit_kind, region, name in lex.stocks))
    out.sort(key=lambda x: x.start)
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
