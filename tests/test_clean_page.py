"""clean_page end to end: the five seed pages and the quality flag."""

import re
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from tasks.clean import CleanedPage, clean_page, quality_flag
from tasks.clean.chrome import chrome_reason
from tasks.clean.lexicon import load_toml

SEEDS = Path(__file__).resolve().parents[2] / "shared/corpus/seeds"


@cache
def seed(prefix: str) -> CleanedPage:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS}")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return clean_page(path.read_text(encoding="utf-8"), is_html=False)


BODY_SENTENCES = {
    "000": [
        "中华人民共和国成立70周年,重庆市经济社会的快速发展也发生了翻天覆地的变化。",
        "去年,重庆全市生产总值达到20363亿元,是1949年的1466倍。",
        "今年上半年,gdp达到1.03万亿元,增长6.2%,在整体稳定、稳定中持续良好态势。",
        "数据显示,成渝城市群面积达18.5万平方公里,占全国总面积的1.9%。",
        "携手打造区域快速发展新的增长极。",
    ],
    "001": [
        "4年来,两边你来我往",
        "成渝地域双城经济圈杀青地域临盆总值5.9万亿元、同比伸长6.2%",
        "川渝再赴约。12月28日,",
        "为寰宇团结大市集筑造摸索体会。",
    ],
    "002": [
        "“六区一高地”建设中,打造西部地区高质量发展先行区被放在首位。",
        "黎勇表示,涪陵将加快构建以**制造业为骨干的现代化产业体系",
        "*后是坚持需求导向,强化商事法律服务工作。",
        "重庆汽车产业增加值同比增长26.7%,对全市规上工业增长的贡献率为66.7%;",
        "推动西部地区高质量发展先行区建设取得突破性进展作出新贡献。",
    ],
    "003": [
        "成渝两地皆是汽车产业高地。",
        "数实融合 共谋产业集群高质量发展",
        "成渝地区双城经济圈实现地区生产总值5.52万亿元,同比增长2.2%。",
        "产业强,则城市强。",
        "积极培育数字文创、人工智能、软件信息、云计算、区块链等新兴产业",
    ],
    "004": [
        "——访重庆市委副书记、市长胡衡华",
        "地区生产总值和人均地区生产总值分别迈过4万亿元、12万元大关。",
        "全社会研发经费投入年均增长10%以上",
        "城镇化率达到75%,国家中心城市集聚辐射能力明显提高。",
        "累计完成投资3900多亿元",
    ],
}

# Noise each seed carries that must not reach the text.
ABSENT = {
    "000": ["本篇文章", "图片来源", "标题:", "地址:", "http"],
    "001": ["2023-12-31"],
    "002": ["今日要闻", "贸易指南", "发布日期", "浏览次数", "留言成功后", "立即咨询", "关闭", "×",
            "罗静雯", "文化交流 资源共享"],
    "003": ["人民网>>", "小字号", "2023年03月03日19:58", "敖民极摄", "责编", "分享让更多人看到",
            "本网专稿", "拖欠中小企业账款", "河小青", "返回顶部", "(徐雯瑄)"],
    "004": ["人民网", "小字号", "本报记者", "来源:", "《 人民日报 》", "责编", "本网专稿",
            "爱心服务点", "返回顶部", "習"],
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(BODY_SENTENCES))
def test_body_sentences_are_kept(prefix):
    text = seed(prefix).text
    for sentence in BODY_SENTENCES[prefix]:
        assert sentence in text, sentence


@pytest.mark.parametrize("prefix", sorted(ABSENT))
def test_no_spam_marker_or_chrome_line_is_left(prefix):
    page = seed(prefix)
    for noise in ABSENT[prefix]:
        assert noise not in page.text, noise
    spam = load_toml("spam_terms.toml")
    terms = [t for c in spam["category"].values() for t in c.get("terms", [])]
    assert not any(t.lower() in page.text.lower() for t in terms)
    assert not re.search(f"[{re.escape(spam['markers']['chars'])}]", page.text)
    lines = page.text.split("\n")
    assert all(chrome_reason(line, at_edge=False) is None for line in lines)
    assert len(lines) == len(set(lines))


def test_seed_bylines_land_in_fields():
    assert (seed("002").published_at, seed("002").source) == (datetime(2025, 3, 6), "重庆日报网")
    assert seed("002").author == "罗静雯、周尤"
    assert seed("003").published_at == datetime(2023, 3, 3, 19, 58)
    assert seed("003").editor == "黄凌、刘政宁"
    p = seed("004")
    assert (p.published_at, p.author, p.editor) == (
        datetime(2023, 1, 18, 9, 20),
        "王斌来",
        "秦洁、刘政宁",
    )
    assert p.source == "人民网-《人民日报》"
    assert seed("001").published_at == datetime(2023, 12, 31)
    assert seed("000").published_at is None


def test_seed_titles():
    assert seed("003").title == "永川:打造成渝地区双城经济圈重要数字经济集聚区"
    assert seed("004").title == "为中国式现代化贡献更多重庆力量"
    assert seed("000").title == "产业革新主攻智能制造!重庆计划3年内万家公司“上云上平台”"
    assert seed("001").title.startswith("川渝党政八次“握手”")


def test_traditional_seed_is_simplified():
    page = seed("004")
    assert page.original_script == "hant"
    assert "为中国式现代化贡献更多重庆力量" in page.title
    assert all(seed(p).original_script == "hans" for p in ("000", "001", "002", "003"))


def test_spun_seed_is_restored():
    page = seed("001")
    assert page.quality.flag == "spun"
    assert "地区生产总值5.9万亿元" in page.restored_text
    assert "同比增长6.2%" in page.restored_text
    assert "地域临盆" in page.text  # the cleaned original is kept as written
    assert page.quality.spin_restored > 20
    assert page.quality.spam_hits >= 4
    assert seed("003").restored_text is None


def test_seed_quality_records():
    masked = seed("002").quality
    assert (masked.flag, masked.masked_words) == ("masked", 12)
    q = seed("003").quality
    assert q.flag == "ok"
    assert q.chars_before > q.chars_after > 1000
    assert q.lines_removed["teasers"] >= 5
    assert q.lines_removed["photo_credit"] == 2
    assert seed("004").quality.lines_removed["print_edition"] == 2
    assert seed("000").quality.lines_removed["title"] == 3


def test_flag_precedence():
    assert quality_flag(spam=True, short=True, spun=True, masked=True) == "spam"
    assert quality_flag(spam=False, short=True, spun=True, masked=True) == "short"
    assert quality_flag(spam=False, short=False, spun=True, masked=True) == "spun"
    assert quality_flag(spam=False, short=False, spun=False, masked=True) == "masked"
    assert quality_flag(spam=False, short=False, spun=False, masked=False) == "ok"


def test_short_and_spam_pages_are_flagged():
    assert clean_page("重庆经济稳中向好。", is_html=False).quality.flag == "short"
    spam = "尊龙百家乐新葡京彩金。" * 20 + "重庆经济稳中向好,发展势头良好。" * 10
    page = clean_page(spam, is_html=False)
    assert page.quality.flag == "spam"
    assert "尊龙" not in page.text
