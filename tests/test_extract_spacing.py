"""Spacing and doubled clause marks are repaired for extraction, with offsets into the original."""

from __future__ import annotations

from newslake.extract.spacing import repair


def test_spaces_inside_words_and_figures_go() -> None:
    assert (
        repair("地区生产 总值达到4807.2 亿 元,增长 2.8%")[0]
        == "地区生产总值达到4807.2亿元,增长2.8%"
    )
    assert repair("新改建农村公路 1 000 千米")[0] == "新改建农村公路1000千米"


def test_numbers_side_by_side_stay_apart() -> None:
    assert repair("2019 2020 2021年")[0] == "2019 2020 2021年"
    assert repair("都市区 | 3445.34 | 9.3")[0] == "都市区 | 3445.34 | 9.3"


def test_a_run_of_clause_marks_keeps_one() -> None:
    assert repair("分别增长4.4%,、4.8%,、1.5%")[0] == "分别增长4.4%、4.8%、1.5%"
    assert repair("前三季度,,全区经济")[0] == "前三季度,全区经济"


def test_offsets_map_back_to_the_text_as_written() -> None:
    text = "总量 1 200 亿元"
    fixed, origin = repair(text)
    assert fixed == "总量1200亿元"
    assert [text[i] for i in origin] == list(fixed)
