"""Finds period expressions (2023年, 本年前三季度, 1—11月, 未来五年…) and resolves them to dates.

Resolution uses the document's publish date and the year the document is talking about (the
last explicit year before the expression), never today's date: a relative expression with no
publish date, or a year whose digits were lost (`年,重庆全市gdp…`), resolves to None.
Calendar forms are resolved here because JioNLP gets several wrong (it reads 1-11月 as 11 January,
raises on 1—11月, takes 前两个月 as the two months before the base and 年末 as November–December);
JioNLP's parse_time resolves the spans it reads well (三年来, 近五年, 过去五年).
"""

from __future__ import annotations

import calendar
import contextlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from types import ModuleType

_N = r"[\d一二两三四五六七八九十]+"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_DASH = r"[—\-－–~～至到]"
_PART = (
    rf"全年|前三季度|前两季度|前二季度|上半年|下半年|第?[一二三四1-4]季度|首季度|首季(?!节)"
    rf"|(?:前|头){_N}个?月|{_MONTH}{_DASH}{_MONTH}月(?:份)?|{_MONTH}月(?:末|底)|{_MONTH}月(?:份)?(?![\d日号])"
    rf"|年底|年末|以来"
)
_REL = r"今年|本年|去年|上年|上一年|前年|明年"
_PLAN = r"[“\"]?十[一二三四五]五[”\"]?(?:期间|时期)?"
_SINCE = r"截至|截止到?"
_PERIOD_BODY = (
    rf"(?P<span>未来{_N}年|近{_N}年|过去{_N}年|{_N}年来)"
    rf"|(?P<until>(?:到|至|{_SINCE})\d{{4}}年(?:底|末)?(?!\d{{1,2}}月))"
    rf"|(?P<plan>{_PLAN})"
    rf"|(?P<cal>(?:{_SINCE})?(?:(?P<year>(?<!\d)\d{{4}}年(?!\d{{1,2}}月\d{{1,2}}[日号]))|(?P<rel>{_REL}))"
    rf"(?:{_PART}|末|底)?|(?:{_SINCE})?(?<![\d年])(?:{_PART}))"
)
# The first characters of every branch above: lets `re` skip the positions no period opens at.
PERIOD_OPENS = r"(?=[未近过\d一二两三四五六七八九十到至截“\"今本去上前明全下第首头年以])"
_PERIOD_RE = re.compile(f"{PERIOD_OPENS}(?:{_PERIOD_BODY})")
# A year that lost its digits: 年 straight after the start of a clause.
_ORPHAN_YEAR = re.compile(r"(?=年)(?:^|(?<=[，,。；;：:\s]))年(?=[，,\s]|常住|地区|全市|《)")
_COMPARISON_BEFORE = ("是", "比", "较", "与", "同", "从", "于", "由")
_COMPARISON_AFTER = re.compile(r"^(?:的[\d.]+倍|相比|同期|的水平)")
_YEAR_OFFSET = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "上一年": -1, "前年": -2, "明年": 1}
PLAN_START = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
_CAL_TEXT = re.compile(rf"(?:{_SINCE})?(?:(\d{{4}})年|({_REL}))?(.*)")

# What a mention says about the year: explicit digits, relative to the publish date, a bare part
# of a year (全年, 1—11月) that takes the year from context, a span, a goal year, a lost year.
EXPLICIT, RELATIVE, BARE, SPAN, UNTIL, PLAN, LOST = (
    "explicit", "relative", "bare", "span", "until", "plan", "lost",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int
    end: int
    text: str | None  # None for a year whose digits were lost
    comparison: bool  # 是1949年的758倍, 比上年: a base of comparison, not the figure's period
    form: str = BARE

    @property
    def horizon(self) -> bool:
        """到2027年, 未来五年: a goal's horizon (截至2023年底 is a reporting date, not one)."""
        if not self.text:
            return False
        if self.form == UNTIL:
            return self.text.startswith(("到", "至"))
        return self.form == SPAN and self.text.startswith("未来")

    def year(self, published: date | None) -> int | None:
        """The calendar year this mention names, if it names one (for the document's context)."""
        if self.text is None:
            return None
        m = _CAL_TEXT.fullmatch(self.text)
        if self.form == EXPLICIT and m and m.group(1):
            return int(m.group(1))
        if self.form == RELATIVE and m and m.group(2) and published is not None:
            return published.year + _YEAR_OFFSET[m.group(2)]
        return None


def find_periods(sentence: str) -> list[PeriodMention]:
    """Period expressions in a sentence, including orphan 年 markers, in order."""
    found: list[PeriodMention] = []
    for m in _PERIOD_RE.finditer(sentence):
        text = m.group()
        if text == "以来":
            continue
        before = sentence[max(0, m.start() - 1) : m.start()]
        after = sentence[m.end() : m.end() + 8]
        comparison = before in _COMPARISON_BEFORE or bool(_COMPARISON_AFTER.match(after))
        if m.group("rel") in ("上年", "去年") and before in ("比", "较"):
            comparison = True
        if m.group("span"):
            form = SPAN
        elif m.group("until"):
            form = UNTIL
        elif m.group("plan"):
            form = PLAN
        elif m.group("year"):
            form = EXPLICIT
        elif m.group("rel"):
            form = RELATIVE
        else:
            form = BARE
        found.append(PeriodMention(m.start(), m.end(), text, comparison, form))
    for m in _ORPHAN_YEAR.finditer(sentence):
        found.append(PeriodMention(m.start(), m.end(), None, False, LOST))
    found.sort(key=lambda p: p.start)
    return found


def resolve_period(
    text: str | None,
    published: date | None,
    *,
    year: int | None = None,
    target: bool = False,
) -> tuple[date, date] | None:
    """(start, end) of a period expression, or None if it cannot be known.

    `year` is the year the document is talking about where the expression names none (全年 in a
    report on 2023 published in 2024). Without it, a bare part of a year is the latest one that
    has ended by the publish date for a result, and the publish year's for a goal.
    """
    if text is None:
        return None
    return _resolve(text, published, year, target)


@lru_cache(maxsize=4096)
def _resolve(
    text: str, base: date | None, year: int | None, target: bool
) -> tuple[date, date] | None:
    t = text.strip('“”"')
    if m := re.fullmatch(r"(十[一二三四五]五)[”\"]?(?:期间|时期)?", t):
        first = PLAN_START[m.group(1)]
        return date(first, 1, 1), date(first + 4, 12, 31)
    if m := re.fullmatch(rf"未来({_N})年", t):
        n = _count(m.group(1))
        if base is None or n is None:
            return None
        return date(base.year, 1, 1), date(base.year + n - 1, 12, 31)
    if m := re.fullmatch(rf"(到|至|{_SINCE})(\d{{4}})年(底|末)?", t):
        y = int(m.group(2))
        if m.group(3) or m.group(1).startswith("截"):
            return date(y, 12, 31), date(y, 12, 31)
        return date(y, 1, 1), date(y, 12, 31)
    m = _CAL_TEXT.fullmatch(t)
    if m is not None and _is_calendar_part(m.group(3)):
        digits, rel, part = m.groups()
        if digits:
            return _calendar_part(part, int(digits), base)
        if rel:
            return (
                None if base is None else _calendar_part(part, base.year + _YEAR_OFFSET[rel], base)
            )
        if year is not None:
            return _calendar_part(part, year, base)
        if base is None:
            return None
        span = _calendar_part(part, base.year, base)
        if span is not None and not target and span[1] > base:
            span = _calendar_part(part, base.year - 1, base)  # 全年 in January: last year's
        return span
    return _jio(t, base)


def _is_calendar_part(part: str) -> bool:
    return part in ("", "底", "末") or re.fullmatch(_PART, part) is not None


def _calendar_part(part: str, year: int, base: date | None) -> tuple[date, date] | None:
    if part in ("", "全年"):
        return date(year, 1, 1), date(year, 12, 31)
    if part == "前三季度":
        return date(year, 1, 1), date(year, 9, 30)
    if part in ("上半年", "前两季度", "前二季度"):
        return date(year, 1, 1), date(year, 6, 30)
    if part == "下半年":
        return date(year, 7, 1), date(year, 12, 31)
    if part in ("年底", "年末", "底", "末"):
        return date(year, 12, 31), date(year, 12, 31)
    if part == "以来":
        return (date(year, 1, 1), base) if base is not None and base.year >= year else None
    if part in ("首季度", "首季"):
        return date(year, 1, 1), _month_end(year, 3)
    if m := re.fullmatch(r"第?([一二三四1-4])季度", part):
        q = "一二三四".find(m.group(1)) + 1 or int(m.group(1))
        return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
    if m := re.fullmatch(rf"(?:前|头)({_N})个?月", part):
        n = _count(m.group(1))
        return (date(year, 1, 1), _month_end(year, n)) if n and 1 <= n <= 12 else None
    if m := re.fullmatch(rf"({_MONTH}){_DASH}({_MONTH})月(?:份)?", part):
        a, b = int(m.group(1)), int(m.group(2))
        return (date(year, a, 1), _month_end(year, b)) if a <= b else None
    if m := re.fullmatch(rf"({_MONTH})月(末|底)", part):
        end = _month_end(year, int(m.group(1)))
        return end, end
    if m := re.fullmatch(rf"({_MONTH})月(?:份)?", part):
        month = int(m.group(1))
        return date(year, month, 1), _month_end(year, month)
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _count(words: str) -> int | None:
    if words.isdigit():
        return int(words)
    from newslake.extract.numbers import chinese_number

    value = chinese_number(words)
    return int(value) if value is not None else None


@lru_cache(maxsize=1)
def _jionlp() -> ModuleType:
    """JioNLP, imported on first use (~0.5 s) with its banner kept off our stdout."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


def _jio(text: str, base: date | None) -> tuple[date, date] | None:
    """JioNLP for the spans it reads well (三年来, 近五年); None when it fails or needs a base."""
    if base is None:
        return None
    jionlp = _jionlp()
    try:
        parsed = jionlp.parse_time(text, time_base=datetime(base.year, base.month, base.day))
    except Exception:  # JioNLP raises bare ValueError/TypeError/KeyError on text it cannot read
        return None
    try:
        start, end = (datetime.fromisoformat(x).date() for x in parsed["time"])
    except (TypeError, ValueError):
        return None  # 'inf' ends or a non-span answer
    return start, end
