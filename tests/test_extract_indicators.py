"""Indicator rules, each on sentences of its own: binding, signs, shares, goals, regions, periods."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from newslake.extract import extract_indicators
from newslake.records import Indicator

PUB = datetime(2024, 2, 21, 9, 0)
Y2023 = (date(2023, 1, 1), date(2023, 12, 31))


def extract(
    text: str, published: datetime | None = PUB, title: str | None = None
) -> list[Indicator]:
    return extract_indicators(text, published_at=published, title=title)


def facts(text: str, **kwargs) -> list[tuple]:
    """(metric, region, value, unit, yoy_pct, share_pct) per row."""
    return [
        (i.metric, i.region, i.value, i.unit, i.yoy_pct, i.share_pct)
        for i in extract(text, **kwargs)
    ]


# --- binding ---------------------------------------------------------------------------------


def test_enumerated_regions_pair_with_enumerated_values() -> None:
    text = "本年前三季度,重庆主城都市区、成都市分别实现地区生产总值1.7万亿元、1.6万亿元。"
    assert facts(text) == [
        ("地区生产总值", "重庆主城都市区", 1.7e12, "元", None, None),
        ("地区生产总值", "成都市", 1.6e12, "元", None, None),
    ]


def test_enumerated_growth_rates_pair_too() -> None:
    text = "2023年重庆、四川分别实现地区生产总值3.01万亿元、6.01万亿元,分别增长6.1%、6.0%。"
    assert facts(text) == [
        ("地区生产总值", "重庆市", 3.01e12, "元", 6.1, None),
        ("地区生产总值", "四川省", 6.01e12, "元", 6.0, None),
    ]


def test_enumerated_metrics_pair_with_values() -> None:
    text = "2023年,成都市规模以上工业增加值、社会消费品零售总额分别增长7.2%、8.9%。"
    assert facts(text) == [
        ("规模以上工业增加值", "成都市", None, None, 7.2, None),
        ("社会消费品零售总额", "成都市", None, None, 8.9, None),
    ]


def test_enumerated_rates_are_their_values() -> None:
    text = "2023年,重庆市城镇化率、森林覆盖率分别为71.67%、55.06%。"
    assert facts(text) == [
        ("城镇化率", "重庆市", 71.67, "%", None, None),
        ("森林覆盖率", "重庆市", 55.06, "%", None, None),
    ]


def test_a_shared_qualifier_covers_every_enumerated_value() -> None:
    text = "力争高新技术企业、科技型企业分别突破1万家、7.5万家。"
    assert [(i.value, i.qualifier, i.kind) for i in extract(text)] == [
        (1e4, "超", "target"),
        (7.5e4, "超", "target"),
    ]


def test_sector_compound_names_three_metrics() -> None:
    text = "2024年一季度,重庆市第一、二、三产业增加值分别为331.8亿元、2685.4亿元、4443.1亿元。"
    assert [(i.metric, i.value) for i in extract(text)] == [
        ("第一产业增加值", 331.8e8),
        ("第二产业增加值", 2685.4e8),
        ("第三产业增加值", 4443.1e8),
    ]


def test_fenbie_after_several_values_pairs_growth_in_order() -> None:
    text = "2023年,宜宾市接待游客5600万人次,实现旅游总收入620亿元,分别增长28.5%和31.2%。"
    assert facts(text) == [
        ("接待游客", "宜宾市", 5600e4, "人次", 28.5, None),
        ("旅游总收入", "宜宾市", 620e8, "元", 31.2, None),
    ]


def test_a_spun_fenbie_still_pairs() -> None:
    # Seed 001 after spin restoration: 分裂 is the spinner's 分别, 成都会 its 成都市.
    text = "本年前三季度,重庆主城都市区、成都会分裂实现地区生产总值1.7万亿元、1.6万亿元。"
    assert [i.region for i in extract(text)] == ["重庆主城都市区", "成都市"]


def test_counts_that_do_not_agree_are_not_paired() -> None:
    # three regions, two values: no guessing which value is whose
    assert facts("2023年,德阳、绵阳、宜宾地区生产总值分别为2900亿元、4038亿元。") == []


def test_growth_belongs_to_the_value_before_it() -> None:
    text = "2023年,重庆市第一产业增加值2074.68亿元,增长4.6%;第二产业增加值11699.14亿元,增长6.5%。"
    assert facts(text) == [
        ("第一产业增加值", "重庆市", 2074.68e8, "元", 4.6, None),
        ("第二产业增加值", "重庆市", 11699.14e8, "元", 6.5, None),
    ]


def test_a_bare_rate_after_a_level_metric_is_its_growth() -> None:
    text = "2019年上半年,重庆金融业增加值7.2%,外商直接投资5.9%。"
    assert facts(text) == [
        ("金融业增加值", "重庆市", None, None, 7.2, None),
        ("外商直接投资", "重庆市", None, None, 5.9, None),
    ]


def test_from_to_takes_the_second_value() -> None:
    text = "2018年,重庆工业总产值从成立初期的6.04亿元上升到20690亿元,增长了3424.5倍。"
    assert facts(text) == [("工业总产值", "重庆市", 20690e8, "元", None, None)]


@pytest.mark.parametrize(
    ("word", "sign"), [("下降", -1), ("减少", -1), ("同比下降", -1), ("增长", 1), ("同比增长", 1)]
)
def test_decline_words_make_growth_negative(word: str, sign: int) -> None:
    (row,) = extract(f"2023年,重庆市货物进出口总额7137.4亿元,{word}12.0%。")
    assert row.yoy_pct == sign * 12.0


def test_month_on_month_is_not_year_on_year() -> None:
    (row,) = extract("2023年9月,四川省进出口总值795.4亿元,环比增长3.2%。")
    assert (row.value, row.yoy_pct) == (795.4e8, None)


def test_price_rises_are_growth() -> None:
    (row,) = extract("2024年,重庆市居民消费价格涨幅3%左右。")
    assert (row.metric, row.yoy_pct, row.kind) == ("居民消费价格", 3.0, "actual")


def test_growth_target_words() -> None:
    (row,) = extract("2024年重庆市地区生产总值预期增长目标为6%左右。")
    assert (row.yoy_pct, row.qualifier, row.kind) == (6.0, "左右", "target")


# --- shares ----------------------------------------------------------------------------------


def test_share_of_the_country() -> None:
    text = "2023年,成渝地区双城经济圈地区生产总值81986.7亿元,比上年增长6.1%,占全国比重为6.5%。"
    assert facts(text) == [("地区生产总值", "成渝地区双城经济圈", 81986.7e8, "元", 6.1, 6.5)]


def test_share_written_as_zhan_de() -> None:
    text = "2023年,两江新区实现地区生产总值4997.5亿元,同比增长6.5%,占重庆全市的16.6%。"
    assert facts(text) == [("地区生产总值", "两江新区", 4997.5e8, "元", 6.5, 16.6)]


def test_a_restated_share_joins_its_row() -> None:
    text = "2023年,成都实现地区生产总值22074.7亿元,增长6.0%,经济总量占全省的36.7%。"
    assert facts(text) == [("地区生产总值", "成都市", 22074.7e8, "元", 6.0, 36.7)]


# --- values, units, qualifiers ---------------------------------------------------------------


def test_rates_are_the_percentage_itself() -> None:
    (row,) = extract("2023年,重庆市城镇化率75%。")
    assert (row.metric, row.value, row.unit, row.yoy_pct) == ("城镇化率", 75.0, "%", None)


def test_units_and_qualifiers() -> None:
    text = "2023年,重庆市接待游客近3亿人次,旅游总收入约2000亿元,城镇新增就业60万人以上,常住人口3000余万人,新能源汽车产量超50万辆。"
    assert [(i.value, i.unit, i.value_text, i.qualifier) for i in extract(text)] == [
        (3e8, "人次", "近3亿人次", "近"),
        (2000e8, "元", "约2000亿元", "约"),
        (60e4, "人", "60万人以上", "以上"),
        (3000e4, "人", "3000余万人", "余"),
        (50e4, "辆", "超50万辆", "超"),
    ]


def test_a_unitless_multiplier_takes_the_metric_unit() -> None:
    (row,) = extract("2023年末,成都常住人口2140.3万,比上年末增加13.5万人。")
    assert (row.value, row.unit) == (2140.3e4, "人")  # the increase is not the level


# --- goals ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024年,重庆市力争地区生产总值增长6%。",
        "2024年重庆市地区生产总值增长目标为6%。",
        "2024年重庆市地区生产总值将增长6%。",
        "到2027年,重庆市地区生产总值增长6%。",
        "按照规划,重庆市地区生产总值将迈过4万亿元大关。",
        "未来五年,重庆市地区生产总值年均增长6%。",
    ],
)
def test_goals_are_targets(text: str) -> None:
    assert [i.kind for i in extract(text)] == ["target"]


@pytest.mark.parametrize(
    "text",
    [
        "2023年,绵阳地区生产总值4038.73亿元,增长6.5%。",
        "2023年,绵阳地区生产总值首次迈过4000亿元大关。",  # 迈过…大关 reporting a result
        "截至2023年底,重庆市常住人口3191.43万人。",
        "2023年,重庆人均预期寿命77.6岁。",  # 预期 inside a metric name
        "2023年,重庆市城镇新增就业将近75万人。",  # 将近 is a qualifier, not 将
    ],
)
def test_results_are_actual(text: str) -> None:
    assert [i.kind for i in extract(text)] == ["actual"]


def test_a_threshold_restating_a_value_is_not_a_second_row() -> None:
    text = "2023年全市实现地区生产总值30145.79亿元,增长6.1%,经济总量首次迈上3万亿元台阶。"
    assert [i.value for i in extract(text, title="重庆经济")] == [30145.79e8]


# --- not indicators ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "第二十二届西部博览会将于2024年5月23日至27日在成都举行,地区生产总值论坛同期召开。",
        "咨询电话028-86123456,邮编610041,网址https://www.example.cn/gdp/2024.html。",
        "根据川办发〔2024〕12号文件,上午9:30发布地区生产总值数据。",
        "重庆市地区生产总值在2023年排名第4位,举办活动300场。",
        "重庆市地区生产总值增速高于全国0.9个百分点。",
    ],
)
def test_numbers_that_are_not_indicators(text: str) -> None:
    assert extract(text) == []


# --- regions ----------------------------------------------------------------------------------


def test_quanshi_and_woshi_are_the_subject_region() -> None:
    title = "绵阳前三季度经济运行"
    text = "绵阳市统计局发布数据。前三季度,全市地区生产总值增长6.4%。\n前三季度,我市规模以上工业增加值增长8.1%。\n同期,全省地区生产总值增长6.5%。"
    assert [i.region for i in extract(text, title=title)] == ["绵阳市", "绵阳市", "四川省"]


def test_the_subject_not_the_object_of_the_clause() -> None:
    text = "2024年两江新区将深入推进成渝地区双城经济圈建设,力争地区生产总值增长7%左右。"
    assert [i.region for i in extract(text)] == ["两江新区"]


def test_a_paragraph_without_a_region_takes_the_home_region() -> None:
    text = "2023年重庆市地区生产总值30145.79亿元。\n分产业看,第一产业增加值2074.68亿元,增长4.6%。"
    rows = extract(text, title="重庆2023年经济运行")
    assert [(i.metric, i.region) for i in rows][-1] == ("第一产业增加值", "重庆市")


def test_an_undeterminable_region_is_null() -> None:
    assert [i.region for i in extract("今年前三季度,全市地区生产总值同比增长5.5%。")] == [None]
    text = "2023年重庆货物进出口总额7137.4亿元。\n四川货物进出口总额9574.2亿元。\n两地进出口总额合计1.67万亿元。"
    assert [i.region for i in extract(text, title="川渝外贸")][-1] is None


def test_a_list_of_regions_without_fenbie_names_no_single_region() -> None:
    assert [i.region for i in extract("2023年,重庆和四川地区生产总值合计9.02万亿元。")] == [None]


def test_guonei_shengchan_zongzhi_is_the_country() -> None:
    (row,) = extract("初步核算,2023年全年国内生产总值1260582亿元,比上年增长5.2%。")
    assert (row.metric, row.region) == ("地区生产总值", "全国")


# --- periods ----------------------------------------------------------------------------------


def test_periods_resolve_against_the_publish_date() -> None:
    text = "今年1-11月,重庆市固定资产投资同比增长4.5%。\n1—11月,全市社会消费品零售总额13600亿元。\n去年,重庆市地区生产总值29129.03亿元。"
    rows = extract(text, published=datetime(2023, 12, 20))
    assert [(i.period_text, i.period_start, i.period_end) for i in rows] == [
        ("今年1-11月", date(2023, 1, 1), date(2023, 11, 30)),
        ("1—11月", date(2023, 1, 1), date(2023, 11, 30)),
        ("去年", date(2022, 1, 1), date(2022, 12, 31)),
    ]


def test_quannian_is_the_year_reported_on_not_the_publish_year() -> None:
    text = "2023年全市实现地区生产总值30145.79亿元。\n消费市场回暖。全年社会消费品零售总额15130.25亿元。\n年末全市常住人口3191.43万人。"
    rows = extract(text, published=datetime(2024, 1, 25), title="重庆2023年经济")
    assert [(i.period_start, i.period_end) for i in rows] == [
        Y2023,
        Y2023,
        (date(2023, 12, 31), date(2023, 12, 31)),
    ]
    assert {i.kind for i in rows} == {"actual"}


def test_no_publish_date_means_no_relative_period() -> None:
    text = "去年,重庆全市生产总值达到20363亿元。今年上半年,重庆地区生产总值1.03万亿元。2021年,成都地区生产总值19917亿元。"
    rows = extract(text, published=None)
    assert [(i.period_text, i.period_start) for i in rows] == [
        ("去年", None),
        ("今年上半年", None),
        ("2021年", date(2021, 1, 1)),
    ]


def test_the_lost_year_seed_sentence() -> None:
    # Seed 000: the year's digits were lost; the period is unknown, not this year or the last.
    text = "去年,重庆全市生产总值达到20363亿元。\n年,重庆全市gdp突破2万亿元,增长6%。"
    for published in (None, PUB):
        row = extract(text, published=published)[-1]
        assert (row.metric, row.region, row.value, row.qualifier, row.yoy_pct) == (
            "地区生产总值", "重庆市", 2e12, "超", 6.0,
        )  # fmt: skip
        assert (row.period_text, row.period_start, row.period_end) == (None, None, None)


def test_a_goal_horizon_does_not_reach_the_next_paragraph() -> None:
    text = "力争到2027年,重庆市地区生产总值突破4万亿元。\n重庆市常住人口城镇化率71.67%。"
    rows = extract(text, title="重庆")
    assert [(i.kind, i.period_text) for i in rows] == [("target", "到2027年"), ("actual", None)]


# --- provenance -------------------------------------------------------------------------------


def test_rows_keep_their_sentence_and_offsets() -> None:
    text = "重庆经济。\n2023年,重庆市地区生产总值30145.79亿元,比上年增长6.1%。其后无数据。"
    (row,) = extract(text)
    assert row.sentence == "2023年,重庆市地区生产总值30145.79亿元,比上年增长6.1%。"
    assert row.sentence in text
    assert text[row.char_start : row.char_end] == "地区生产总值30145.79亿元,比上年增长6.1%"


def test_a_span_gives_both_ends_with_their_years() -> None:
    rows = extract(
        "“十四五”时期,全市地区生产总值连跨两个台阶,由2020年的2863.5亿元增长到2024年的4005.8亿元。",
        title="宜宾",
    )
    assert [(r.value, r.period_start, r.kind) for r in rows] == [
        (2863.5e8, date(2020, 1, 1), "actual"),
        (4005.8e8, date(2024, 1, 1), "actual"),
    ]
    [rate] = extract("2018年,重庆常住人口城镇化率由直辖时的29.5%提高到65.5%。")
    assert rate.value == 65.5


def test_urban_and_rural_in_one_phrase_pair_with_their_figures() -> None:
    rows = extract(
        "2023年,全区城乡居民人均可支配收入分别达到41250元和19870元,增长5.1%和7.3%。", title="某区"
    )
    assert [(r.metric, r.value, r.yoy_pct) for r in rows] == [
        ("城镇居民人均可支配收入", 41250.0, 5.1),
        ("农村居民人均可支配收入", 19870.0, 7.3),
    ]


def test_sectors_named_bare_in_the_structure_of_gdp() -> None:
    text = "2023年,某区实现地区生产总值(GDP)512.3亿元。其中,第一产业实现增加值60.5亿元、增长4.1%,第二产业190.2亿元、下降0.3%,第三产业(服务业)261.6亿元、增长5.2%。"
    rows = extract(text)
    assert [(r.metric, r.value, r.yoy_pct) for r in rows[1:]] == [
        ("第一产业增加值", 60.5e8, 4.1),
        ("第二产业增加值", 190.2e8, -0.3),
        ("第三产业增加值", 261.6e8, 5.2),
    ]


def test_trade_in_products_and_with_partners_is_not_the_total() -> None:
    text = (
        "2024年,重庆出口总额5200.1亿元,其中机电产品出口4500.2亿元,增长8.1%;对东盟进出口1100.5亿元。"
    )
    rows = extract(text)
    assert [(r.metric, r.value, r.yoy_pct) for r in rows] == [
        ("出口总额", 5200.1e8, None),
        ("机电产品出口额", 4500.2e8, 8.1),
        ("对东盟进出口总额", 1100.5e8, None),
    ]


def test_a_narrower_population_is_no_total() -> None:
    rows = extract("2023年末,全市常住人口1200.5万人,其中外来常住人口320.4万人。", title="某市")
    assert [(r.metric, r.value) for r in rows] == [("常住人口", 12005000.0)]
    rows = extract("2023年末,全市常住人口1200.5万人,其中城区常住人口650.3万人。", title="某市")
    assert [(r.metric, r.value) for r in rows] == [
        ("常住人口", 12005000.0),
        ("城区常住人口", 6503000.0),
    ]


def test_a_bulletin_dates_its_figures_by_its_title() -> None:
    text = "一、综合\n全区实现地区生产总值320.4亿元,增长5.5%。\n城镇新增就业1.2万人。"
    rows = extract(text, title="2023年某某区国民经济和社会发展统计公报")
    assert {(r.period_start, r.period_end, r.period_source) for r in rows} == {
        (date(2023, 1, 1), date(2023, 12, 31), "title")
    }


def test_a_heading_repeating_a_dated_figure_is_dropped() -> None:
    text = "工业生产较快增长,规上工业增加值增长8.2%\n2023年,全市规模以上工业增加值比上年增长8.2%。"
    rows = extract(text, title="某市经济")
    assert [(r.yoy_pct, r.period_start) for r in rows] == [(8.2, date(2023, 1, 1))]


def test_sources_say_where_region_and_period_came_from() -> None:
    text = "2023年,绵阳实现地区生产总值4038.7亿元。\n全年全市社会消费品零售总额1715.2亿元。"
    rows = extract(text, title="绵阳经济运行")
    assert [(r.region_source, r.period_source) for r in rows] == [
        ("clause", "sentence"),
        ("subject_word", "context"),
    ]


def test_growth_against_another_base_is_not_yoy() -> None:
    [row] = extract("2023年,全市研发经费投入215.3亿元,年均增长9.1%。")
    assert (row.yoy_pct, row.growth_pct, row.growth_basis) == (None, 9.1, "年均")


def test_a_page_without_a_date_may_say_which_year_it_speaks_from() -> None:
    text = "刚刚过去的2024年,全市经济稳中有进。报告提出,今年地区生产总值增长6%左右。"
    [row] = extract(text, title="某市两会", published=None)
    assert (row.period_start, row.kind, row.period_source) == (
        date(2025, 1, 1),
        "target",
        "inferred",
    )
    beside = "对比2020年全年数据,今年前10月社会消费品零售总额已超过去年全年的5200.1亿元。"
    assert [r.period_start for r in extract(beside, title="某市", published=None)] == [
        date(2020, 1, 1)
    ]
    passing = "1997年重庆成为直辖市。今年上半年,全市地区生产总值1.03万亿元。"
    assert [r.period_start for r in extract(passing, title="重庆", published=None)] == [None]


def test_a_base_said_once_for_the_sentence_and_a_same_month_base() -> None:
    when = datetime(2023, 2, 14)
    rows = extract("与去年12月份相比,1月份食品价格上涨2.6%,衣着价格下降0.4%。", published=when)
    assert [(r.yoy_pct, r.growth_pct, r.growth_basis) for r in rows] == [
        (None, 2.6, "较去年12月份"),
        (None, -0.4, "较去年12月份"),
    ]
    [cpi] = extract(
        "今年1月,全市居民消费价格总水平较去年12月上涨0.9%,较去年1月上涨5.0%。", published=when
    )
    assert (cpi.yoy_pct, cpi.growth_pct, cpi.growth_basis) == (5.0, 0.9, "较去年12月")


def test_a_bare_word_opens_its_clause_after_a_subject_word() -> None:
    [row] = extract("前三季度,全区投资增长2.6%,较上半年提高2.4个百分点。", title="某区")
    assert (row.metric, row.yoy_pct) == ("固定资产投资", 2.6)


def test_a_place_outside_the_circle_keeps_its_own_name() -> None:
    rows = extract("2022年,重庆GDP为2.91万亿元,深圳GDP为3.24万亿元。", title="重庆经济")
    assert [r.region for r in rows] == ["重庆市", "深圳市"]


def test_negative_figures_keep_their_sign() -> None:
    [row] = extract("2022年,全市人口自然增长率为-1.79‰。", title="绵阳")
    assert row.value == -1.79
