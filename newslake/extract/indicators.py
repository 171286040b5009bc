"""Binds metric, region, period and figures of each sentence into Indicator rows.

A metric name opens a group that runs to the next metric (or a ；). Inside it, an amount of a
compatible unit is the value; a percentage is growth after 增长/增速/下降…, a share after 占…,
the value itself for a rate metric (城镇化率75%), and growth when it follows a non-rate metric
bare (`金融业增加值7.2%` in a list of 上半年 results is growth: a level would carry a unit).
分别 pairs enumerated regions or metrics with enumerated values, in order.

Region: the nearest one in the metric's clause, else the first one of the nearest earlier clause
(the subject, not the object of 推进…建设), else the paragraph's, else the document's home
region, else None. Period: the nearest one before the figure in the sentence, else the one
carried from earlier sentences; a part of a year (全年, 1—11月) takes the year the document is
talking about (the last explicit year of a sentence with figures, or the title's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from newslake.extract.growth import Growth, read_growth
from newslake.extract.kinds import announces_goals, blank_metrics, estimate_only, is_goal
from newslake.extract.lexicon import metrics
from newslake.extract.metrics import MetricMention, find_metrics
from newslake.extract.numbers import Figure, find_figures
from newslake.extract.periods import (
    BARE,
    EXPLICIT,
    LOST,
    PLAN_START,
    RELATIVE,
    SPAN,
    UNTIL,
    PeriodMention,
    find_periods,
    resolve_period,
)
from newslake.extract.regions import DocumentRegions, RegionMention, document_regions, find_regions
from newslake.extract.sentences import split_sentences
from newslake.extract.spacing import repair
from newslake.extract.tables import read_tables
from newslake.records import Indicator

_HARD_SEP = "，,；;：:。"
_SEP_RE = re.compile(r"[，,；;：:、]")
_CLAUSE_SEP = re.compile(r"[，,；;：:]")
_SHARE_SPAN = re.compile(r"占[^，,。；;：:\d%]{0,12}?(?:比重|比例|的)|占比")
_SHARE_SEG = re.compile(
    r"(?:总量|总额|规模|其)?(?:占[^，,。；;：:\d%]{0,14}|占比(?:为|达到|达)?|比重(?:为|达到|达)?)"
)
_LIST_JOINER = re.compile(r"^\s*(?:、|和|与|及|以及|,|，)\s*$")
_REGION_JOINER = re.compile(r"^\s*(?:、|和|与|及|以及)\s*$")
_FIGURE_JOINER = re.compile(r"^\s*(?:、|和|与|及|,|，)?\s*$")
_RATE_GAP = re.compile(r"^(?:达到|达|为|是|提高到|提升到|上升到|升至|稳定在|保持在|分别为)?$")
_BARE_GAP = re.compile(r"^(?:同比|为|达)?$")
# 比年初增加1613.43亿元, 差距不到60亿元, 比全国高出500元: a change or a gap, not the level
_CHANGE_TAIL = re.compile(
    r"(?:增长|增加|减少|下降|提高|扩大|缩小|高出|多出|差距|相差|差额)(?:了|为|是|约|近|不到|不足)?$"
)
_PERIOD_HINT = re.compile(r"[年月季期]")
_FIGURE_HINT = re.compile(r"\d|百分之")
_AMOUNT_KINDS_EXCLUDED = ("rate", "index")
_GROWTH_KINDS = ("percent", "times", "flat")
# Words that open a clause still about the metric before it: 由…到, 从…到, 达到, 总量.
_CONTINUES = re.compile(r"(?:由|从|达到|总量|总额|规模)")
# The year a span's starting figure belongs to, written right before it: 由2020年的, 从2000年的.
_SPAN_YEAR = re.compile(r"[从由]\d{4}年(?:末|底)?的?$")
# …1013亿元,是“十二五”末的1.7倍: a level compared with the end of the plan before the current one.
_THEN_EXACT = re.compile(r"[，,](?:达到|达|为)")
_POINT = re.compile(r"(?:末|底)$")
_PLAN_END_BEFORE = re.compile(
    r"[、，,]?(?:总量)?是[“\"]?(十[一二三四]五)[”\"]?(?:时期)?末的[\d.]+倍"
)
# Characters allowed between an enumeration of regions and its metric: 成都会分裂实现.
_MAX_REGION_GAP = 10


class _Ambiguous:
    """Carried region after an enumeration (重庆、四川分别…): the paragraph names no single one."""


_AMBIGUOUS = _Ambiguous()


@dataclass(slots=True)
class _Row:
    metric: MetricMention
    region: str | None = None
    region_known: bool = False  # set by an enumeration (even to None): do not look further
    value: Figure | None = None
    yoy: Figure | None = None
    share: Figure | None = None
    growth: Figure | None = None  # growth against another base (年均, 较2020年末)
    growth_basis: str | None = None
    # further growths against other bases (较去年12月…,较去年1月…): one may be year on year after all
    other_growths: list[tuple[Figure, str]] = field(default_factory=list)
    anchor: int = 0  # where the row's text starts in the sentence
    period: PeriodMention | None = None
    period_year: int | None = None  # the year context for a bare period (全年)
    resolved: tuple[date, date] | None = None
    target: bool = False
    span_start: Figure | None = None  # 由2020年的2863.5亿元增长到…: the figure the span starts from
    year_of: int | None = None  # the year an enumeration of years gives the row (2020-2022年分别…)
    start_of_span: bool = False  # this row is that starting figure, dated by its own year
    region_source: str | None = None  # where the region came from (see REGION_SOURCES)
    period_source: str | None = None  # where the period came from (see PERIOD_SOURCES)

    def figures(self) -> list[Figure]:
        return [f for f in (self.value, self.yoy, self.share, self.growth) if f is not None]

    def take_growth(self, f: Figure, growth: Growth) -> None:
        """Year-on-year growth goes to yoy, growth against another base to growth/basis."""
        signed = f if growth.sign > 0 else _negated(f)
        if growth.basis is None:
            if self.yoy is None:
                self.yoy = signed
        elif self.growth is None:
            self.growth, self.growth_basis = signed, growth.basis
        else:
            self.other_growths.append((signed, growth.basis))


@dataclass(slots=True)
class _Context:
    """What earlier sentences tell a sentence: the year under discussion, region and period."""

    base: date | None
    regions: DocumentRegions
    year: int | None
    carry_region: str | _Ambiguous | None = None
    carry_period: tuple[PeriodMention, int | None] | None = None
    period_of_figures: bool = False  # the carried period dated figures (may cross paragraphs)
    carry_region_source: str = "paragraph"
    last_metric: str | None = None  # the metric of the previous sentence's last figure
    base_inferred: bool = False  # `base` is the end of the year the text speaks from, not a date
    # The period a page reports on when a figure names none: its title's, or its opening year's.
    page_period: tuple[PeriodMention, str] | None = None
    latest_year: int | None = None  # the latest year the page names
    list_goal: bool = False  # the line is one of a list of goals under its heading


def extract_indicators(
    text: str, *, published_at: datetime | None, title: str | None = None
) -> list[Indicator]:
    """Every reported figure in `text` as an Indicator row, in document order."""
    base = published_at.date() if published_at is not None else None
    text, origin = repair(text)
    title = repair(title)[0] if title else title
    inferred = False
    title_year = _title_year(title)
    if base is None and (base := _current_year_end(text)) is not None:
        inferred = True  # no publish date: the year the text itself speaks from
    elif base is None and title_year is not None and re.search(r"今年|本年", text):
        # 三、2022年重点工作建议 over 今年的主要发展目标: the title's year is the one it speaks from
        base, inferred = date(title_year, 12, 31), True
    ctx = _Context(base, document_regions(title, text), title_year)
    ctx.base_inferred = inferred
    ctx.page_period = _page_period(title, text, dated=base is not None)
    ctx.latest_year = max((int(y) for y in _YEAR.findall(text)), default=None)
    out: list[Indicator] = []
    seen: set[tuple] = set()
    paragraph = -1
    sentences = split_sentences(text)
    lines = Counter(s.paragraph for s in sentences)  # sentences per paragraph
    heading: tuple[tuple[PeriodMention, int | None], bool] | None = None
    previous: list[Indicator] = []  # the rows of the sentence before, for a restated growth
    for sent in sentences:
        if sent.paragraph != paragraph:
            paragraph, ctx.carry_region = sent.paragraph, None
            # A period reaches the next paragraph only when it dated figures, and never a goal's
            # horizon: 同期 and 分产业看 lead on from results, not from 今年将… or 到2027年.
            if ctx.carry_period is not None and (
                ctx.carry_period[0].horizon or not ctx.period_of_figures
            ):
                ctx.carry_period = None
            ctx.list_goal = False
            if heading is not None and lines[paragraph] == 1 and len(sent.text) <= LIST_LINE_MAX:
                # 2019年全市经济社会发展主要预期目标 over one line per figure: the heading dates them,
                # unless a line before dated its own figures (步入2025年, / 一季度实现…)
                ctx.carry_period = ctx.carry_period or heading[0]
                ctx.list_goal = heading[1]
            else:
                heading = None
        rows = [_indicator(row, sent.text, sent.start) for row in _sentence_rows(sent.text, ctx)]
        if not rows:
            _restate_growth(sent.text, previous)
            if lines[paragraph] == 1 and len(sent.text) <= HEADING_MAX and ctx.carry_period:
                heading = (ctx.carry_period, announces_goals(sent.text))
        for ind in rows:
            if _row_key(ind) not in seen:  # a headline line repeating a body figure
                seen.add(_row_key(ind))
                out.append(ind)
        previous = rows
    for ind in _table_indicators(text, ctx):
        if _row_key(ind) not in seen:
            seen.add(_row_key(ind))
            out.append(ind)
    out = _merge_restated_growth(_drop_undated_repeats(out))
    for ind in out:  # offsets into the text as written
        ind.char_start = origin[ind.char_start] if origin else 0
        ind.char_end = origin[ind.char_end - 1] + 1 if origin and ind.char_end else 0
    return out


HEADING_MAX = 40  # a heading line: short, no figures of its own, a period
LIST_LINE_MAX = 100  # a line of a list under a heading: one figure or a few


def _row_key(ind: Indicator) -> tuple:
    return (
        ind.metric,
        ind.region,
        ind.period_start,
        ind.period_end,
        ind.value,
        ind.yoy_pct,
        ind.share_pct,
        ind.kind,
    )


def _restate_growth(s: str, previous: list[Indicator]) -> None:
    """`…实现地区生产总值20517.2亿元,这是…。按可比价计算,同比增长7.9%,…`: a sentence that opens with
    nothing but the growth of the figure just given."""
    if not previous or previous[-1].value is None or previous[-1].yoy_pct is not None:
        return
    figures = _figures(s)
    if not figures or figures[0].kind != "percent":
        return
    *fillers, lead = re.split(r"[，,]", s[: figures[0].start])
    if any(f.strip() not in metrics().growth_fillers for f in fillers):
        return
    growth = read_growth(lead)
    if growth is not None and growth.basis is None:
        previous[-1].yoy_pct = figures[0].value * growth.sign


def _table_indicators(text: str, ctx: _Context) -> list[Indicator]:
    """Rows of the text tables on the page (see tables.py), dated by their caption or the page."""
    if "|" not in text and "年 " not in text and not re.search(r"\n\d{4}年", text):
        return []
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    page_year = ctx.page_period[0].year(ctx.base) if ctx.page_period is not None else None
    out = []
    for f in read_tables(lines, title_year=page_year):
        region = f.region or ctx.regions.home
        period = (
            (date(f.year, 1, 1), date(f.year, 12, 31)) if f.year and f.unit_kind != "rate" else None
        )
        out.append(
            Indicator(
                metric=f.metric,
                region=region,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
                period_text=f"{f.year}年" if f.year else None,
                value=f.value,
                unit=f.unit,
                value_text=f.value_text or "",
                yoy_pct=f.yoy,
                share_pct=f.share,
                kind="actual",
                sentence=f.row_text,
                char_start=starts[f.line],
                char_end=starts[f.line] + len(lines[f.line]),
                region_source="table"
                if f.region_from_table
                else ("title" if f.region else "page_subject"),
                period_source="table" if period else None,
            )
        )
    return out


# How a page without a publish date says which year it speaks from.
_NOW_IS = re.compile(
    r"((?:19|20)\d{2})年?(?:是|为)[^。，,；;]{0,30}?(?:之年|的一年)"
)  # 2025年是…收官之年
_NOW_WILL = re.compile(
    r"((?:19|20)\d{2})年?[\u4e00-\u9fff]{0,12}?将于"
)  # 2024世界动力电池大会将于9月
_JUST_PAST = re.compile(
    r"(?:刚刚过去的|过去的)((?:19|20)\d{2})年"
)  # 刚刚过去的2024年: the year before


def _current_year_end(text: str) -> date | None:
    """For a page without a publish date: the end of the year it speaks from, where the page itself
    says so — `2025年是“十四五”规划收官之年`, `2024世界动力电池大会将于9月1日举行`, `刚刚过去的2024年`
    (then 2025), a year set beside 今年 or 去年 in one sentence (对比2020年全年…今年前11月…超过去年
    全年: 2021; 对于今年…,2020年重庆地区生产总值增长6%), or the same period of a year named as the
    base of all its growth (与2020年同期相比(下同): 2021). None otherwise: a year named in passing
    proves nothing.
    """
    found: set[int] = set()
    if re.search(r"今年|本年|去年|上年|明年", text):
        found.update(int(m.group(1)) for m in _NOW_IS.finditer(text))
        found.update(int(m.group(1)) for m in _NOW_WILL.finditer(text))
        found.update(int(m.group(1)) + 1 for m in _JUST_PAST.finditer(text))
        latest = max((int(y) for y in _YEAR.findall(text)), default=None)
        for sentence in re.split(r"[。！？\n]", text):
            if "今年" not in sentence:
                continue
            years = {int(y) for y in _YEAR.findall(sentence)}
            if len(years) != 1:
                continue
            year = years.pop()
            if re.search(r"去年|上年", sentence):
                found.add(year + 1)
            elif year == latest and re.search(rf"今年[^。]{{0,20}}{year}年(?!同期)", sentence):
                found.add(year)  # 对于今年政府工作要求,会议提出,2020年…: the latest year named
    if not found:
        named = _SAME_PERIOD_BASE.findall(text)
        bases = {int(y) for y, _ in named}
        standing = {int(y) for y, ahead in named if ahead}
        if standing or len(bases) > 1:  # one base might be a look far back (较2019年同期)
            found.add(max(standing or bases) + 1)
    return date(found.pop(), 12, 31) if len(found) == 1 else None


_YEAR = re.compile(r"((?:19|20)\d{2})年")
# 与2020年同期相比(下同), 比2019年同期: growth against the same months of a named year.
_SAME_PERIOD_BASE = re.compile(r"(?:较|比|与|同)((?:19|20)\d{2})年同期(?:相比)?(\(下同\))?")


def _merge_restated_growth(rows: list[Indicator]) -> list[Indicator]:
    """A growth stated apart from its level (`存款余额达43463.67亿元…。按可比口径计算,本外币存款余额
    同比增长21.96%`) joins the level's row: same metric, region, period and kind, no growth yet."""
    out: list[Indicator] = []
    for row in rows:
        if row.value is None and row.yoy_pct is not None and row.share_pct is None:
            target = next(
                (
                    r
                    for r in reversed(out)
                    if r.value is not None
                    and r.yoy_pct is None
                    and (r.metric, r.region, r.period_start, r.period_end, r.kind)
                    == (row.metric, row.region, row.period_start, row.period_end, row.kind)
                ),
                None,
            )
            if target is not None:
                target.yoy_pct = row.yoy_pct
                continue
        out.append(row)
    return out


def _drop_undated_repeats(rows: list[Indicator]) -> list[Indicator]:
    """A heading repeating a figure of the body without its period (`规上工业增加值同比增长14.6%`
    over the paragraph that dates it) is not a figure of its own."""

    def figure(i: Indicator) -> tuple:
        return (i.metric, i.region, i.value, i.yoy_pct, i.share_pct, i.growth_pct, i.kind)

    dated = {figure(i) for i in rows if i.period_start is not None}
    return [i for i in rows if i.period_start is not None or figure(i) not in dated]


def _page_period(title: str | None, text: str, *, dated: bool) -> tuple[PeriodMention, str] | None:
    """The period a whole page reports on, if it names exactly one: in its title (2022年一季度绵阳
    地区生产总值…, 2020年重庆市国民经济和社会发展统计公报; on a dated page also 前三季度:内江经济…),
    else the year its text opens with (`2024年,面对外部压力…`, a bulletin's opening paragraph)."""
    if title:
        forms = (EXPLICIT, BARE, RELATIVE) if dated else (EXPLICIT,)
        found = [p for p in find_periods(title) if p.form in forms and not p.comparison and p.text]
        if len({p.text for p in found}) == 1 and found[0].text != "以来":
            return found[0], "title"
    opening = find_periods(text[:12])
    if opening and opening[0].start == 0 and opening[0].form == EXPLICIT and opening[0].text:
        mention = opening[0]
        if re.fullmatch(r"\d{4}年", mention.text or ""):
            return mention, "page"
    return None


def _title_year(title: str | None) -> int | None:
    if not title:
        return None
    years = {p.year(None) for p in find_periods(title) if p.form == EXPLICIT and not p.comparison}
    return years.pop() if len(years) == 1 else None


@lru_cache(maxsize=16)
def _figures(s: str) -> tuple[Figure, ...]:
    """A sentence's figures, read once: binding, restated growth and time frames all ask."""
    return tuple(find_figures(s))


def _sentence_rows(s: str, ctx: _Context) -> list[_Row]:
    periods = [p for p in find_periods(s) if not p.comparison] if _PERIOD_HINT.search(s) else []
    years, year_after = _years_at(periods, ctx)
    rows: list[_Row] = []
    regions: list[RegionMention] = []
    enumerated: set[int] = set()
    if _FIGURE_HINT.search(s):
        masked = [m.span() for m in _SHARE_SPAN.finditer(s)]
        mentions = [m for m in find_metrics(s) if not _inside(m.start, masked)]
        mentions = _within_parent(s, mentions, ctx)
        if mentions:
            # a place inside a metric's name (对东盟进出口) is its partner, not its region
            named = [(m.start, m.end) for m in mentions]
            regions = [
                r
                for r in find_regions(s, ctx.regions)
                if not _inside(r.start, masked) and not _inside(r.start, named)
            ]
            rows = _bind(s, mentions, _figures(s), regions, enumerated)
    cue_text = blank_metrics(s) if rows else s
    for row in rows:
        _place(s, row, regions, enumerated, ctx)
        _date(cue_text, row, periods, years, ctx)
    rows = _tidy(rows)
    for row in rows:
        _settle_basis(s, row)
    if rows:  # a sentence without figures of its own (…拉动…贡献率为58.6%) keeps the whole in view
        ctx.last_metric = rows[-1].metric.name
    if rows:
        ctx.year = year_after
    elif (
        periods
        and year_after is not None
        and year_after == ctx.latest_year
        and _sets_frame(s, periods)
    ):
        # 四川省统计局发布了2019年上半年经济数据。: the year the figures after it are of (the page's
        # latest year, not a look back: 1997年重庆成为直辖市)
        ctx.year = year_after
    _carry(s, rows, regions, enumerated, periods, years, ctx)
    return rows


def _within_parent(s: str, mentions: list[MetricMention], ctx: _Context) -> list[MetricMention]:
    """Parts of a whole named after it: `民营经济增加值…。其中,第一产业增加值255.51亿元` is the private
    economy's first sector, `户籍人口中,城镇人口51.57万人` the registered urban population."""
    parts = metrics().parts
    scope: tuple[int, dict[str, str]] | None = None
    if s.startswith("其中") and ctx.last_metric in parts:
        scope = (0, parts[ctx.last_metric])
    for m in mentions:
        if m.name in parts and re.match(r"中[，,]", s[m.end : m.end + 2]):
            scope = (m.end, parts[m.name])  # 户籍人口中, …
        elif m.name in parts and (within := _PARTS_FOLLOW.match(s, m.end)):
            scope = (within.end(), parts[m.name])  # 户籍总人口134.3万人,…,其中:城镇人口…
    if scope is None:
        return mentions
    start, names = scope
    return [
        replace(m, name=names[m.name], stock=m.stock) if m.start >= start and m.name in names else m
        for m in mentions
    ]


# 户籍总人口134.3万人,比上年下降0.5%,其中:城镇人口…: the parts of the whole just named.
_PARTS_FOLLOW = re.compile(r"[^；;。其]{0,40}?其中[：:，,]?")


def _years_at(periods: list[PeriodMention], ctx: _Context) -> tuple[list[int | None], int | None]:
    """The document's year context just before each period mention, and after the last one."""
    running = ctx.year
    years: list[int | None] = []
    for p in periods:
        years.append(running)
        if p.form == EXPLICIT or (
            p.form == RELATIVE and (p.text or "").startswith(("今年", "本年"))
        ):
            running = p.year(ctx.base)  # None for 今年 without a publish date: unknown
        # 超过去年全年的8118.5亿元: a look back at last year does not move the year under discussion
        elif p.form == LOST:
            running = None
    return years, running


def _place(
    s: str, row: _Row, regions: list[RegionMention], enumerated: set[int], ctx: _Context
) -> None:
    if row.region_known:
        return
    found = _sentence_region(s, row.metric.start, regions, enumerated)
    if found is not None:
        row.region = found.name
        if found.subject_word:
            row.region_source = "subject_word"
        elif found.start >= _clause_start(s, row.metric.start):
            row.region_source = "clause"
        else:
            row.region_source = "sentence"
    elif row.metric.region is not None:
        row.region, row.region_source = row.metric.region, "metric"  # 国内生产总值: the country's
    elif isinstance(ctx.carry_region, _Ambiguous):
        row.region = None
    elif ctx.carry_region is not None:
        row.region, row.region_source = ctx.carry_region, ctx.carry_region_source
    else:
        row.region = ctx.regions.home
        row.region_source = "page_subject" if row.region is not None else None


def _sentence_region(
    s: str, metric_start: int, regions: list[RegionMention], enumerated: set[int]
) -> RegionMention | None:
    """The nearest region in the metric's clause, else the first of the nearest earlier clause."""
    clause = _clause_start(s, metric_start)
    usable = [r for r in regions if id(r) not in enumerated and r.end <= metric_start]
    same = [r for r in usable if r.start >= clause]
    if same:
        return same[-1]
    if not usable:
        return None
    previous = _clause_start(s, usable[-1].start)
    earlier = [r for r in usable if r.start >= previous]
    # the subject of that clause; `中国内陆主要城市重庆`: the city the country only locates
    if (
        len(earlier) > 1
        and earlier[0].level in ("country", "province")
        and earlier[-1].level
        not in (
            "country",
            "province",
        )
    ):
        return earlier[-1]
    return earlier[0]


def _clause_start(s: str, pos: int) -> int:
    last = 0
    for m in _CLAUSE_SEP.finditer(s, 0, pos):
        last = m.end()
    return last


def _date(
    cue_text: str,
    row: _Row,
    periods: list[PeriodMention],
    years: list[int | None],
    ctx: _Context,
) -> None:
    pos = min(f.start for f in row.figures())
    clause = _clause_start(cue_text, pos)
    # 实现近20年来的历史性突破;农林牧渔业总产值达564亿元: a span dates its own clause only
    own = [
        i
        for i, p in enumerate(periods)
        if p.start < pos and (p.form != SPAN or p.horizon or p.start >= clause)
    ]
    plan_end = _PLAN_END_BEFORE.match(cue_text, row.value.end) if row.value else None
    if row.year_of is not None:
        row.period = PeriodMention(0, 0, f"{row.year_of}年", False, EXPLICIT)
        row.period_year, row.period_source = None, "sentence"
    elif plan_end and not row.start_of_span:
        # 工业增加值1013亿元,是“十二五”末的1.7倍: the level at the end of the plan after it
        year = PLAN_START[plan_end.group(1)] + 9
        row.period = PeriodMention(plan_end.start(), plan_end.end(), f"{year}年", False, EXPLICIT)
        row.period_year, row.period_source = None, "sentence"
    elif row.start_of_span:
        # dated by the year written before it (marked a comparison base in `periods`)
        written = re.search(r"(\d{4})年(末|底)?的?$", cue_text[: row.anchor])
        row.period = PeriodMention(
            0, 0, written.group(0).rstrip("的") if written else None, False, EXPLICIT
        )
        row.period_year, row.period_source = None, "sentence"
    elif own:
        row.period, row.period_year = periods[own[-1]], years[own[-1]]
        row.period_source = _year_source(row.period, row.period_year, ctx)
    elif ctx.carry_period is not None and (
        row.metric.stock or not _POINT.search(ctx.carry_period[0].text or "")
    ):
        # 年末…个体工商户16.32万户。民间投资增长14.5%: a date (年末) dates levels, not flows
        row.period, row.period_year = ctx.carry_period
        row.period_source = "paragraph"
    elif ctx.page_period is not None and not row.metric.stock:
        row.period, row.period_source = ctx.page_period
        row.period_year = None
    if (
        row.period is not None
        and row.period.form == BARE
        and row.period_year is None
        and ctx.page_period is not None
    ):
        row.period_year = ctx.page_period[0].year(None)  # 年末 in a bulletin on 2023: 2023年末
    start = min(row.anchor, *(f.start for f in row.figures()))
    end = max(f.end for f in row.figures())
    qualifiers = [(f.start, f.end) for f in row.figures() if f.qualifier is not None]
    row.target = is_goal(cue_text, start, end, qualifiers) or ctx.list_goal
    if row.span_start is not None and row.period is not None and row.period.form == UNTIL:
        # 由2020年的…增长到2024年的4005.8亿元: the end of a reported span, not a goal's horizon
        end_year = re.search(r"\d{4}年", row.period.text or "")
        row.period = PeriodMention(
            row.period.start,
            row.period.end,
            end_year.group() if end_year else None,
            False,
            EXPLICIT,
        )
    text = row.period.text if row.period is not None else None
    row.resolved = resolve_period(text, ctx.base, year=row.period_year, target=row.target)
    # 预计全年增长10.3% published after the year: an estimate of a result, not a goal
    if (
        row.target
        and row.resolved is not None
        and ctx.base is not None
        and row.resolved[1] < ctx.base
        and estimate_only(cue_text, start, end)
    ):
        row.target = False
    if row.resolved is not None and ctx.base is not None:
        # 明年, 到2027年: a period that has not ended (or not begun) by the publish date holds a
        # goal; 到2023年底 in a 2024 report is a result.
        horizon = row.period is not None and row.period.horizon
        if row.resolved[0] > ctx.base or (horizon and row.resolved[1] > ctx.base):
            row.target = True
    elif row.period is not None and row.period.horizon:
        row.target = True  # 到2027年 with no publish date: still a goal


def _sets_frame(s: str, periods: list[PeriodMention]) -> bool:
    """Whether a sentence that made no row sets the time frame for the next ones: an opening
    without figures (今年以来,全市…; 2025年是…的一年), or one whose period opens it (上半年,全市农业
    生产保持稳定,…); not an aside inside a breakdown (其中9月单月增长12.4%,增速为今年新高)."""
    if s.startswith("其中"):
        return False
    figures = _figures(s)
    return not figures or (periods[0].start < figures[0].start and periods[0].start <= 2)


_LEADING_BASE = re.compile(r"^(?:与|同)(?P<base>[^，,。]{1,12}?)(?:相比|比较)[，,]")
_YOY_BASES = ("上年", "去年", "上年同期", "去年同期", "上一年")
_MONTH_BASE = re.compile(r"(?:较|比|与)?(?:去|上)年(\d{1,2})月(?:份)?$")
_YEAR_END_BASE = re.compile(r"(?:较|比|与)?(?:去|上)年(?:末|底)$")
_SAME_PERIOD_YEAR = re.compile(r"(\d{4})年同期$")


def _settle_basis(s: str, row: _Row) -> None:
    """Growth against a base said once for the sentence (与去年12月份相比,1月份食品价格上涨2.6%),
    and bases that are the same period a year before after all (较去年1月 for January, 比上年末
    for a year-end level) moved to yoy."""
    lead = _LEADING_BASE.match(s)
    if (
        lead
        and row.yoy is not None
        and lead.group("base") not in _YOY_BASES
        and row.growth is None
        and (row.period is None or row.period.start >= lead.end())
    ):
        row.growth, row.growth_basis, row.yoy = row.yoy, "较" + lead.group("base"), None
    if row.growth is None or row.growth_basis is None or row.yoy is not None:
        return
    start, end = row.resolved or (None, None)
    written = (
        re.search(r"(?<![\d\-—~至])(\d{1,2})月(?:份)?$", row.period.text or "")
        if row.period
        else None
    )

    def year_before(basis: str) -> bool:
        month = _MONTH_BASE.search(basis)
        if month and start and end and start.month == end.month == int(month.group(1)):
            return True
        if month and start is None and written and int(written.group(1)) == int(month.group(1)):
            return True  # 今年1月…较去年1月上涨5.0% on a page without a date
        if (year := _SAME_PERIOD_YEAR.search(basis)) and start and start.year == int(year[1]) + 1:
            return True  # 1—10月…与2020年同期相比增长14% in 2021
        return bool(_YEAR_END_BASE.search(basis) and start and start == end and start.month == 12)

    candidates = [(row.growth, row.growth_basis), *row.other_growths]
    for i, (figure, basis) in enumerate(candidates):
        if year_before(basis):
            row.yoy = figure
            rest = candidates[:i] + candidates[i + 1 :]
            row.growth, row.growth_basis = rest[0] if rest else (None, None)
            return


def _year_source(mention: PeriodMention, year: int | None, ctx: _Context) -> str:
    """Where a period in the figure's own sentence got its year from."""
    if mention.form == EXPLICIT:
        return "sentence"
    if mention.form == RELATIVE or (year is None and ctx.base is not None):
        return "inferred" if ctx.base_inferred else "dateline"
    return "context"


def _carry(
    s: str,
    rows: list[_Row],
    regions: list[RegionMention],
    enumerated: set[int],
    periods: list[PeriodMention],
    years: list[int | None],
    ctx: _Context,
) -> None:
    if enumerated:
        ctx.carry_region = _AMBIGUOUS
    elif rows:
        ctx.carry_region = rows[-1].region
        ctx.carry_region_source = "paragraph"
    elif named := [r for r in regions if r.name is not None]:
        ctx.carry_region = named[0].name
        ctx.carry_region_source = "paragraph"
    dating = [r for r in rows if r.period is not None and r.period_source != "title"]
    if dating and dating[-1].period in periods:
        # the period that dated this sentence's last figure (not a later aside: 增速为今年新高)
        i = periods.index(dating[-1].period)
        ctx.carry_period = (periods[i], years[i])
        ctx.period_of_figures = True
    elif periods and not rows and _sets_frame(s, periods):
        ctx.carry_period = (periods[-1], years[-1])
        ctx.period_of_figures = False
    elif rows:
        ctx.period_of_figures = True


def _tidy(rows: list[_Row]) -> list[_Row]:
    """Fold restatements into the row they restate.

    `…22074.7亿元,增长6.0%,经济总量占全省的36.7%`: a share-only row of the same metric and region
    is that row's share. `30145.79亿元,…,经济总量首次迈上3万亿元台阶`: a threshold no larger than
    a value already given for the metric repeats it and is dropped.
    """
    kept: list[_Row] = []
    for row in rows:
        earlier = [k for k in kept if k.metric.name == row.metric.name]
        prev = earlier[-1] if earlier else None
        if (
            prev is not None
            and row.value is None
            and row.yoy is None
            and row.share is not None
            and prev.share is None
            and prev.region == row.region
        ):
            prev.share = row.share
            continue
        if (
            prev is not None
            and prev.value is not None
            and row.value is not None
            and row.yoy is None
            and row.share is None
            and row.value.qualifier == "超"
            and row.value.value <= prev.value.value
        ):
            continue
        kept.append(row)
    return kept


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _bind(
    s: str,
    mentions: list[MetricMention],
    figures: Sequence[Figure],
    regions: list[RegionMention],
    enumerated: set[int],
) -> list[_Row]:
    rows: list[_Row] = []
    i = 0
    while i < len(mentions):
        chain = [mentions[i]]
        while (
            i + 1 < len(mentions)
            and (
                mentions[i + 1].start == chain[-1].start  # one compound phrase
                or _LIST_JOINER.match(s[chain[-1].end : mentions[i + 1].start])
            )
        ):
            i += 1
            chain.append(mentions[i])
        owner = chain[-1]
        end = mentions[i + 1].start if i + 1 < len(mentions) else len(s)
        for semi in re.finditer(r"[；;]", s[owner.end : end]):
            if not s.startswith("占", owner.end + semi.end()):
                end = owner.end + semi.start()  # …增速高25.0个百分点;占…的比重为5.6%: still its own
                break
        group = [f for f in figures if owner.end <= f.start < end]
        rows.extend(_bind_group(s, chain, group, regions, enumerated))
        i += 1
    _pair_trailing(s, rows, figures)
    return rows


def _pair_trailing(s: str, rows: list[_Row], figures: Sequence[Figure]) -> None:
    """`接待游客5600万人次,实现旅游总收入620亿元,分别增长28.5%和31.2%`: the n rates after 分别
    are the growth of the n rows before them, when those rows took at most one of them."""
    percents = [f for f in figures if f.kind in _GROWTH_KINDS]
    for word in metrics().respectively:
        for m in re.finditer(word, s):
            run = _figure_run(s, [f for f in percents if f.start > m.end()])
            if len(run) < 2 or _SEP_RE.search(s[m.end() : run[0].start]):
                continue
            growth = _growth_at(s, m.start(), run[0], figures)
            starts = {f.start for f in run}
            before = [r for r in rows if r.metric.start < m.start()][-len(run) :]
            used = [r for r in rows if r.yoy is not None and r.yoy.start in starts]
            if growth is None or len(before) < len(run) or len(used) > 1:
                continue
            if any(r.yoy is not None and r.yoy.start not in starts for r in before):
                continue
            for r, f in zip(before, run, strict=True):
                r.yoy = None
                r.take_growth(f, growth)


def _bind_group(
    s: str,
    chain: list[MetricMention],
    group: list[Figure],
    regions: list[RegionMention],
    enumerated: set[int],
) -> list[_Row]:
    owner = chain[-1]
    first_fig = group[0].start if group else len(s)
    window = s[max(0, chain[0].start - 12) : first_fig]
    separately = any(w in window for w in metrics().respectively)
    if separately and len(chain) > 1:
        rows = [_Row(m, anchor=m.start) for m in chain]
        return _pair(s, rows, owner, group)
    if len(chain) > 1 and _paired_amounts(s, chain, group):
        # 生产总值和人均生产总值在2018年达到最高值(1173.52亿元和9.49万元): one value each, in order
        return _pair(s, [_Row(m, anchor=m.start) for m in chain], owner, group)
    years = _year_list(s, chain[0].start)
    if separately and len(years) > 1:
        # 2020-2022年,遂宁市分别实现地区生产总值A、B和C: one row per year, in order
        return _pair(s, [_Row(owner, anchor=owner.start, year_of=y) for y in years], owner, group)
    region_list = _region_list(s, regions, chain[0].start)
    if separately and len(region_list) > 1:
        for r in region_list:
            enumerated.add(id(r))
        rows = [
            _Row(
                owner, region=r.name, region_known=True, anchor=r.start, region_source="enumeration"
            )
            for r in region_list
        ]
        return _pair(s, rows, owner, group)
    row = _Row(owner, anchor=owner.start)
    if len(region_list) > 1:
        row.region, row.region_known = None, True  # 重庆和四川GDP…: no single region to name
        for r in region_list:
            enumerated.add(id(r))
    later = _period_led_growths(s, group)
    _fill(s, row, [f for f in group if f not in later])
    extra = []
    for f, growth in later.items():
        # 9月,…增加值同比增长5.6%,1—9月同比增长2.4%: the same metric over another period
        more = replace(row, value=None, yoy=None, share=None, growth=None, growth_basis=None)
        more.other_growths, more.span_start, more.anchor = [], None, _clause_start(s, f.start)
        more.take_growth(f, growth)
        extra.append(more)
    if not row.figures():
        return extra
    if row.span_start is not None and _SPAN_YEAR.search(s, 0, row.span_start.start):
        # 由2020年的2863.5亿元增长到2024年的4005.8亿元: the starting figure is a figure of its own year
        start = _Row(owner, value=row.span_start, anchor=row.span_start.start, start_of_span=True)
        return [start, row, *extra]
    return [row, *extra]


_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})年?\s*[-—–~至到]\s*((?:19|20)\d{2})\s*年")
_YEAR_ENUM = re.compile(r"((?:19|20)\d{2})年(?:(?:、|和|及|与)(?:19|20)\d{2}年)+")
YEAR_LIST_MAX = 10  # a longer range is a span of its own (1978—2023年), not a list of years


def _period_led_growths(s: str, group: list[Figure]) -> dict[Figure, Growth]:
    """Growths after the first figure in a clause of their own that opens with a period of its own
    (`,1—9月同比增长2.4%`), with what growth each is."""
    out: dict[Figure, Growth] = {}
    for f in group[1:]:
        if f.kind != "percent":
            continue
        lead = s[_clause_start(s, f.start) : f.start]
        opening = find_periods(lead)
        if not opening or opening[0].start != 0 or opening[0].form not in (BARE, EXPLICIT):
            continue
        growth = read_growth(lead[opening[0].end :])
        if growth is not None:
            out[f] = growth
    return out


def _year_list(s: str, before: int) -> list[int]:
    """The years a sentence lists before `before` (2020-2022年, 2021年、2022年和2023年), in order."""
    found: list[int] = []
    for m in _YEAR_RANGE.finditer(s, 0, before):
        a, b = int(m.group(1)), int(m.group(2))
        found = list(range(a, b + 1)) if 0 < b - a < YEAR_LIST_MAX else []
    for m in _YEAR_ENUM.finditer(s, 0, before):
        found = [int(y) for y in re.findall(r"(\d{4})年", m.group())]
    return found


def _paired_amounts(s: str, chain: list[MetricMention], group: list[Figure]) -> bool:
    """Whether a run of amounts, one per metric of the chain and each fit for its metric, is the
    only thing the group holds (no rates to share out)."""
    amounts = _figure_run(s, [f for f in group if f.kind == "amount"])
    if len(amounts) != len(chain) or len(amounts) != len(group):
        return False
    return all(_compatible(m, f) for m, f in zip(chain, amounts, strict=True))


def _region_list(s: str, regions: list[RegionMention], metric_start: int) -> list[RegionMention]:
    """Regions joined by 、/和 that end shortly before the metric, in the same clause."""
    before = [r for r in regions if r.end <= metric_start]
    if not before:
        return []
    gap = s[before[-1].end : metric_start]
    if len(gap) > _MAX_REGION_GAP or any(c in gap for c in _HARD_SEP):
        return []
    chain = [before[-1]]
    for r in reversed(before[:-1]):
        if _REGION_JOINER.match(s[r.end : chain[0].start]):
            chain.insert(0, r)
        else:
            break
    return chain


def _pair(s: str, rows: list[_Row], owner: MetricMention, group: list[Figure]) -> list[_Row]:
    """分别: the n-th value (and growth) goes to the n-th region or metric, counts must agree."""
    n = len(rows)
    amounts = _figure_run(s, [f for f in group if f.kind == "amount"])
    percents = _figure_run(s, [f for f in group if f.kind in _GROWTH_KINDS])
    if len(amounts) == n and all(
        _compatible(r.metric, f) for r, f in zip(rows, amounts, strict=True)
    ):
        for r, f in zip(rows, amounts, strict=True):
            r.value = f
    growth = _growth_at(s, owner.end, percents[0], group) if percents else None
    if len(percents) == n and (
        growth is not None or all(r.metric.unit_kind == "rate" for r in rows)
    ):
        for r, f in zip(rows, percents, strict=True):
            if r.metric.unit_kind == "rate":
                r.value = (
                    f  # 城镇登记失业率、居民消费价格涨幅分别控制在4.4%和3.0%: a rate is its value
                )
            elif growth is not None:
                r.take_growth(f, growth)
    shared = amounts[0].qualifier if amounts else None  # 突破1万家、7.5万家: both 超
    for r in rows:
        if (
            shared
            and r.value is not None
            and r.value.kind == "amount"
            and r.value.qualifier is None
        ):
            r.value = _with_qualifier(r.value, shared)
    return [r for r in rows if r.value or r.yoy or r.growth]


def _figure_run(s: str, figs: list[Figure]) -> list[Figure]:
    """The first run of figures joined only by 、/和/，: the enumerated values."""
    run: list[Figure] = []
    for f in figs:
        if run and not _FIGURE_JOINER.match(s[run[-1].end : f.start]):
            break
        run.append(f)
    return run


def _fill(s: str, row: _Row, group: list[Figure]) -> None:
    m = row.metric
    based = False  # saw 从X…: the value is the figure after 到
    started_from = False  # the row's value is the end of a 从…到 span
    first = group[0].start if group else len(s)
    for f in group:
        gap = s[m.end : f.start]
        seg = _segment(s, m.end, f, group)
        same_clause = (
            not any(c in gap for c in _HARD_SEP)
            or (
                # 地区生产总值连跨两个千亿台阶,由2020年的2863.5亿元…: a clause that goes on about the
                # metric, with no figure of anything else between
                f.start == first
                and _CONTINUES.match(s, _clause_start(s, f.start)) is not None
                and not re.search(r"[；;。]", gap)
            )
            or (
                based  # …2863.5亿元增长到2024年的4005.8亿元: the span's end, in the same clause as its start
                and row.value is not None
                and not any(c in s[row.value.end : f.start] for c in _HARD_SEP)
            )
        )
        if f.kind == "amount":
            if (
                row.value is not None
                and row.value.qualifier is not None
                and _compatible(m, f)
                and f.value >= row.value.value
                and _THEN_EXACT.fullmatch(s, row.value.end, f.start)
            ):
                row.value = f  # 突破8万亿元,达8.1万亿元: the threshold, then the figure itself
                continue
            if not same_clause or not _compatible(m, f) or _CHANGE_TAIL.search(seg):
                continue
            if _threshold_only(s, m, f):
                continue
            if row.value is None:
                row.value = f
                based = "从" in seg or "由" in seg
            elif based and re.search(r"[到至](?:\d{4}年的?)?$", seg):
                row.span_start = row.value
                row.value, based, started_from = f, False, True
        elif f.kind in ("times", "flat"):
            growth = _growth_at(s, m.end, f, group)
            if growth is not None and not started_from:
                row.take_growth(f, growth)
        elif f.kind == "percent":
            growth = _growth_at(s, m.end, f, group)
            if growth is not None:
                # 从6.04亿元上升到20690亿元,增长了3424.5倍: growth over the span, implied by both ends
                if not started_from:
                    row.take_growth(f, growth)
            elif seg.endswith("以") and _RATE_NOUN.match(s, f.end) and row.yoy is None:
                row.yoy = f  # GDP达314.7亿元,以14.9%的名义增速领跑全市
            elif _SHARE_SEG.fullmatch(seg):
                if row.share is None:
                    row.share = f
            elif same_clause and m.unit_kind == "rate" and row.value is None:
                if _RATE_GAP.match(gap) or (len(gap) <= 6 and not _SEP_RE.search(gap)):
                    row.value = f
                    based = "从" in seg or "由" in seg
                elif re.search("[从由]", gap) and not _SEP_RE.search(gap):
                    row.value, based = f, True  # 城镇化率由直辖时的29.5%提高到65.5%
            elif based and m.unit_kind == "rate" and re.search(r"[到至](?:\d{4}年的?)?$", seg):
                row.span_start = row.value
                row.value, based, started_from = f, False, True
            elif same_clause and _BARE_GAP.match(gap) and row.yoy is None and row.value is None:
                row.yoy = f  # 金融业增加值7.2%: a bare rate after a level metric is its growth


_RATE_NOUN = re.compile(r"的(?:名义|实际)?(?:增速|增幅|增长速度|增长)")
# 7个市州一季度地区生产总值超过500亿元: how many places pass a mark, not a figure of one
_PLACE_COUNT = re.compile(r"有[\d一二三四五六七八九十]+个(?:市州|市|区县|县|区|城市|省份|地区|镇)")


def _threshold_only(s: str, m: MetricMention, f: Figure) -> bool:
    """Whether a figure past a mark (突破, 超过, 逼近) only describes: `经济总量突破3000亿元的宜宾`
    (a city so big), or counts the places past it."""
    if f.qualifier not in ("超", "近", "以上"):
        return False
    if s.startswith("的", f.end):
        return True
    return bool(_PLACE_COUNT.search(s, _clause_start(s, m.start), m.start))


def _segment(s: str, anchor: int, f: Figure, group: Sequence[Figure]) -> str:
    """Text between the last separator (or previous figure, or the metric) and the figure."""
    start = anchor
    for g in group:
        if g.end <= f.start:
            start = max(start, g.end)
    for sep in _SEP_RE.finditer(s, start, f.start):
        start = sep.end()
    return s[start : f.start].strip()


def _growth_at(s: str, anchor: int, f: Figure, figures: Sequence[Figure]) -> Growth | None:
    """What growth the words before `f` make it (see growth.py), from its segment's start."""
    seg = _segment(s, anchor, f, figures)
    return read_growth(seg, flat=f.kind == "flat")


def _compatible(m: MetricMention, f: Figure) -> bool:
    if f.kind != "amount" or m.unit_kind in _AMOUNT_KINDS_EXCLUDED:
        return False
    if m.unit_kind == "money" and "人均" in m.name and f.value >= PER_HEAD_MAX:
        return False  # 人均生产总值 and 1173.52亿元: a total, not an amount per head
    return f.unit_kind is None or f.unit_kind == m.unit_kind


PER_HEAD_MAX = 1e7  # no per-head amount (income, output) reaches ten million yuan


def _negated(f: Figure) -> Figure:
    return Figure(
        f.kind, f.start, f.end, -f.value, f.unit, f.unit_kind, f.qualifier, f.text, f.num_start
    )


def _with_qualifier(f: Figure, qualifier: str) -> Figure:
    return Figure(
        f.kind, f.start, f.end, f.value, f.unit, f.unit_kind, qualifier, f.text, f.num_start
    )


def _indicator(row: _Row, sentence: str, offset: int) -> Indicator:
    lex = metrics()
    value = row.value
    unit = None
    if value is not None:
        unit = value.unit or lex.default_units.get(row.metric.unit_kind)
    qualifier = next((f.qualifier for f in row.figures() if f.qualifier), None)
    figs = row.figures()
    period = row.resolved
    return Indicator(
        metric=row.metric.name,
        region=row.region,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        period_text=row.period.text if row.period is not None else None,
        value=value.value if value is not None else None,
        unit=unit,
        value_text=value.text if value is not None else "",
        qualifier=qualifier,
        yoy_pct=row.yoy.value if row.yoy is not None else None,
        share_pct=row.share.value if row.share is not None else None,
        growth_pct=row.growth.value if row.growth is not None else None,
        growth_basis=row.growth_basis,
        region_source=row.region_source if row.region is not None else None,
        period_source=row.period_source if period is not None else None,
        kind="target" if row.target else "actual",
        sentence=sentence,
        char_start=offset + min(row.anchor, *(f.start for f in figs)),
        char_end=offset + max(f.end for f in figs),
    )
