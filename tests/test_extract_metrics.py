"""Metric names found in a sentence: every indicator row starts from one, so a missed name loses
a figure and a wrong one files it under another metric."""

from __future__ import annotations

import pytest

from newslake.extract.metrics import MetricMention, find_metrics, unit_kind_of


def named(sentence: str, *, guarded: bool = True) -> list[tuple[str, str]]:
    """(the words in the sentence, the canonical metric) of every mention, in order."""
    return [(sentence[m.start : m.end], m.name) for m in find_metrics(sentence, guarded=guarded)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "2024年,全市实现地区生产总值2876.4亿元,同比增长5.7%。",
            [("地区生产总值", "地区生产总值")],
        ),
        ("1-9月,规模以上工业增加值同比增长8.1%。", [("规模以上工业增加值", "规模以上工业增加值")]),
        ("全年社会消费品零售总额1342.6亿元。", [("社会消费品零售总额", "社会消费品零售总额")]),
        ("固定资产投资比上年增长3.9%。", [("固定资产投资", "固定资产投资")]),
        ("城镇调查失业率平均为5.3%。", [("城镇调查失业率", "城镇调查失业率")]),
        ("居民消费价格上涨0.6%。", [("居民消费价格", "居民消费价格")]),
        ("年末全市常住人口862.7万人。", [("常住人口", "常住人口")]),
    ],
)
def test_the_headline_metrics_of_a_bulletin_are_found(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert named(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "words", "metric"),
    [
        ("GDP增长5.4%。", "GDP", "地区生产总值"),
        ("经济总量突破3000亿元。", "经济总量", "地区生产总值"),
        ("规上工业增加值增长6.6%。", "规上工业增加值", "规模以上工业增加值"),
        ("社零总额增长4.2%。", "社零总额", "社会消费品零售总额"),
        ("服务业增加值1530.2亿元。", "服务业增加值", "第三产业增加值"),
        ("基建投资增长9.0%。", "基建投资", "基础设施投资"),
        ("实际利用外资12.3亿美元。", "实际利用外资", "实际使用外资"),
        ("CPI上涨0.2%。", "CPI", "居民消费价格"),
    ],
)
def test_an_alias_is_read_as_its_canonical_metric(sentence: str, words: str, metric: str) -> None:
    assert named(sentence) == [(words, metric)]


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("gdp增长5.4%。", "地区生产总值"),
        ("Gdp增长5.4%。", "地区生产总值"),
        ("cpi上涨0.2%。", "居民消费价格"),
    ],
)
def test_latin_abbreviations_match_in_any_case(sentence: str, metric: str) -> None:
    assert named(sentence) == [(sentence[:3], metric)]


@pytest.mark.parametrize(
    ("sentence", "words", "metric"),
    [
        ("人均地区生产总值10.2万元。", "人均地区生产总值", "人均地区生产总值"),
        ("规模以上工业总产值增长4%。", "规模以上工业总产值", "工业总产值"),
        ("新能源汽车产量31.5万辆。", "新能源汽车产量", "新能源汽车产量"),
        ("核心CPI上涨0.3%。", "核心CPI", "核心居民消费价格"),
        ("非食品价格上涨0.8%。", "非食品价格", "非食品价格"),
        ("城区常住人口356万人。", "城区常住人口", "城区常住人口"),
        ("国内旅游收入812亿元。", "国内旅游收入", "国内旅游收入"),
        (
            "规模以上工业企业实现营业收入960亿元。",
            "规模以上工业企业实现营业收入",
            "规模以上工业企业营业收入",
        ),
    ],
)
def test_the_longest_name_wins_over_the_shorter_name_inside_it(
    sentence: str, words: str, metric: str
) -> None:
    assert named(sentence) == [(words, metric)]


def test_a_longer_name_and_the_shorter_one_are_both_found_where_each_stands() -> None:
    sentence = "新能源汽车产量28万辆,汽车产量96万辆。"
    assert named(sentence) == [("新能源汽车产量", "新能源汽车产量"), ("汽车产量", "汽车产量")]


def test_mentions_come_in_sentence_order_with_offsets_into_it() -> None:
    sentence = "2024年全市地区生产总值增长5.2%,第三产业增加值增长6.0%,规模以上工业增加值增长7.3%。"
    mentions = find_metrics(sentence)
    assert [m.name for m in mentions] == ["地区生产总值", "第三产业增加值", "规模以上工业增加值"]
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert mentions[0] == MetricMention(7, 13, "地区生产总值", "money")


def test_a_gloss_or_footnote_after_a_name_belongs_to_it_and_is_no_second_name() -> None:
    assert named("地区生产总值【2】(GDP)达到1860亿元。") == [
        ("地区生产总值【2】(GDP)", "地区生产总值")
    ]
    assert named("居民消费价格(CPI)上涨0.1%。") == [("居民消费价格(CPI)", "居民消费价格")]
    assert named("CPI(居民消费价格)上涨0.1%。") == [("CPI(居民消费价格)", "居民消费价格")]


def test_the_unit_kind_comes_with_the_name() -> None:
    kinds = {
        m.name: m.unit_kind
        for m in find_metrics("城镇调查失业率5.1%,居民消费价格上涨0.4%,常住人口增加2万人。")
    }
    assert kinds == {"城镇调查失业率": "rate", "居民消费价格": "index", "常住人口": "people"}
    assert unit_kind_of("gdp") == "money"


def test_levels_at_a_point_in_time_are_marked_as_stocks() -> None:
    stocks = {
        m.name: m.stock for m in find_metrics("年末常住人口731万人,全年地区生产总值2100亿元。")
    }
    assert stocks == {"常住人口": True, "地区生产总值": False}


def test_the_national_gdp_names_its_region() -> None:
    national, local = find_metrics("国内生产总值增长5.0%,全市生产总值增长6.1%。")
    assert (national.name, national.region) == ("地区生产总值", "全国")
    assert (local.name, local.region) == ("地区生产总值", None)


@pytest.mark.parametrize(
    "sentence",
    [
        "2024年常住人口512万人。",  # a period
        "重庆市常住人口3190万人。",  # a region
        "我市常住人口512万人。",  # a subject word
        "其中常住人口512万人。",  # a word of metric_left
        "是2010年的4.5倍常住人口从300万人增至512万人。",  # run-on text after a figure
    ],
)
def test_a_period_region_or_filler_before_a_name_does_not_narrow_it(sentence: str) -> None:
    assert [m.name for m in find_metrics(sentence)] == ["常住人口"]


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("外来常住人口46万人。", "常住人口"),
        ("贫困地区农村居民人均可支配收入1.6万元。", "农村居民人均可支配收入"),
    ],
)
def test_a_word_that_narrows_a_name_drops_it_unless_unguarded(sentence: str, metric: str) -> None:
    assert find_metrics(sentence) == []
    assert [m.name for m in find_metrics(sentence, guarded=False)] == [metric]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("汽车产业增长8.4%。", [("汽车产业", "汽车产业增加值")]),
        ("规模以上工业增长6.2%。", [("规模以上工业", "规模以上工业增加值")]),
        ("第一产业增长3.1%。", [("第一产业", "第一产业增加值")]),
        ("民营经济增长6.0%。", [("民营经济", "民营经济增加值")]),
        ("汽车产业蓬勃发展。", []),
        ("规模以上工业企业数量稳步增加。", []),
        ("第二产业发展势头良好。", []),
    ],
)
def test_an_industry_names_its_value_added_only_right_before_a_growth_word(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert named(sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("其中,出口1820.6亿元。", [("出口", "出口总额")]),
        ("全市进出口4730亿元。", [("进出口", "进出口总额")]),
        ("1-8月,全市投资增长2.9%。", [("投资", "固定资产投资")]),
        ("全区投资增长3.4%。", [("投资", "固定资产投资")]),
        ("其中,利润总额52亿元。", [("利润总额", "规模以上工业企业利润总额")]),
        ("企业出口意愿增强。", []),  # not before a figure
        ("出口增速放缓。", []),  # a growth word, but no figure
        ("招商引资投资环境持续优化。", []),  # not at the start of a clause
        ("企业实现利润总额52亿元。", []),  # a subject other than a region stands first
    ],
)
def test_a_bare_flow_word_names_a_metric_only_opening_a_clause_before_a_figure(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert named(sentence) == expected


def test_firms_counted_are_not_the_economy_they_belong_to() -> None:
    assert find_metrics("民营经济主体达到31.2万户。") == []


def test_a_volume_is_not_the_value_a_trade_name_stands_for() -> None:
    assert find_metrics("汽车出口量18万辆。") == []
    assert find_metrics("笔记本电脑出口量4300万台。") == []


@pytest.mark.parametrize(
    ("sentence", "words"),
    [
        ("第一、二、三产业增加值分别增长3.2%、6.5%和5.1%。", "第一、二、三产业增加值"),
        (
            "第一产业、第二产业和第三产业增加值分别为210亿元、980亿元和1020亿元。",
            "第一产业、第二产业和第三产业增加值",
        ),
        (
            "第一、二、三产业在2024年分别实现了210.5亿元、980.2亿元和1020.7亿元的增加值。",
            "第一、二、三产业",
        ),
    ],
)
def test_three_sectors_in_one_phrase_are_three_metrics_sharing_its_span(
    sentence: str, words: str
) -> None:
    mentions = find_metrics(sentence)
    assert [m.name for m in mentions] == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    assert {sentence[m.start : m.end] for m in mentions} == {words}
    assert {m.unit_kind for m in mentions} == {"money"}


def test_two_sectors_in_one_phrase_are_two_metrics() -> None:
    assert [m.name for m in find_metrics("第二、三产业增加值分别增长4.1%和6.3%。")] == [
        "第二产业增加值",
        "第三产业增加值",
    ]


def test_bare_sectors_in_a_report_of_the_economys_structure_are_their_value_added() -> None:
    sentence = "其中,第一产业增加值58.3亿元,第二产业87.6亿元,第三产业(服务业)142.9亿元。"
    assert named(sentence) == [
        ("第一产业增加值", "第一产业增加值"),
        ("第二产业", "第二产业增加值"),
        ("第三产业(服务业)", "第三产业增加值"),
    ]


def test_a_sector_that_makes_an_amount_is_its_value_added() -> None:
    assert named("上半年,全市第一产业实现104.2亿元。") == [("第一产业", "第一产业增加值")]


@pytest.mark.parametrize(
    ("sentence", "words", "first", "second"),
    [
        (
            "城镇和农村常住居民人均可支配收入分别为45120元、22310元。",
            "城镇和农村常住居民人均可支配收入",
            "城镇居民人均可支配收入",
            "农村居民人均可支配收入",
        ),
        (
            "城乡居民人均可支配收入分别增长4.6%、6.8%。",
            "城乡居民人均可支配收入",
            "城镇居民人均可支配收入",
            "农村居民人均可支配收入",
        ),
        (
            "城乡居民人均消费支出分别为30100元、17200元。",
            "城乡居民人均消费支出",
            "城镇居民人均消费支出",
            "农村居民人均消费支出",
        ),
    ],
)
def test_urban_and_rural_named_together_with_respectively_are_two_metrics(
    sentence: str, words: str, first: str, second: str
) -> None:
    assert named(sentence) == [(words, first), (words, second)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("机电产品出口3810.5亿元。", [("机电产品出口", "机电产品出口额")]),
        ("进口机电产品1420.3亿元。", [("进口机电产品", "机电产品进口额")]),
        ("对东盟进出口930.4亿元。", [("对东盟进出口", "对东盟进出口总额")]),
        ("民营企业进出口2150亿元。", [("民营企业进出口", "民营企业进出口总额")]),
        (
            "对共建“一带一路”国家进出口1650亿元。",
            [("对共建“一带一路”国家进出口", "对共建“一带一路”国家进出口总额")],
        ),
        ("全市外贸进出口4980亿元。", [("外贸进出口", "进出口总额")]),
        ("货物进出口总额4980亿元。", [("货物进出口总额", "进出口总额")]),
    ],
)
def test_trade_in_a_product_or_with_a_partner_is_a_metric_of_its_own(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert named(sentence) == expected


def test_products_listed_before_one_flow_are_one_metric_each() -> None:
    sentence = "手机、汽车、摩托车出口额分别为115亿元、76亿元和28亿元。"
    assert named(sentence) == [
        ("手机、汽车、摩托车出口额", "手机出口额"),
        ("手机、汽车、摩托车出口额", "汽车出口额"),
        ("手机、汽车、摩托车出口额", "摩托车出口额"),
    ]


@pytest.mark.parametrize(
    ("sentence", "metric"),
    [
        ("对美进出口480亿元。", "对美国进出口总额"),
        ("与东盟进出口760亿元。", "对东盟进出口总额"),
        ("整车出口52亿元。", "汽车出口额"),
        ("外资企业进出口870亿元。", "外商投资企业进出口总额"),
    ],
)
def test_a_synonym_of_a_trade_metric_is_read_as_its_canonical_name(
    sentence: str, metric: str
) -> None:
    assert [m.name for m in find_metrics(sentence)] == [metric]


def test_a_sentence_without_metrics_has_none() -> None:
    assert find_metrics("市委召开全体会议,研究部署下一阶段重点工作。") == []
    assert find_metrics("") == []
