"""Figures in a sentence: base units, qualifiers, and the numbers that are not figures."""

from __future__ import annotations

import pytest

from newslake.extract.numbers import chinese_number, find_figures


def amounts(sentence: str) -> list[tuple[float, str | None, str | None]]:
    return [(f.value, f.unit, f.qualifier) for f in find_figures(sentence) if f.kind == "amount"]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("地区生产总值5.9万亿元", 5.9e12, "元"),
        ("地区生产总值30145.79亿元", 3014579000000.0, "元"),
        ("居民人均可支配收入3.76万元", 37600.0, "元"),
        ("人均地区生产总值9964美元", 9964.0, "美元"),
        ("常住人口3191.43万人", 31914300.0, "人"),
        ("新能源汽车产量50.0万辆", 500000.0, "辆"),
        ("面积达18.5万平方公里", 185000.0, "平方公里"),
        ("运输货物15.8万标箱", 158000.0, "标箱"),
        ("接待游客1.2亿人次", 120000000.0, "人次"),
        ("空气优良天数338天", 338.0, "天"),
        ("人均预期寿命77.6岁", 77.6, "岁"),
        ("进出口总额1,234.5亿元", 123450000000.0, "元"),
    ],
)
def test_amounts_in_base_units(text: str, value: float, unit: str) -> None:
    assert amounts(text) == [(pytest.approx(value, rel=1e-12), unit, None)]


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("增加值11000多亿元", "多"),
        ("新增就业52万余人", "余"),
        ("城镇新增就业3000余人", "余"),
        ("地区生产总值超2万亿元", "超"),
        ("地区生产总值突破10万亿元", "超"),
        ("地区生产总值迈过4万亿元大关", "超"),
        ("接待游客近3亿人次", "近"),
        ("旅游总收入约2000亿元", "约"),
        ("空气优良天数338天左右", "左右"),
        ("城镇新增就业60万人以上", "以上"),
    ],
)
def test_qualifiers_are_kept(text: str, qualifier: str) -> None:
    (fig,) = find_figures(text)
    assert fig.qualifier == qualifier
    assert text.endswith(fig.text) or "大关" in text  # the words stay in value_text


def test_percentages_points_and_chinese_numerals() -> None:
    figs = find_figures("增长6.2%,占全国比重百分之六点五,提高0.7个百分点")
    assert [(f.kind, f.value) for f in figs] == [
        ("percent", 6.2),
        ("percent", 6.5),
        ("points", 0.7),
    ]
    assert chinese_number("三千") == 3000.0


@pytest.mark.parametrize(
    "text",
    [
        "咨询电话023-67880000,热线12345",  # phone numbers
        "2023年5月26日上午9:30开幕",  # years, dates and times of day
        "网址https://www.example.cn/2023/0526.html",  # URLs
        "第22届西部博览会、第二十二届摩博会",  # ordinals
        "邮编400020",  # postal codes
        "渝府发〔2023〕12号文件",  # document numbers
        "举办活动300场,签约项目40个",  # counts of events and things
        "5G基站、d88注册",  # numbers glued to Latin letters
        "乘坐地铁7号线,步行约10分钟",  # lines and minutes
    ],
)
def test_numbers_that_are_not_figures(text: str) -> None:
    assert find_figures(text) == []


def test_zhao_as_taiwan_writes_a_trillion() -> None:
    figs = find_figures("全市生产毛额为新台币3兆3757.93亿元,另一城市约2.1兆元")
    assert [(f.value, f.unit) for f in figs] == [(3375793000000.0, "元"), (2.1e12, "元")]
    [power] = find_figures("新增装机容量120兆瓦")  # 兆瓦 is mega-
    assert (power.value, power.unit) == (1.2e8, "瓦")


def test_growth_multiples_and_flat() -> None:
    assert [(f.kind, f.value) for f in find_figures("出口增长1.3倍")] == [("times", 130.0)]
    assert [(f.kind, f.value) for f in find_figures("价格与上年持平")] == [("flat", 0.0)]


def test_a_figure_glued_to_gdp() -> None:
    [f] = find_figures("全区实现GDP517.6亿元")
    assert f.value == 517.6e8 and f.text == "517.6亿元"
