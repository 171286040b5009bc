"""Binds metric, region, period and figures of each sentence into Indicator rows.

A metric name opens a group that runs to the next metric (or a ；). Inside it, an amount of a
compatible unit is the value; a percentage is growth after 增长/增速/下降…, a share after 占…,
the value itself for a rate metric (城镇化率75%), and growth when it follows a non-rate metric
bare (`金融业增加值7.2%` in a list of 上半年 results is growth: a level would carry a unit).
Region and period are the nearest ones before the figure in the sentence, else carried from
earlier sentences of the same paragraph. 分别 pairs enumerated regions or metrics with values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from newslake.records import Indicator
from tasks.extract.lexicon import alternation, metrics
from tasks.extract.metrics import MetricMention, find_metrics
from tasks.extract.numbers import Figure, find_figures
from tasks.extract.periods import PeriodMention, find_periods, resolve_period
from tasks.extract.regions import RegionMention, find_regions, subject_regions
from tasks.extract.sentences import Sentence, split_sentences

_HARD_SEP = "，,；;：:。"
_SEP_RE = re.compile(r"[，,；;：:、]")
_SHARE_SPAN = re.compile(r"占[^，,。；;：:\d%]{0,12}?(?:比重|比例|的)|占比")
_SHARE_SEG = re.compile(r"占[^，,。；;：:\d%]{0,14}|占比(?:为|达到|达)?|比重(?:为|达到|达)?")
_LIST_JOINER = re.compile(r"^\s*(?:、|和|与|及|以及|,|，)\s*$")
_FIGURE_JOINER = re.compile(r"^\s*(?:、|和|与|及|,|，)?\s*$")
_RATE_GAP = re.compile(r"^(?:达到|达|为|是|提高到|提升到|上升到|升至|稳定在|保持在|分别为)?$")
_BARE_GAP = re.compile(r"^(?:同比|为|达)?$")
_CHANGE_TAIL = re.compile(r"(?:增长|增加|减少|下降|提高|扩大)了?$")
_FUTURE_TEXT = re.compile(r"^(?:未来|到|至)")
_AMOUNT_KINDS_EXCLUDED = ("rate", "index")


@dataclass(slots=True)
class _Row:
    metric: MetricMention
    region: str | None = None
    period: PeriodMention | None = None
    value: Figure | None = None
    yoy: Figure | None = None
    share: Figure | None = None
    anchor: int = 0  # where the row's text starts in the sentence


def extract_indicators(
    text: str, *, published_at: datetime | None, title: str | None = None
) -> list[Indicator]:
    """Every reported figure in `text` as an Indicator row, in document order."""
    base = published_at.date() if published_at is not None else None
    subject = subject_regions(title, text)
    out: list[Indicator] = []
    carry_region: str | None = None
    carry_period: PeriodMention | None = None
    paragraph = -1
    for sent in split_sentences(text):
        if sent.paragraph != paragraph:
            paragraph, carry_region, carry_period = sent.paragraph, None, None
        s = sent.text
        masked = [m.span() for m in _SHARE_SPAN.finditer(s)]
        regions = [r for r in find_regions(s, subject) if not _inside(r.start, masked)]
        periods = [p for p in find_periods(s) if not p.comparison]
        rows: list[_Row] = []
        enumerated: set[int] = set()
        if any(ch.isdigit() for ch in s) or "百分之" in s:
            mentions = [m for m in find_metrics(s) if not _inside(m.start, masked)]
            if mentions:
                figures = find_figures(s)
                rows = _bind(s, mentions, figures, regions, enumerated)
        for row in rows:
            if row.region is None and not row_has_own_region(row, regions, enumerated):
                row.region = carry_region
            pos = _first_figure_pos(row)
            own = [p for p in periods if p.start < pos]
            row.period = own[-1] if own else carry_period
            out.append(_indicator(row, sent, base))
        if regions:
            last = regions[-1]
            carry_region = None if id(last) in enumerated else last.name
        if periods:
            carry_period = periods[-1]
    return out


def row_has_own_region(row: _Row, regions: list[RegionMention], enumerated: set[int]) -> bool:
    """True when the sentence names a region before the row (so no carrying from earlier)."""
    return any(r.start < row.metric.start for r in regions)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _first_figure_pos(row: _Row) -> int:
    figs = [f.start for f in (row.value, row.yoy, row.share) if f is not None]
    return min(figs) if figs else row.metric.end


def _bind(
    s: str,
    mentions: list[MetricMention],
    figures: list[Figure],
    regions: list[RegionMention],
    enumerated: set[int],
) -> list[_Row]:
    rows: list[_Row] = []
    i = 0
    while i < len(mentions):
        chain = [mentions[i]]
        while i + 1 < len(mentions) and _LIST_JOINER.match(
            s[chain[-1].end : mentions[i + 1].start]
        ):
            i += 1
            chain.append(mentions[i])
        owner = chain[-1]
        end = mentions[i + 1].start if i + 1 < len(mentions) else len(s)
        semi = re.search(r"[；;]", s[owner.end : end])
        if semi:
            end = owner.end + semi.start()
        group = [f for f in figures if owner.end <= f.start < end]
        rows.extend(_bind_group(s, chain, group, regions, enumerated))
        i += 1
    return rows


def _bind_group(
    s: str,
    chain: list[MetricMention],
    group: list[Figure],
    regions: list[RegionMention],
    enumerated: set[int],
) -> list[_Row]:
    owner = chain[-1]
    first_fig = group[0].start if group else len(s)
    separately = "分别" in s[max(0, owner.start - 12) : first_fig]
    if separately and len(chain) > 1:
        before = [r for r in regions if r.start < chain[0].start]
        region = before[-1].name if before and id(before[-1]) not in enumerated else None
        rows = [_Row(m, region=region, anchor=m.start) for m in chain]
        return _pair(s, rows, owner, group)
    region_list = _region_list(s, regions, owner.start)
    if separately and len(region_list) > 1:
        for r in region_list:
            enumerated.add(id(r))
        rows = [_Row(owner, region=r.name, anchor=r.start) for r in region_list]
        return _pair(s, rows, owner, group)
    row = _Row(owner, anchor=owner.start)
    before = [r for r in regions if r.start < owner.start]
    if before:
        nearest = before[-1]
        if len(region_list) > 1 or id(nearest) in enumerated:
            row.region = None  # 重庆和四川GDP…: no single region to name
            enumerated.add(id(nearest))
        else:
            row.region = nearest.name
    _fill(s, row, group)
    return [row] if (row.value or row.yoy or row.share) else []


def _region_list(s: str, regions: list[RegionMention], metric_start: int) -> list[RegionMention]:
    """Regions joined by 、/和 that end right before the metric or before 分别 ahead of it."""
    before = [r for r in regions if r.end <= metric_start]
    if not before:
        return []
    gap = s[before[-1].end : metric_start]
    if not re.fullmatch(r"\s*(?:都|均)?(?:分别)?(?:\w{0,4})?", gap) or len(gap) > 8:
        return []
    chain = [before[-1]]
    for r in reversed(before[:-1]):
        if _LIST_JOINER.match(s[r.end : chain[0].start]):
            chain.insert(0, r)
        else:
            break
    return chain


def _pair(s: str, rows: list[_Row], owner: MetricMention, group: list[Figure]) -> list[_Row]:
    """分别: the n-th value (and growth) goes to the n-th region or metric, counts must agree."""
    n = len(rows)
    amounts = _figure_run(s, [f for f in group if f.kind == "amount"])
    percents = _figure_run(s, [f for f in group if f.kind == "percent"])
    if len(amounts) == n and all(
        _compatible(r.metric, f) for r, f in zip(rows, amounts, strict=True)
    ):
        for r, f in zip(rows, amounts, strict=True):
            r.value = f
    if len(percents) == n and _growth_sign(s, owner.end, percents[0]) is not None:
        sign = _growth_sign(s, owner.end, percents[0])
        for r, f in zip(rows, percents, strict=True):
            r.yoy = f if sign > 0 else _negated(f)
    elif len(percents) == n and all(r.metric.unit_kind == "rate" for r in rows):
        for r, f in zip(rows, percents, strict=True):
            r.value = f
    for r, f in zip(rows, amounts, strict=False):
        if r.value is f and f.qualifier is None and amounts[0].qualifier:
            r.value = _with_qualifier(f, amounts[0].qualifier)
    return [r for r in rows if r.value or r.yoy]


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
    for f in group:
        gap = s[m.end : f.start]
        seg = _segment(s, m.end, f, group)
        same_clause = not any(c in gap for c in _HARD_SEP)
        if f.kind == "amount":
            if not same_clause or not _compatible(m, f) or _CHANGE_TAIL.search(seg):
                continue
            if row.value is None:
                row.value = f
                based = "从" in seg
            elif based and re.search(r"[到至]$", seg):
                row.value, based = f, False
        elif f.kind == "percent":
            sign = _growth_sign(s, m.end, f)
            if sign is not None:
                if row.yoy is None:
                    row.yoy = f if sign > 0 else _negated(f)
            elif _SHARE_SEG.fullmatch(seg):
                if row.share is None:
                    row.share = f
            elif same_clause and m.unit_kind == "rate" and row.value is None:
                if _RATE_GAP.match(gap) or (len(gap) <= 6 and not _SEP_RE.search(gap)):
                    row.value = f
            elif same_clause and _BARE_GAP.match(gap) and row.yoy is None and row.value is None:
                row.yoy = f  # 金融业增加值7.2%: a bare rate after a level metric is its growth


def _segment(s: str, anchor: int, f: Figure, group: list[Figure]) -> str:
    """Text between the last separator (or previous figure, or the metric) and the figure."""
    start = anchor
    for g in group:
        if g.end <= f.start:
            start = max(start, g.end)
    for sep in _SEP_RE.finditer(s, start, f.start):
        start = sep.end()
    return s[start : f.start].strip()


def _growth_sign(s: str, anchor: int, f: Figure) -> int | None:
    seg_start = anchor
    for sep in _SEP_RE.finditer(s, anchor, f.start):
        seg_start = sep.end()
    seg = s[seg_start : f.start].strip()
    up, down = _growth_patterns()
    if up.fullmatch(seg):
        return 1
    if down.fullmatch(seg):
        return -1
    return None


_GROWTH_CACHE: list[re.Pattern[str]] = []


def _growth_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    if not _GROWTH_CACHE:
        lex = metrics()
        prefix = alternation(lex.growth_prefix)
        tail = r"(?:了|为|达到|达|约)?"
        lead = r"(?:[^，,；;：:、\d%]{0,3}?)"  # 同比 or a short filler such as 分别, 均
        _GROWTH_CACHE.append(
            re.compile(rf"{lead}(?:{prefix})?(?:{alternation(lex.growth_up)}){tail}")
        )
        _GROWTH_CACHE.append(
            re.compile(rf"{lead}(?:{prefix})?(?:{alternation(lex.growth_down)}){tail}")
        )
    return _GROWTH_CACHE[0], _GROWTH_CACHE[1]


def _compatible(m: MetricMention, f: Figure) -> bool:
    if f.kind != "amount" or m.unit_kind in _AMOUNT_KINDS_EXCLUDED:
        return False
    return f.unit_kind is None or f.unit_kind == m.unit_kind


def _negated(f: Figure) -> Figure:
    return Figure(
        f.kind, f.start, f.end, -f.value, f.unit, f.unit_kind, f.qualifier, f.text, f.num_start
    )


def _with_qualifier(f: Figure, qualifier: str) -> Figure:
    return Figure(
        f.kind, f.start, f.end, f.value, f.unit, f.unit_kind, qualifier, f.text, f.num_start
    )


def _is_target(s: str, row: _Row, period: tuple[date, date] | None, base: date | None) -> bool:
    lex = metrics()
    end = max(f.end for f in (row.value, row.yoy, row.share) if f is not None)
    # Metric names (人均预期寿命 holds 预期) and qualifiers (将近 holds 将) are not cues.
    window = lex.pattern.sub(lambda m: " " * len(m.group()), s[: min(len(s), end + 3)])
    for f in (row.value, row.yoy, row.share):
        if f is not None and f.qualifier is not None:
            window = window.replace(f.text, " " * len(f.text))  # 将近 is a qualifier, not 将
    if any(cue in window for cue in lex.target_cues):
        return True
    text = row.period.text if row.period is not None else None
    if text and _FUTURE_TEXT.match(text):
        return True
    return period is not None and base is not None and period[0] > base


def _indicator(row: _Row, sent: Sentence, base: date | None) -> Indicator:
    lex = metrics()
    period_text = row.period.text if row.period is not None else None
    period = resolve_period(period_text, base)
    value = row.value
    unit = None
    if value is not None:
        unit = value.unit or lex.default_units.get(row.metric.unit_kind)
    qualifier = next(
        (f.qualifier for f in (row.value, row.yoy, row.share) if f is not None and f.qualifier),
        None,
    )
    figs = [f for f in (row.value, row.yoy, row.share) if f is not None]
    return Indicator(
        metric=row.metric.name,
        region=row.region,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        period_text=period_text,
        value=value.value if value is not None else None,
        unit=unit,
        value_text=value.text if value is not None else "",
        qualifier=qualifier,
        yoy_pct=row.yoy.value if row.yoy is not None else None,
        share_pct=row.share.value if row.share is not None else None,
        kind="target" if _is_target(sent.text, row, period, base) else "actual",
        sentence=sent.text,
        char_start=sent.start + min(row.anchor, *(f.start for f in figs)),
        char_end=sent.start + max(f.end for f in figs),
    )
