from datetime import datetime

from newslake.clean.byline import Byline, extract_bylines, parse_byline_line, strip_inline_byline


def test_date_and_source_line():
    fields = parse_byline_line("2023年01月18日09:20 | 来源:人民网-《人民日报》")
    assert fields == Byline(datetime(2023, 1, 18, 9, 20), "人民网-《人民日报》")


def test_date_line_without_source():
    assert parse_byline_line("2023年03月03日19:58 |") == Byline(datetime(2023, 3, 3, 19, 58))
    assert parse_byline_line("2023-12-31") == Byline(datetime(2023, 12, 31))


def test_glued_key_value_line():
    fields = parse_byline_line("发布日期:2025-03-06数据来源:重庆日报网浏览次数:92")
    assert fields == Byline(datetime(2025, 3, 6), "重庆日报网")


def test_date_then_source_author_and_counters():
    fields = parse_byline_line("2024-01-25 11:02 来源:重庆日报 作者:陈星宇 阅读:1386")
    assert fields == Byline(datetime(2024, 1, 25, 11, 2), "重庆日报", "陈星宇")


def test_reporter_and_editor_lines():
    assert parse_byline_line("本报记者 王斌来") == Byline(author="王斌来")
    assert parse_byline_line("(责编:黄凌、刘政宁)") == Byline(editor="黄凌、刘政宁")


def test_body_lines_are_not_bylines():
    for line in ("记者:今年是全面贯彻落实党的二十大精神的开局之年。", "时间:3月5日上午 地点:重庆"):
        assert parse_byline_line(line) is None, line


def test_credit_closing_a_paragraph_is_cut():
    line = "为推动先行区建设作出新贡献。(新重庆-重庆日报记者 罗静雯 周尤)"
    assert strip_inline_byline(line) == (
        "为推动先行区建设作出新贡献。",
        Byline(author="罗静雯、周尤"),
    )
    assert strip_inline_byline("加快推进试点工作。(徐雯瑄)")[1] == Byline(author="徐雯瑄")


def test_parentheses_inside_a_paragraph_stay():
    line = "共同对接区域全面经济伙伴关系协定(RCEP),协同做好与中欧班列(成渝)的衔接。(完)"
    assert strip_inline_byline(line) == (line, None)


def test_first_value_wins_and_lines_go():
    lines = ["2023-12-31", "正文。", "2024-01-01", "(责编:秦洁、刘政宁)"]
    kept, fields, removed = extract_bylines(lines)
    assert kept == ["正文。"]
    assert removed == 3
    assert fields.published_at == datetime(2023, 12, 31)
    assert fields.editor == "秦洁、刘政宁"


def test_parts_between_bars_in_any_order():
    fields = parse_byline_line("作者:王家豪 | 2024年02月05日 14:20 | 来源:经济导报")
    assert fields == Byline(datetime(2024, 2, 5, 14, 20), "经济导报", "王家豪")
    assert parse_byline_line("来源:重庆日报 | 作者:张三") == Byline(
        source="重庆日报", author="张三"
    )
    assert parse_byline_line("首页 | 新闻 | 来源:重庆日报") is None  # a menu with a byline in it


def test_bracketed_and_slash_credits():
    assert parse_byline_line("【来源:新华网】") == Byline(source="新华网")
    assert parse_byline_line("(记者 张三 李四)") == Byline(author="张三、李四")
    assert parse_byline_line("【责任编辑:孙悦】") == Byline(editor="孙悦")
    assert parse_byline_line("文/刘晓雯") == Byline(author="刘晓雯")
    assert parse_byline_line("(完)") is None


def test_date_lines_as_real_pages_write_them() -> None:
    assert parse_byline_line("财经图数馆 2019-04-22 08:15:09") == Byline(
        datetime(2019, 4, 22, 8, 15, 9)
    )
    assert parse_byline_line("2022-06-08 10:19 发布:某某网 责任编辑:王五") == Byline(
        datetime(2022, 6, 8, 10, 19), "某某网", None, "王五"
    )
    assert parse_byline_line(
        "2021-10-24 09:54:42来源:区融媒体中心编辑:李四责任编辑:{editor}"
    ) == Byline(datetime(2021, 10, 24, 9, 54, 42), "区融媒体中心", None, "李四")
    assert parse_byline_line("2024年05月19日22:32:12 财经 1999") == Byline(
        datetime(2024, 5, 19, 22, 32, 12)
    )
    assert parse_byline_line("张三 李四 发布时间:2024-01-23 09:33:00来源: 新闻网") == Byline(
        datetime(2024, 1, 23, 9, 33), "新闻网"
    )
    assert parse_byline_line("发布时间:2012年01月12日 17:15 | 进入论坛 | 来源:新闻网") == Byline(
        datetime(2012, 1, 12, 17, 15), "新闻网"
    )


def test_sentences_with_dates_are_not_date_lines() -> None:
    assert parse_byline_line("2023年全市地区生产总值30145亿元,比上年增长6.1%") is None
    assert parse_byline_line("首页 | 新闻中心 | 重庆") is None
