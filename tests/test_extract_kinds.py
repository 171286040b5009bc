"""Goals and results: a goal word reaches the end of its part of the sentence."""

from __future__ import annotations

from newslake.extract.kinds import blank_metrics, estimate_only, is_goal


def _goal(sentence: str, figure: str) -> bool:
    start = sentence.index(figure)
    return is_goal(blank_metrics(sentence), start, start + len(figure), [])


def test_a_goal_word_covers_the_list_after_it() -> None:
    s = "2025年,全区将力争地区生产总值增长6.5%,一般公共预算收入增长5%,新增就业3万人。"
    assert _goal(s, "6.5%") and _goal(s, "5%") and _goal(s, "3万人")


def test_a_semicolon_ends_the_goal_word_but_not_an_announced_list() -> None:
    s = "上半年工业投资增长9%,预计全年增长12%;消费品零售总额1200亿元。"
    assert not _goal(s, "9%") and _goal(s, "12%") and not _goal(s, "1200亿元")
    listed = "会议提出今年主要预期目标:经济增长6%左右;城镇新增就业60万人。"
    assert _goal(listed, "6%") and _goal(listed, "60万人")


def test_words_inside_metric_names_are_no_cues() -> None:
    s = "全市人均预期寿命达到78.2岁。"
    assert not _goal(s, "78.2岁")


def test_an_estimate_is_told_from_a_goal() -> None:
    s = blank_metrics("全年地区生产总值预计增长6.1%")
    assert estimate_only(s, s.index("6.1%"), len(s))
    s = blank_metrics("全年地区生产总值力争增长6.1%")
    assert not estimate_only(s, s.index("6.1%"), len(s))
