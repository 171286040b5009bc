"""What a percentage after a metric is: growth year on year, growth against another base, or not
the metric's at all."""

from __future__ import annotations

import pytest

from newslake.extract.growth import Growth, read_growth


@pytest.mark.parametrize(
    "segment",
    ["增长", "同比增长", "比上年增长", "按可比价格计算比上年增长", "按不变价格计算同比增长", "可比增长",
     "比上年可比增长", "增速为", "增幅达", "比上年名义增长", "分别增长", "预计增长", "将增长", "上涨"],
)  # fmt: skip
def test_year_on_year(segment: str) -> None:
    assert read_growth(segment) == Growth(1, None)


@pytest.mark.parametrize("segment", ["下降", "同比下降", "比上年减少", "负增长"])
def test_falls_are_negative(segment: str) -> None:
    assert read_growth(segment) == Growth(-1, None)


@pytest.mark.parametrize(
    ("segment", "basis"),
    [("年均增长", "年均"), ("两年平均增长", "两年平均"), ("较2020年末增长", "较2020年末"),
     ("环比增长", "环比"), ("比年初增加", "比年初"), ("较上半年提高", "较上半年")],
)  # fmt: skip
def test_other_bases_are_kept_apart(segment: str, basis: str) -> None:
    assert read_growth(segment) == Growth(1, basis)


@pytest.mark.parametrize(
    "segment", ["服务价格上涨", "消费品价格下降", "带动全区增长", "排名上升", ""]
)
def test_another_subject_or_no_growth_word(segment: str) -> None:
    assert read_growth(segment) is None


def test_flat_is_growth_of_its_comparison() -> None:
    assert read_growth("与上年", flat=True) == Growth(1, None)
    assert read_growth("同比", flat=True) == Growth(1, None)
    assert read_growth("较年初", flat=True) == Growth(1, "较年初")
