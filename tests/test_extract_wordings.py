"""Wordings real pages use that the first rules missed, each on sentences of our own."""

from __future__ import annotations

from datetime import date, datetime

from newslake.extract import extract_indicators
from newslake.extract.growth import read_growth
from newslake.extract.metrics import find_metrics
from newslake.records import Indicator

PUB = datetime(2024, 7, 26, 10, 0)


def extract(
    text: str, published: datetime | None = PUB, title: str | None = None
) -> list[Indicator]:
    return extract_indicators(text, published_at=published, title=title)


def names(sentence: str) -> list[str]:
    return [m.name for m in find_metrics(sentence)]


# --- sectors ---------------------------------------------------------------------------------


def test_short_sector_names_and_bracket_glosses() -> None:
    assert names("一产业增加值增长2.9%,三产业(服务业)增加值增长6.1%。") == [
        "第一产业增加值",
        "第三产业增加值",
    ]
    assert names("全县二产业增加值增长4%。") == ["第二产业增加值"]
    assert names("第十三产业增加值") == []  # no sector of that number


def test_sectors_named_before_a_shortened_value_added() -> None:
    rows = extract("上半年德阳第一及第三产业分别增值达88亿元和650亿元,增幅为3.1%和6.6%。")
    assert [(r.metric, r.value, r.yoy_pct) for r in rows] == [
        ("第一产业增加值", 8.8e9, 3.1),
        ("第三产业增加值", 6.5e10, 6.6),
    ]


def test_a_sector_that_makes_an_amount_is_its_value_added() -> None:
    text = "分产业看,上半年内江市第一产业实现98.2亿元,增长3.6%;第二产业实现300.5亿元,增长6.0%。"
    assert [(r.metric, r.value, r.yoy_pct) for r in extract(text)] == [
        ("第一产业增加值", 9.82e9, 3.6),
        ("第二产业增加值", 3.005e10, 6.0),
    ]
    # without 实现 or a GDP word nearby, a bare sector stays unread
    assert extract("第一产业98.2亿元。") == []


# --- growth ------------------------------------------------------------------------------------


def test_more_ways_of_saying_year_on_year() -> None:
    for segment in ("相比上年增长了", "与上年同期相比增长", "和去年相比增长", "初步预计全年增长"):
        growth = read_growth(segment)
        assert growth is not None and growth.basis is None, segment
    standing = read_growth("与2021年同期相比(下同)增长")
    assert standing is not None and standing.basis == "与2021年同期"


def test_the_same_period_of_the_year_before_is_yoy_and_settles_the_year() -> None:
    text = (
        "1—8月,自贡外贸进出口总值120.5亿元,与2022年同期相比(下同)增长9%,与2021年同期相比增长21.3%。"
    )
    [row] = extract(text, published=None, title="自贡外贸")
    assert (row.value, row.yoy_pct, row.growth_pct, row.growth_basis) == (
        1.205e10,
        9.0,
        21.3,
        "与2021年同期",
    )
    assert (row.period_start, row.period_end) == (date(2023, 1, 1), date(2023, 8, 31))
    # one base alone may be a look far back (较2019年同期): it settles no year
    [alone] = extract("国庆假期,全市旅游收入12.1亿元,较2019年同期增长15%。", published=None)
    assert alone.period_start is None


# --- goals and results ---------------------------------------------------------------------------


def test_a_preliminary_estimate_is_a_result() -> None:
    [row] = extract("初步预计,1—5月全市实现社会消费品零售总额410.2亿元,同比增长8.8%。")
    assert row.kind == "actual"
    [goal] = extract("预计全年社会消费品零售总额增长9%。", published=datetime(2024, 3, 1))
    assert goal.kind == "target"


def test_the_latest_year_beside_this_year_is_the_year_a_page_speaks_from() -> None:
    text = (
        "2023年,全市地区生产总值预计增长6.1%。"
        "关于今年的安排,报告提出,2024年全市地区生产总值增长6%左右。"
    )
    rows = extract(text, published=None, title="乐山政府工作报告")
    assert [(r.period_start, r.kind) for r in rows] == [
        (date(2023, 1, 1), "actual"),  # an estimate of a year already over
        (date(2024, 1, 1), "target"),
    ]


def test_a_title_year_dates_this_year_on_a_page_without_a_date() -> None:
    text = "今年的主要预期目标:地区生产总值增长6.5%;城镇新增就业3万人以上。"
    rows = extract(text, published=None, title="四、2024年工作安排")
    assert [(r.metric, r.period_start, r.kind) for r in rows] == [
        ("地区生产总值", date(2024, 1, 1), "target"),
        ("城镇新增就业", date(2024, 1, 1), "target"),
    ]


# --- regions ----------------------------------------------------------------------------------


def test_trade_partners_are_not_regions() -> None:
    text = (
        "1—6月,四川对香港地区进出口12.1亿元,增长3%;对我国台湾地区进出口30.4亿元,增长2%;"
        "对日本进出口20.2亿元,增长1%。"
    )
    rows = extract(text, title="四川外贸")
    assert [r.region for r in rows] == ["四川省", "四川省", "四川省"]


def test_a_ranking_league_right_after_the_region() -> None:
    text = "前三季度,广安市固定资产投资同比增长8.1%,全省排名第五;社会消费品零售总额400.2亿元。"
    assert [r.region for r in extract(text)] == ["广安市", "广安市"]
    moved = "全市GDP达1800亿元,从全省第6位跃升至第5位。"
    assert [r.region for r in extract(moved, title="资阳")] == ["资阳市"]


def test_the_only_place_named_in_the_lead_is_the_pages_home() -> None:
    text = (
        "2023年,雅安市城镇居民人均可支配收入为40100元,相比上年增长了4.5%。\n"
        "农村居民人均可支配收入为19800元,增长率为6.9%。"
    )
    rows = extract(text, published=None, title="收入分析")
    assert [(r.region, r.yoy_pct) for r in rows] == [("雅安市", 4.5), ("雅安市", 6.9)]
    # two places, or a place named only late, settle nothing for the rest
    late = (
        "收入稳步增长。" * 20
        + "雅安市城镇居民人均可支配收入40100元。\n农村居民人均可支配收入19800元。"
    )
    assert [r.region for r in extract(late, published=None)] == ["雅安市", None]


# --- periods ----------------------------------------------------------------------------------


def test_a_level_compared_with_the_end_of_a_plan_is_at_the_end_of_the_next_one() -> None:
    text = "全市工业增加值810亿元,是“十二五”末的1.6倍;服务业增加值950亿元、是“十二五”末的2.1倍。"
    rows = extract(text, published=datetime(2021, 1, 20), title="遂宁")
    assert [(r.metric, r.period_start, r.period_end) for r in rows] == [
        ("工业增加值", date(2020, 1, 1), date(2020, 12, 31)),
        ("第三产业增加值", date(2020, 1, 1), date(2020, 12, 31)),
    ]


def test_a_span_dates_only_its_own_clause() -> None:
    text = "全市经济实现近20年来的最好水平;农林牧渔业总产值达420亿元。"
    [row] = extract(text, published=datetime(2021, 1, 20), title="泸州")
    assert row.period_start is None or row.period_start.year != 2001


# --- metrics ----------------------------------------------------------------------------------


def test_new_metric_names() -> None:
    assert names("城镇居民每人平均可支配收入达到9100元") == ["城镇居民人均可支配收入"]
    assert names("农民每人平均现金收入4100元") == ["农民人均现金收入"]
    assert names("全年居民消费价格总指数(CPI)比上年上涨1.1%") == ["居民消费价格"]
    assert names("夏粮产量180.3万吨") == ["夏粮产量"]
    assert names("年末银行业资产总额突破2万亿元") == ["银行业资产总额"]


def test_the_private_economy_named_again_gives_its_share() -> None:
    text = "全年民营经济增加值510.2亿元,比上年增长5.9%;民营经济占GDP的比重为58.1%。"
    [row] = extract(text, title="某县统计公报")
    assert (row.metric, row.value, row.yoy_pct, row.share_pct) == (
        "民营经济增加值",
        5.102e10,
        5.9,
        58.1,
    )


def test_parts_after_a_later_其中_belong_to_the_whole_just_named() -> None:
    text = "年末户籍总人口88.6万人,比上年下降0.3%,其中:城镇人口30.2万人,乡村人口58.4万人。"
    rows = extract(text, title="某县统计公报")
    assert [r.metric for r in rows] == ["户籍人口", "户籍城镇人口", "户籍乡村人口"]
    resident = "年末常住人口70.1万人,其中:城镇人口35.0万人。"
    assert [r.metric for r in extract(resident, title="某县")] == ["常住人口", "城镇常住人口"]


def test_a_date_dates_levels_not_the_flows_after_it() -> None:
    text = (
        "2023年某市国民经济和社会发展统计公报\n"
        "年末全市金融机构人民币各项存款余额3100亿元。民间投资增长9.5%,占全社会固定资产投资比重60.2%。"
    )
    rows = extract(text, published=None)
    assert [(r.metric, r.period_start, r.period_end) for r in rows] == [
        ("人民币各项存款余额", date(2023, 12, 31), date(2023, 12, 31)),
        ("民间投资", date(2023, 1, 1), date(2023, 12, 31)),
    ]


def test_a_share_after_a_semicolon_is_still_the_metrics() -> None:
    text = "1—6月,全市网上零售额90.5亿元,同比增长12.1%;占社会消费品零售总额的比重为8.2%。"
    [row] = extract(text, title="某市")
    assert (row.value, row.yoy_pct, row.share_pct) == (9.05e9, 12.1, 8.2)


def test_a_total_is_never_an_amount_per_head() -> None:
    assert extract("2022年,全市人均地区生产总值达到650亿元。", title="某市") == []


def test_two_metrics_and_two_amounts_pair_in_order() -> None:
    text = "全市生产总值和人均生产总值在2019年达到最高值(980.5亿元和7.8万元)。"
    rows = extract(text, title="某市")
    assert [(r.metric, r.value) for r in rows] == [
        ("地区生产总值", 9.805e10),
        ("人均地区生产总值", 78000.0),
    ]


def test_a_region_compared_with_is_not_the_figures() -> None:
    text = "2022年德阳市人均地区生产总值8.2万元,比排名第3的绵阳高0.5万元。"
    assert [r.region for r in extract(text, title="德阳经济")] == ["德阳市"]


def test_a_threshold_then_the_figure_itself() -> None:
    [row] = extract("2023年末,四川银行业资产总额突破15万亿元,达15.3万亿元。")
    assert (row.value, row.qualifier) == (1.53e13, None)


# --- lists, headings and sentences that lean on the one before ------------------------------------


def test_a_heading_of_goals_dates_and_marks_the_lines_under_it() -> None:
    text = (
        "2025年全市经济社会发展主要预期目标\n"
        "地区生产总值增长6%\n"
        "社会消费品零售总额增长7.5%\n"
        "城镇调查失业率、居民消费价格涨幅分别控制在5.5%和2%以内\n"
        "会议还听取了其他报告,代表们认为报告实事求是,提出的各项目标任务切实可行,体现了稳中求进。"
    )
    rows = extract(text, published=None, title="达州两会")
    assert [(r.metric, r.value, r.yoy_pct, r.period_start, r.kind) for r in rows] == [
        ("地区生产总值", None, 6.0, date(2025, 1, 1), "target"),
        ("社会消费品零售总额", None, 7.5, date(2025, 1, 1), "target"),
        ("城镇调查失业率", 5.5, None, date(2025, 1, 1), "target"),
        ("居民消费价格", None, 2.0, date(2025, 1, 1), "target"),
    ]


def test_a_heading_period_on_a_dated_page_dates_its_list() -> None:
    text = (
        "前5月眉山主要经济指标\n规上工业增加值增长8.8%\n社会消费品零售总额实现320.1亿元、增长6.2%"
    )
    rows = extract(text, published=datetime(2024, 6, 28), title="眉山经济")
    assert [(r.period_start, r.period_end, r.kind) for r in rows] == [
        (date(2024, 1, 1), date(2024, 5, 31), "actual"),
        (date(2024, 1, 1), date(2024, 5, 31), "actual"),
    ]


def test_a_dated_line_under_a_heading_keeps_its_own_period() -> None:
    text = "步入2024年,\n一季度实现地区生产总值410.5亿元\n规上工业增加值增长9%"
    rows = extract(text, published=datetime(2024, 5, 2), title="合川")
    assert [(r.period_start, r.period_end) for r in rows] == [
        (date(2024, 1, 1), date(2024, 3, 31)),
        (date(2024, 1, 1), date(2024, 3, 31)),
    ]


def test_years_listed_with_分别_pair_with_their_figures() -> None:
    text = "2021-2023年,资阳市分别实现地区生产总值890.5亿元、930.2亿元和980.0亿元,同比增长率分别为5.1%、3.0%和6.2%。"
    rows = extract(text, published=None, title="资阳")
    assert [(r.value, r.yoy_pct, r.period_start) for r in rows] == [
        (8.905e10, 5.1, date(2021, 1, 1)),
        (9.302e10, 3.0, date(2022, 1, 1)),
        (9.8e10, 6.2, date(2023, 1, 1)),
    ]
    listed = "2022年、2023年全市社会消费品零售总额分别为500亿元、540亿元。"
    assert [r.period_start.year for r in extract(listed, title="某市") if r.period_start] == [
        2022,
        2023,
    ]


def test_a_sentence_of_nothing_but_growth_restates_the_figure_before() -> None:
    text = (
        "上半年,广元市实现地区生产总值600.3亿元,这是全市经济总量首次在上半年突破六百亿元。"
        "按可比价格计算,同比增长6.9%,增速比全省高0.3个百分点。"
    )
    [row] = extract(text)
    assert (row.value, row.yoy_pct) == (6.003e10, 6.9)
    other = "上半年,广元市实现地区生产总值600.3亿元。全市旅游收入增长6.9%。"
    assert [r.yoy_pct for r in extract(other)] == [None, 6.9]


def test_a_year_announced_before_the_figures() -> None:
    text = "巴中市统计局发布了2023年上半年经济数据。\n上半年全市实现地区生产总值420.1亿元。"
    [row] = extract(text, published=None, title="巴中经济")
    assert (row.period_start, row.period_end) == (date(2023, 1, 1), date(2023, 6, 30))
    history = "1993年巴中建地区。2023年全市经济平稳。\n1997年设市。\n全年地区生产总值800亿元。"
    assert [r.period_start for r in extract(history, published=None, title="巴中")] == [
        date(2023, 1, 1)
    ]


def test_first_quarter_words_and_standing_bases() -> None:
    [row] = extract("2024年首季度,大竹县规模以上工业增加值同比增长12.1%。")
    assert (row.period_start, row.period_end) == (date(2024, 1, 1), date(2024, 3, 31))
    [trade] = extract("前三季度,重庆进出口总值5000.1亿元,较去年同期(下同)增长10.2%。")
    assert trade.yoy_pct == 10.2


def test_a_bare_title_period_on_a_dated_page() -> None:
    text = "全市地区生产总值实现900.2亿元,增长7%。"
    [row] = extract(text, published=datetime(2024, 10, 28), title="前三季度:自贡经济稳中有进")
    assert (row.period_start, row.period_end) == (date(2024, 1, 1), date(2024, 9, 30))
    # in July, the latest first three quarters that have ended are last year's
    [july] = extract(text, title="前三季度:自贡经济稳中有进")
    assert july.period_start == date(2023, 1, 1)


def test_development_zones_are_regions() -> None:
    [row] = extract("2023年,万盛经开区实现地区生产总值150.2亿元,同比增长6.1%。")
    assert row.region == "万盛经济技术开发区"


def test_该_words_and_the_whole_province() -> None:
    text = "1~5月,该省规模以上工业增加值同比增长9.1%。全川全社会固定资产投资达3000.5亿元。"
    rows = extract(text, title="四川经济")
    assert [(r.region, r.metric) for r in rows] == [
        ("四川省", "规模以上工业增加值"),
        ("四川省", "固定资产投资"),
    ]


def test_a_growth_written_before_its_noun() -> None:
    [row] = extract("2023年该区GDP达280.4亿元,以9.9%的名义增速领跑全市。", title="某区")
    assert (row.value, row.yoy_pct) == (2.804e10, 9.9)


def test_a_mark_passed_only_describes() -> None:
    text = (
        "去年经济总量突破2000亿元的绵阳,一季度地区生产总值增长6.1%。"
        "全省共有5个市州一季度地区生产总值超过400亿元。"
    )
    rows = extract(text, title="四川市州")
    assert [(r.value, r.yoy_pct) for r in rows] == [(None, 6.1)]


def test_older_and_shorter_metric_names() -> None:
    assert names("1-3月,全市对外贸易总额8.2亿元") == ["进出口总额"]
    assert names("确保规模工业增加值完成300亿元") == ["规模以上工业增加值"]
    assert names("农民人均纯收入3100元") == ["农民人均纯收入"]
    [row] = extract("2008年,地方财政一般预算收入完成3.1亿元,同口径比上年增长15.2%。", title="巴中")
    assert row.yoy_pct == 15.2
    [deposits] = extract("3月末,本外币住户存款余额2100.5亿元。", title="四川金融")
    assert deposits.metric == "住户存款余额"


def test_a_growth_on_the_line_after_its_figure() -> None:
    text = "今年前三季度\n天府新区实现地区生产总值1800.2亿元!\n增长8.8%!\n两年平均增速7.1%!"
    [row] = extract(text, published=datetime(2021, 10, 30))
    assert (row.value, row.yoy_pct) == (1.8002e11, 8.8)


def test_a_goal_word_opening_the_sentence_governs_its_list() -> None:
    text = "确保规上工业增加值完成500亿元、增长10%;工业投资完成160亿元、增长12%。"
    assert [r.kind for r in extract(text, title="某市")] == ["target", "target"]


def test_a_second_growth_over_a_period_of_its_own() -> None:
    text = "9月,全省规模以上工业增加值同比增长6.1%,1—9月同比增长3.2%。"
    rows = extract(text, published=datetime(2024, 10, 20), title="四川工业")
    assert [(r.yoy_pct, r.period_start, r.period_end) for r in rows] == [
        (6.1, date(2024, 9, 1), date(2024, 9, 30)),
        (3.2, date(2024, 1, 1), date(2024, 9, 30)),
    ]


def test_gaps_and_differences_are_not_levels() -> None:
    text = "泸州市地区生产总值为810.5亿元,两市一季度地区生产总值差距不到45亿元。"
    assert [r.value for r in extract(text, title="川南两市")] == [8.105e10]
    assert extract("两县地区生产总值相差120亿元。", title="某地") == []
    [row] = extract("全县农村居民人均可支配收入16800元,比全省高出300元。", title="某县")
    assert row.value == 16800


def test_the_firms_of_an_economy_are_not_its_output() -> None:
    assert extract("年末全县民营经济主体达到3.2万户,比上年增长2.4%。", title="某县") == []
    [row] = extract("全年民营经济增加值增长5.7%。", title="某县")
    assert (row.metric, row.yoy_pct) == ("民营经济增加值", 5.7)
