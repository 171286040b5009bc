"""Period expressions resolved against the publish date and the year a document talks about."""

from __future__ import annotations

from datetime import date, datetime

import jionlp
import pytest

from newslake.extract.periods import find_periods, resolve_period

PUB = date(2023, 12, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年", (date(2023, 1, 1), date(2023, 12, 31))),
        ("今年", (date(2023, 1, 1), date(2023, 12, 31))),
        ("去年", (date(2022, 1, 1), date(2022, 12, 31))),
        ("本年前三季度", (date(2023, 1, 1), date(2023, 9, 30))),
        ("2022年前三季度", (date(2022, 1, 1), date(2022, 9, 30))),
        ("今年上半年", (date(2023, 1, 1), date(2023, 6, 30))),
        ("一季度", (date(2023, 1, 1), date(2023, 3, 31))),
        ("1—11月", (date(2023, 1, 1), date(2023, 11, 30))),
        ("1-11月", (date(2023, 1, 1), date(2023, 11, 30))),
        ("今年1-11月", (date(2023, 1, 1), date(2023, 11, 30))),
        ("1至11月", (date(2023, 1, 1), date(2023, 11, 30))),
        ("前两个月", (date(2023, 1, 1), date(2023, 2, 28))),
        ("2023年末", (date(2023, 12, 31), date(2023, 12, 31))),
        ("截至6月末", (date(2023, 6, 30), date(2023, 6, 30))),
        ("截至2023年底", (date(2023, 12, 31), date(2023, 12, 31))),
        ("到2027年", (date(2027, 1, 1), date(2027, 12, 31))),
        ("未来五年", (date(2023, 1, 1), date(2027, 12, 31))),
        ("“十四五”期间", (date(2021, 1, 1), date(2025, 12, 31))),
        ("三年来", (date(2020, 1, 1), date(2023, 12, 20))),  # JioNLP's reading
    ],
)
def test_resolved_against_the_publish_date(text: str, expected: tuple[date, date]) -> None:
    assert resolve_period(text, PUB) == expected


def test_found_in_a_sentence_as_written() -> None:
    found = find_periods("本年前三季度,成渝地区双城经济圈地区生产总值比上年增长6.2%,1—11月…")
    assert [(p.text, p.comparison) for p in found] == [
        ("本年前三季度", False),
        ("上年", True),  # 比上年: a base of comparison, not the figure's period
        ("1—11月", False),
    ]


def test_a_part_of_a_year_takes_the_year_the_document_talks_about() -> None:
    # A report on 2023 published in January 2024: 全年 and 年末 are 2023's.
    jan = date(2024, 1, 25)
    assert resolve_period("全年", jan, year=2023) == (date(2023, 1, 1), date(2023, 12, 31))
    assert resolve_period("年末", jan, year=2023) == (date(2023, 12, 31), date(2023, 12, 31))
    # With no year in context: the latest such period ended by the publish date for a result,
    # the publish year's for a goal (力争全年…).
    assert resolve_period("全年", jan) == (date(2023, 1, 1), date(2023, 12, 31))
    assert resolve_period("全年", jan, target=True) == (date(2024, 1, 1), date(2024, 12, 31))
    assert resolve_period("上半年", date(2024, 8, 2)) == (date(2024, 1, 1), date(2024, 6, 30))


@pytest.mark.parametrize(
    "text", ["今年", "去年", "今年上半年", "1—11月", "全年", "三年来", "未来五年"]
)
def test_relative_periods_without_a_publish_date_are_unknown(text: str) -> None:
    # never filled from today's date
    assert resolve_period(text, None) is None


def test_explicit_years_resolve_without_a_publish_date() -> None:
    assert resolve_period("2021年", None) == (date(2021, 1, 1), date(2021, 12, 31))
    assert resolve_period("到2027年", None) == (date(2027, 1, 1), date(2027, 12, 31))


def test_a_year_whose_digits_were_lost_is_found_and_unknown() -> None:
    (lost,) = find_periods("年,重庆全市gdp突破2万亿元,增长6%。")
    assert lost.text is None and lost.start == 0
    assert resolve_period(lost.text, PUB) is None


def _jio(text: str) -> tuple[str, str] | str:
    try:
        return tuple(jionlp.parse_time(text, time_base=datetime(2023, 12, 20))["time"])
    except ValueError:
        return "error"


def test_where_jionlp_is_wrong_we_resolve_ourselves() -> None:
    # These are why the calendar forms are resolved in periods.py, not by JioNLP.
    assert _jio("1-11月") == ("2023-01-11 00:00:00", "2023-01-11 23:59:59")  # read as 11 Jan
    assert _jio("1—11月") == "error"
    assert _jio("前两个月")[0] == "2023-10-01 00:00:00"  # the two months before the base
    assert _jio("年末")[0] == "2023-11-01 00:00:00"  # November and December
    assert resolve_period("1-11月", PUB) == (date(2023, 1, 1), date(2023, 11, 30))


@pytest.mark.parametrize("text", ["2021年", "本年前三季度", "上半年", "一季度", "去年", "今年"])
def test_where_jionlp_is_right_we_agree_with_it(text: str) -> None:
    start, end = _jio(text)
    assert resolve_period(text, PUB) == (
        date.fromisoformat(start[:10]),
        date.fromisoformat(end[:10]),
    )


def test_the_first_character_guard_loses_no_period() -> None:
    """PERIOD_OPENS lists by hand the characters periods open with; a branch added without its
    first character there would silently never match."""
    import re
    from pathlib import Path

    from newslake.extract import periods

    plain = re.compile(periods._PERIOD_BODY)
    forms = (
        "未来五年、近3年、过去十年、30年来,到2027年底、截至2024年末、“十四五”期间、2023年全年、"
        "今年上半年、去年同期、上一年、前年、明年、前三季度、第二季度、首季度、头两个月、1-8月份、"
        "3月末、9月、年底、以来、下半年"
    )
    pages = Path(__file__).parent / "pages"
    texts = [forms, *(p.read_text(encoding="utf-8") for p in sorted(pages.glob("*.txt")))]
    for text in texts:
        assert [m.span() for m in periods._PERIOD_RE.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
