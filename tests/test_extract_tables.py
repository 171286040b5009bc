"""Tables written as text: pipe rows under a header of units and meanings, year lines."""

from __future__ import annotations

from newslake.extract.tables import read_tables

TABLE = [
    "2024年主要城市地区生产总值",
    "地区 | 绝对量(亿元) | 比上年增长(%) | 比重(%)",
    "成都市 | 23511.3 | 5.7 | 36.6",
    "绵阳市 | 4388.9 | 6.3 | 6.8",
    "合计 | 64697.0 | 5.7 | 100",
]


def test_rows_take_units_and_meanings_from_the_header() -> None:
    rows = read_tables(TABLE, title_year=None)
    assert [(r.region, r.metric, r.year, r.value, r.yoy, r.share) for r in rows] == [
        ("成都市", "地区生产总值", 2024, 2351130000000.0, 5.7, 36.6),
        ("绵阳市", "地区生产总值", 2024, 438890000000.0, 6.3, 6.8),
    ]  # 合计 names no region: no row


def test_metric_rows_under_an_indicator_header() -> None:
    lines = [
        "表1 2023年全区主要指标",
        "指标 | 总量(万元) | 增长(%)",
        "一般公共预算收入 | 512300 | 4.2",
    ]
    [row] = read_tables(lines, title_year=None)
    assert (row.metric, row.value, row.unit, row.yoy, row.year) == (
        "一般公共预算收入",
        5123000000.0,
        "元",
        4.2,
        2023,
    )


def test_a_header_without_units_or_meanings_gives_nothing() -> None:
    assert read_tables(["项目 | 说明 | 备注", "成都市 | 23511.3 | 5.7"], title_year=2024) == []


def test_year_lines_under_a_metric_heading() -> None:
    lines = ["全市城镇居民人均可支配收入", "2015年 27239元", "2024年 47520元", "十年间增长明显"]
    rows = read_tables(lines, title_year=None)
    assert [(r.year, r.value, r.unit) for r in rows] == [
        (2015, 27239.0, "元"),
        (2024, 47520.0, "元"),
    ]
