"""Pinyin glosses inside words are removed before anything reads the text, and counted."""

from __future__ import annotations

from newslake.clean import clean_page
from newslake.clean.pinyin import is_syllable, remove_glosses


def test_toned_glosses_go_wherever_they_are() -> None:
    assert remove_glosses("全區(qū)工業(yè)增加值增長(zhǎng)5.1%") == ("全區工業增加值增長5.1%", 3)


def test_bare_glosses_go_only_on_a_page_that_glosses_as_a_rule() -> None:
    page = "年末全縣(xian)户籍(ji)人(ren)(ren)口(kou)42.6萬(wan)人"
    assert remove_glosses(page) == ("年末全縣户籍人口42.6萬人", 6)
    lone = "园区方案(an)已经批复"  # one bare syllable on a page: left alone
    assert remove_glosses(lone) == (lone, 0)


def test_acronyms_and_english_are_not_glosses() -> None:
    for text in (
        "地区生产总值(GDP)增长",
        "居民消费价格(CPI)上涨",
        "外商直接投资(FDI)",
        "会展(expo)中心",
    ):
        assert remove_glosses(text)[1] == 0, text
    assert is_syllable("zhuàng") and is_syllable("lv") and not is_syllable("expo")


def test_cleaning_counts_the_glosses_and_converts_the_script() -> None:
    raw = (
        "德陽(yáng)市統(tǒng)計(jì)局發(fā)布數(shù)據(jù)。\n"
        "全市地區(qū)生產(chǎn)總值增長(zhǎng)6.1%,工業(yè)增加值增長(zhǎng)7.2%,"
        "社會消費品零售總額增長(zhǎng)5.8%,全年經(jīng)濟(jì)運(yùn)行穩(wěn)中有進(jìn)。"
    )
    page = clean_page(raw, is_html=False)
    assert "地区生产总值增长6.1%" in page.text
    assert page.original_script == "hant"
    assert page.quality.pinyin_glosses == 17
