"""Finds metric names from the taxonomy (newslake/lexicons/metrics.toml) in a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.extract.lexicon import alternation, metrics

# 第一、二、三产业增加值 and 第一产业、第二产业和第三产业增加值: three metrics in one phrase; also
# one sector in the short form (一产业增加值, 三产业(服务业)增加值).
_SECTORS = re.compile(
    r"(?<![十百千万零〇两几第])"
    r"(?:第?[一二三](?:产业)?(?:[、和与及]?第?[一二三](?:产业)?)*[、和与及]?)?"
    r"第?[一二三]产业(?:\([^()]{1,8}\))?增加值"
    r"|第?[一二三](?:产业)?(?:[、和与及]?第?[一二三](?:产业)?)*[、和与及]?第?[一二三]产业增加值"
)
# 第一、二、三产业在2023年分别实现了281.40亿元、1332.93亿元和1111.57亿元的增加值, 第一及第二产业
# 分别增值达1,327亿元和7,088亿元: the sectors named first, 增加值 (增值) later in the clause.
_SECTORS_BEFORE = re.compile(
    r"第?[一二三](?:产业)?(?:[、和与及]?第?[一二三](?:产业)?)*[、和与及]第?[一二三]产业"
    r"(?=[^，,；;。增]{0,45}增加?值)"
)
# A sector named bare where the GDP's structure is reported: 第一产业实现增加值61.1亿元,
# 第二产业90.3亿元, 第三产业(服务业)149.6亿元, 第一产业增长3.6%.
_BARE_SECTOR = re.compile(
    r"第([一二三])产业(?:\([^()]{1,8}\))?(?=(?:实现|完成)?(?:了)?(?:增加值)?(?:为|达到|达)?\d"
    r"|(?:同比|比上年)?(?:增长|下降))"
)
# 上半年绵阳市第一产业实现119.59亿元: a sector that makes an amount is its value added, said or not.
_SECTOR_MAKES = re.compile(r"第[一二三]产业(?:\([^()]{1,8}\))?(?:实现|完成)(?:了)?(?:增加值)?\d")
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
# Trade in one product or with one partner, named before (or after) the flow: 机电产品出口4962.4亿元,
# 重庆汽车出口402.2亿元, 手机、汽车、摩托车出口额分别为…, 对东盟进出口1086.7亿元, 进口机电产品1898.6亿元.
_TRADE = re.compile(
    r"(?P<head>[\u4e00-\u9fff、“”\"]{2,24}?)(?P<flow>进出口|出口|进口)(?P<tail>额|值|总额|总值|量)?"
    r"(?=(?:实现|达到|达|为|分别为|分别达到|约|超过|突破)?(?:人民币)?\d|同比|增长|下降)"
)
_IMPORT_OF = re.compile(
    r"(?P<flow>进口|出口)(?P<head>[\u4e00-\u9fff]{2,8}?(?:产品|设备|商品))(?=\d)"
)
_TRADE_NAMES = {"进出口": "进出口总额", "出口": "出口额", "进口": "进口额"}
# What is not a product or partner in front of a flow: the whole trade (外贸, 货物), verbs, filler.
_NOT_PRODUCT = frozenset(
    {
        "外贸",
        "货物",
        "货物贸易",
        "对外贸易",
        "全市",
        "全省",
        "全区",
        "全县",
        "全国",
        "其中",
        "实现",
        "完成",
        "累计",
        "合计",
        "全年",
        "同期",
        "外贸进",
    }
)
_STRUCTURE_WORDS = ("生产总值", "GDP", "增加值", "三次产业", "分产业", "按产业")
# What may follow a metric name and belong to it: a footnote mark, an abbreviation or gloss in
# brackets (地区生产总值【1】(GDP), 居民消费价格(CPI), 第三产业(服务业)).
_NAME_TAIL = re.compile(r"(?:【\d+】)?(?:\([A-Za-z\u4e00-\u9fff]{1,8}\))?")
_SECTOR_NAMES = {"一": "第一产业增加值", "二": "第二产业增加值", "三": "第三产业增加值"}
_CLAUSE_OPEN = re.compile(r"(?:^|[，,；;：:。、]|其中)$")
_FIGURE_NEXT = re.compile(
    r"(?:为|达|达到|实现)?\d|(?:同比|比上年|较上年)?(?:增长|下降|增速为?|增幅为?)(?:了)?\d"
)
_CLAUSE_MARKS = re.compile(r"[，,；;：:。、]|其中")


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


def find_metrics(sentence: str, *, guarded: bool = True) -> list[MetricMention]:
    """Metric mentions in order; the longest synonym wins at each position.

    Mentions of one compound phrase (第一、二、三产业增加值) share its span, in the order named.
    `guarded`: skip names narrowed by the word before them (off for table captions).
    """
    lex = metrics()
    out: list[MetricMention] = []
    compounds: list[tuple[int, int]] = []
    if "产业" in sentence:
        compounds = [m.span() for m in _SECTORS.finditer(sentence)]
        compounds += [
            m.span()
            for m in _SECTORS_BEFORE.finditer(sentence)
            if not _inside(m.start(), compounds)
        ]
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
    if "产业" in sentence and (
        any(w in sentence for w in _STRUCTURE_WORDS) or _SECTOR_MAKES.search(sentence)
    ):
        for m in _BARE_SECTOR.finditer(sentence):
            if not _inside(m.start(), compounds) and not sentence.startswith("增加值", m.end()):
                out.append(MetricMention(m.start(), m.end(), _SECTOR_NAMES[m.group(1)], "money"))
                compounds.append((m.start(), m.end()))
    if "口" in sentence:
        taken = list(compounds)
        for mention, span in _trade_mentions(sentence):
            if not _inside(span[0], taken):
                out.append(mention)
                compounds.append(span)
    tail_end = 0  # the end of the last name with its gloss: (CPI) after 居民消费价格 is no name
    for m in lex.pattern.finditer(sentence):
        if any(a <= m.start() < b for a, b in compounds) or m.start() < tail_end:
            continue
        synonym = m.group().lower()
        if synonym in lex.growth_only and not _growth_follows().match(sentence, m.end()):
            continue  # 汽车产业 names a metric only in 汽车产业增长8.0%
        if synonym in lex.clause_only and not (
            _opens_clause(sentence, m.start()) and _FIGURE_NEXT.match(sentence, m.end())
        ):
            continue  # 出口 names a metric only in `其中,出口2175.2亿元`
        if sentence.startswith("主体", m.end()):
            continue  # 民营经济主体达到26.8万户: the firms, counted, not the economy's output
        if unit_kind_of(synonym) == "money" and sentence.startswith("量", m.end()):
            continue  # 笔记本电脑出口量5194.4万台: the volume, not the value the name stands for
        if guarded and _modified(sentence, m.start()):
            continue  # 城区常住人口, 科技贷款余额: a part of the whole the name stands for
        name, unit_kind = lex.by_synonym[synonym]
        region = lex.synonym_regions.get(synonym)
        tail = _NAME_TAIL.match(sentence, m.end())
        end = tail.end() if tail else m.end()
        tail_end = end
        out.append(MetricMention(m.start(), end, name, unit_kind, region, name in lex.stocks))
    out.sort(key=lambda x: x.start)
    return out


def _trade_mentions(sentence: str) -> list[tuple[MetricMention, tuple[int, int]]]:
    """Trade flows of a product or with a partner, as metrics of their own (机电产品出口额)."""
    out: list[tuple[MetricMention, tuple[int, int]]] = []
    for m in _TRADE.finditer(sentence):
        if m.group("tail") == "量":
            continue  # 出口量5194.4万台: a volume, not the trade's value
        head = _product(m.group("head"))
        if head is None:
            continue
        start = m.end("head") - len(head)
        for product in [head] if head.startswith("对") else head.split("、"):
            if len(product) >= 2 and product not in _NOT_PRODUCT:
                name = _trade_name(product, m.group("flow"), m.group("tail"))
                out.append((MetricMention(start, m.end(), name, "money"), (start, m.end())))
    for m in _IMPORT_OF.finditer(sentence):
        name = _trade_name(m.group("head"), m.group("flow"), None)
        out.append((MetricMention(m.start(), m.end(), name, "money"), (m.start(), m.end())))
    return out


def _trade_name(product: str, flow: str, tail: str | None) -> str:
    """The lexicon's name when the trade is one of its metrics under another wording (对美进出口 is
    对美国进出口总额), else the product's own words with the flow's name."""
    by_synonym = metrics().by_synonym
    for written in (product + flow + (tail or ""), product + flow, product + _TRADE_NAMES[flow]):
        if written in by_synonym:
            return by_synonym[written][0]
    return product + _TRADE_NAMES[flow]


@cache
def _product_boundary() -> re.Pattern[str]:
    """What ends the words before a product: a region, a subject word, a period, a verb, 的."""
    from newslake.extract.lexicon import regions

    words = [*regions().by_alias, "全市", "全省", "全区", "全县", "我市", "我省", "我区", "全国"]
    words += [
        "其中",
        "实现",
        "完成",
        "累计",
        "的",
        "中",
        "是",
        "为",
        "了",
        "及",
        "和",
        "同时",
        "此外",
        "等",
    ]
    return re.compile(rf"(?:{alternation(words)}|[年月季度]|半年)")


_PARTNER = re.compile(r"(对[\u4e00-\u9fff“”\"、]{2,16}?)(?:实现|合计)?$")


def _product(head: str) -> str | None:
    """The product (or 对+partner) right before a trade flow, None when it is the whole trade."""
    if partner := _PARTNER.search(head):
        return partner.group(1)  # 对东盟(实现)进出口: trade with a partner
    last = 0
    for m in _product_boundary().finditer(head):
        last = m.end()
    product = re.sub(r"(?:合计|共计|累计)$", "", head[last:])
    if len(product) < 2 or product in _NOT_PRODUCT or product.startswith(("外贸", "货物")):
        return None
    return product


_FIGURE_END = re.compile(r"\d(?:\.\d+)?[倍元人个家万亿%吨辆户]{1,2}$")
_PERIOD_END = re.compile(r"(?:年|月|月份|季度|半年|以来|期间|时期|时|前)$")
_SUBJECT_END = re.compile(r"(?:全|我|本|该)(?:市|省|区|县)$|(?:全国|我国|全省|全市|全区|全县)$")


@cache
def _left_words() -> re.Pattern[str]:
    lex = metrics()
    from newslake.extract.lexicon import regions

    words = [*lex.metric_left, *regions().by_alias]
    return re.compile(f"(?:{alternation(words)})$")


def _modified(sentence: str, start: int) -> bool:
    """Whether a word right before a metric's name narrows what it measures."""
    if start == 0 or not "\u4e00" <= sentence[start - 1] <= "\u9fff":
        return False
    before = sentence[max(0, start - 12) : start]
    if _FIGURE_END.search(before):
        return False  # …是1949年的758倍工业总产值从…: run-on text, the name opens a new statement
    return not (
        _left_words().search(before) or _PERIOD_END.search(before) or _SUBJECT_END.search(before)
    )


def _opens_clause(sentence: str, start: int) -> bool:
    """Whether only a region, a subject word or a period stands between the clause's start and
    `start` (`其中,出口…`, `全区投资增长2.6%`, `1-8月,全市税收…`)."""
    last = 0
    for m in _CLAUSE_MARKS.finditer(sentence, 0, start):
        last = m.end()
    lead = sentence[last:start]
    if not lead:
        return True
    rest = re.sub(
        r"(?:全|我|本|该)(?:市|省|区|县)|全国|\d{4}年|[\d\-—~至]+月份?|[上下]半年|[一二三四]季度|前三季度|全年|年末|年底|截至",
        "",
        lead,
    )
    for alias in sorted(_region_aliases(), key=len, reverse=True):
        rest = rest.replace(alias, "")
    return rest in ("", "实现", "完成", "累计", "全年")


@cache
def _region_aliases() -> tuple[str, ...]:
    from newslake.extract.lexicon import regions

    return tuple(regions().by_alias)


def unit_kind_of(synonym: str) -> str:
    return metrics().by_synonym[synonym][1]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
