from newslake.clean.title import (
    drop_above_title,
    pick_title,
    remove_title,
    title_over_byline,
    unquote_title,
)

BODY = "中华人民共和国成立70周年,重庆市经济社会的快速发展也发生了翻天覆地的变化,成绩斐然。"


def test_first_heading_before_the_body():
    assert pick_title(["永川:打造成渝地区双城经济圈重要数字经济集聚区", BODY]) == (
        "永川:打造成渝地区双城经济圈重要数字经济集聚区"
    )


def test_no_heading_before_the_body_means_no_title():
    assert pick_title([BODY, "数实融合 共谋产业集群高质量发展"]) is None


def test_subtitles_and_sentences_are_not_titles():
    assert pick_title(["——访重庆市委副书记、市长胡衡华", "为中国式现代化贡献更多重庆力量"]) == (
        "为中国式现代化贡献更多重庆力量"
    )


def test_wrapping_quotes_go_but_inner_quotes_stay():
    assert unquote_title("“产业革新!重庆计划“上云上平台””") == "产业革新!重庆计划“上云上平台”"
    assert unquote_title("“双城”建设提速") == "“双城”建设提速"


def test_title_repeats_are_removed_and_glued_title_cut():
    title = "川渝党政八次握手"
    lines = [title, title + "4年来,两边你来我往" + "。" * 60, "“川渝党政八次握手”"]
    kept, removed = remove_title(lines, title)
    assert removed == 2
    assert kept[0].startswith("4年来")


def test_headline_is_the_line_over_the_byline_not_the_column_label():
    lines = [
        "首页 新闻 政务",
        "今日关注",
        "重庆年末常住人口3191.43万人 城镇化率提高到71.67%",
        "发布日期:2024-03-21数据来源:重庆日报网浏览次数:87",
        BODY,
    ]
    assert title_over_byline(lines) == "重庆年末常住人口3191.43万人 城镇化率提高到71.67%"
    assert title_over_byline(["——访重庆市委副书记、市长胡衡华", "本报记者 王斌来", BODY]) is None
    assert title_over_byline([BODY, "2024-01-02"]) is None  # a date after the body is no byline


def test_lines_above_the_headline_go():
    title = "重庆年末常住人口3191.43万人"
    kept, dropped = drop_above_title(["今日关注", title, BODY], title)
    assert (kept, dropped) == ([title, BODY], 1)
    assert drop_above_title([BODY, "今日关注", title], title) == ([BODY, "今日关注", title], 0)
