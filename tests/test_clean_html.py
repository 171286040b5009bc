from datetime import datetime

from newslake.clean import clean_page
from newslake.clean.html import extract_html, parse_meta_datetime

PARAS = [
    "1月24日,记者从重庆市统计局获悉,2023年全市实现地区生产总值30145.79亿元,比上年增长6.1%。",
    "分产业看,第一产业增加值2074.68亿元,增长4.6%;第二产业增加值11699.14亿元,增长6.5%。",
    "消费市场持续回暖。全年社会消费品零售总额15130.25亿元,增长8.0%,住宿和餐饮消费增势明显。",
    "市统计局有关负责人表示,2023年重庆经济回升向好、稳中有进,带动作用持续显现。",
]
PAGE = f"""<?xml version="1.0" encoding="utf-8"?>
<html><head>
<meta property="og:title" content="重庆2023年地区生产总值突破3万亿元">
<meta property="article:published_time" content="2024-01-25T02:30:00Z">
<meta name="author" content="陈星宇"><meta name="source" content="重庆日报">
<title>重庆GDP突破3万亿元_重庆日报网</title></head>
<body><div class="nav"><a>首页</a> | <a>要闻</a> | <a>经济</a></div>
<div class="crumb">人民网>>重庆频道>>要闻</div>
<article><h1>重庆2023年地区生产总值突破3万亿元</h1>
<div class="info">2024年01月25日10:30 | 来源:重庆日报 (责编:刘洋、赵敏)</div>
{"".join(f"<p>{p}</p>" for p in PARAS)}
<p>尊龙百家乐工业生产稳中有进,规模以上工业增加值增长6.6%▼▼。</p>
</article>
<div class="footer">Copyright © 2024 重庆日报网 版权所有 渝ICP备12345678号</div>
</body></html>"""


def test_meta_datetime_is_naive_shanghai_time():
    assert parse_meta_datetime("2024-01-25T02:30:00Z") == datetime(2024, 1, 25, 10, 30)
    assert parse_meta_datetime("2024-01-25 10:30") == datetime(2024, 1, 25, 10, 30)
    assert parse_meta_datetime("2024年1月25日") == datetime(2024, 1, 25)


def test_meta_tags_give_title_and_byline():
    page = extract_html(PAGE)
    assert page.title == "重庆2023年地区生产总值突破3万亿元"
    assert page.byline.published_at == datetime(2024, 1, 25, 10, 30)
    assert (page.byline.author, page.byline.source) == ("陈星宇", "重庆日报")


def test_html_page_is_cleaned_to_its_paragraphs():
    cleaned = clean_page(PAGE, is_html=True)
    for para in PARAS:
        assert para in cleaned.text
    assert "工业生产稳中有进,规模以上工业增加值增长6.6%。" in cleaned.text
    for noise in ("尊龙", "▼", "版权所有", "首页", ">>"):
        assert noise not in cleaned.text
    assert cleaned.quality.spam_hits == 1


def test_title_without_meta_comes_from_a_heading_the_title_tag_repeats():
    html = "<html><head><title>【区域观察】四川GDP突破6万亿元|西部经济观察</title></head><body>"
    html += f"<h2>四川GDP突破6万亿元</h2>{''.join(f'<p>{p}</p>' for p in PARAS)}</body></html>"
    assert extract_html(html).title == "四川GDP突破6万亿元"
