"""clean_page end to end on small pages written here; the seeds and samples have their own files
(test_clean_seeds.py, test_clean_samples.py) driven by expected-result data."""

from datetime import datetime

from newslake.clean import clean_page, quality_flag
from newslake.clean.summary import quality_totals

ARTICLE = (
    "2023年,两江新区实现地区生产总值4997.5亿元,同比增长6.5%,占重庆全市的16.6%,经济总量继续位居全市前列。"
    "全年规模以上工业增加值同比增长10.2%,汽车产业产值突破2800亿元,新能源汽车产量快速增长。"
    "会议提出,今年将深入推进成渝地区双城经济圈建设,以重点项目建设带动有效投资,推动经济持续回升向好。"
)
# A hijacked page: the gambling site's own text with one news sentence left in it.
HIJACKED = "\n".join(
    [
        "尊龙凯时官网 - 真人百家乐 - 新葡京娱乐场 - 澳门威尼斯人官方网站",
        "尊龙凯时注册送彩金 百家乐 首存送 ▲▲ 真人视讯 电子游艺 体育投注 ▲▲ 老虎机",
        "ag真人平台 - 开云体育app - 九游会登录入口 - 188金宝博官网 - bet365注册下载",
        "重庆经济稳中向好,发展势头良好。",
        "亚博体育 必威体育 乐鱼体育 万博体育 时时彩 北京赛车pk10 六合彩 网上赌场",
    ]
)


def test_flag_precedence():
    assert quality_flag(spam=True, short=True, spun=True, masked=True) == "spam"
    assert quality_flag(spam=False, short=True, spun=True, masked=True) == "short"
    assert quality_flag(spam=False, short=False, spun=True, masked=True) == "spun"
    assert quality_flag(spam=False, short=False, spun=False, masked=True) == "masked"
    assert quality_flag(spam=False, short=False, spun=False, masked=False) == "ok"


def test_short_page_is_flagged():
    assert clean_page("重庆经济稳中向好。", is_html=False).quality.flag == "short"


def test_a_page_that_is_mostly_spam_is_flagged_and_scored():
    page = clean_page(HIJACKED, is_html=False)
    assert page.quality.flag == "spam"
    assert page.quality.spam_score > 0.5
    assert page.quality.spam_hits >= 20
    assert page.text == "重庆经济稳中向好,发展势头良好。"


def test_injected_article_keeps_its_flag_ok_and_records_the_hits():
    page = clean_page(
        "重庆新葡京两江新区经济运行稳中有进\n\n" + ARTICLE.replace("同比", "尊龙百家乐同比"),
        is_html=False,
    )
    assert page.quality.flag == "ok"
    assert page.quality.spam_hits == 3
    assert 0 < page.quality.spam_score < 0.15
    assert page.title == "重庆两江新区经济运行稳中有进"
    assert page.text == ARTICLE


def test_full_width_text_is_normalised_for_bylines_and_figures():
    raw = (
        "两江新区经济运行稳中有进\n２０２４－０２－０２　１６：４５　来源：两江新区管委会\n"
        + ARTICLE.replace("4997.5亿元,同比增长6.5%", "４９９７．５亿元，同比增长６．５％")
    )
    page = clean_page(raw, is_html=False)
    assert (page.published_at, page.source) == (datetime(2024, 2, 2, 16, 45), "两江新区管委会")
    assert page.text == ARTICLE


def test_simplified_pages_are_not_converted():
    """A Simplified page quoting a Traditional name keeps it: OpenCC never ran on the page."""
    raw = "两江新区经济运行稳中有进\n" + ARTICLE + "与會代表來自臺灣。"
    page = clean_page(raw, is_html=False)
    assert page.original_script == "hans"
    assert page.text.endswith("与會代表來自臺灣。")


def test_site_name_on_top_is_the_source_when_no_line_names_one():
    raw = (
        "人民网\n人民网>>重庆频道>>要闻\n两江新区经济运行稳中有进\n2024年02月02日16:45 |\n"
        + ARTICLE
    )
    page = clean_page(raw, is_html=False)
    assert (page.source, page.published_at) == ("人民网", datetime(2024, 2, 2, 16, 45))
    with_source = clean_page(raw.replace("16:45 |", "16:45 | 来源:重庆日报"), is_html=False)
    assert with_source.source == "重庆日报"


def test_html_title_and_body_lose_their_injections():
    paragraphs = "".join(f"<p>{s}。</p>" for s in ARTICLE.split("。") if s)
    html = (
        "<html><head><meta charset='utf-8'><title>尊龙百家乐两江新区经济运行稳中有进▼▼_新葡京</title>"
        "</head><body><div class='content'><h1>尊龙百家乐两江新区经济运行稳中有进▼▼</h1>"
        f"{paragraphs.replace('同比增长6.5%', '同比增长6.5%d88尊龙注册下载')}</div></body></html>"
    )
    page = clean_page(html, is_html=True)
    assert page.title == "两江新区经济运行稳中有进"
    assert page.text == ARTICLE.replace("。", "。\n").strip()
    assert page.quality.spam_hits >= 2


def test_quality_totals_for_the_run_summary():
    pages = [
        clean_page(HIJACKED, is_html=False),
        clean_page("两江新区经济运行稳中有进\n小字号\n" + ARTICLE + "\n返回顶部", is_html=False),
    ]
    totals = quality_totals(p.quality for p in pages)
    assert (totals["flag_spam"], totals["flag_ok"], totals["flag_spun"]) == (1, 1, 0)
    assert totals["spam_hits"] == pages[0].quality.spam_hits
    assert totals["lines_removed_font_size"] == totals["lines_removed_back_to_top"] == 1
    assert totals["lines_removed"] == sum(sum(p.quality.lines_removed.values()) for p in pages)
