"""Gazetteer regions in a sentence and the regions a document's own words (全市, 我省) mean."""

from __future__ import annotations

from newslake.extract.regions import document_regions, find_places, find_regions


def names(sentence: str, title: str | None = None, text: str = "") -> list[str | None]:
    return [r.name for r in find_regions(sentence, document_regions(title, text or sentence))]


def test_aliases_resolve_to_canonical_names() -> None:
    assert names("重庆、四川和成渝城市群") == ["重庆市", "四川省", "成渝地区双城经济圈"]
    assert names("主城都市区、四川天府新区、重庆两江新区") == [
        "重庆主城都市区",
        "天府新区",
        "两江新区",
    ]
    assert names("凉山州和甘孜州") == ["凉山彝族自治州", "甘孜藏族自治州"]


def test_yardsticks_and_other_words_are_not_regions() -> None:
    assert names("占全国比重6.5%,高于全国平均水平") == []
    assert names("全国政协委员、中国式现代化") == []
    assert names("重庆部分和四川部分") == []  # the circle's parts, not the whole regions


def test_longer_names_win_over_the_city_inside_them() -> None:
    assert names("成都平原经济区、成都东部新区和成都") == [
        "成都平原经济区",
        "成都东部新区",
        "成都市",
    ]


def test_subject_words_resolve_to_the_document_region() -> None:
    title = "绵阳2023年地区生产总值突破4000亿元"
    text = "2023年绵阳实现地区生产总值4038.73亿元。全市规模以上工业增加值增长7.5%。"
    doc = document_regions(title, text)
    assert doc.words["市"] == "绵阳市"
    assert doc.words["省"] == "四川省"  # 全省 in a page on a Sichuan city
    assert doc.home == "绵阳市"
    found = find_regions("我市规模以上工业增加值增长7.5%,全省增长6.1%", doc)
    assert [(r.name, r.subject_word) for r in found] == [("绵阳市", True), ("四川省", True)]


def test_new_area_is_the_subject_of_quanqu() -> None:
    doc = document_regions(
        "天府新区经济运行", "四川天府新区实现地区生产总值。天府新区投资增长。全区就业稳定。"
    )
    assert doc.words["区"] == "天府新区"


def test_no_clear_subject_gives_none() -> None:
    # A page naming Chongqing and Sichuan alike: 全市 and the home region stay unknown.
    doc = document_regions(
        "川渝外贸", "重庆货物进出口总额7137.4亿元。四川货物进出口总额9574.2亿元。重庆和四川…"
    )
    assert doc.home is None
    assert (doc.words["市"], doc.words["省"]) == ("重庆市", "四川省")  # each alone at its level
    assert document_regions(None, "全市经济运行平稳。").words["市"] is None
    assert document_regions(None, "重庆。成都。").words["市"] is None  # a tie is no subject


def test_words_that_only_look_like_subject_words() -> None:
    doc = document_regions("重庆", "重庆。重庆。")
    assert names("全市场推进基本市场化改革", "重庆", "重庆。重庆。") == []
    assert [r.name for r in find_regions("全市经济", doc)] == ["重庆市"]


def test_places_are_listed_once_in_order() -> None:
    assert find_places("重庆和四川,重庆两江新区,成都") == ["重庆市", "四川省", "两江新区", "成都市"]


def test_a_league_a_figure_is_ranked_in_is_not_its_region() -> None:
    assert names("常住人口位居全省第六") == []
    assert names("增速居全国第9位") == []
    assert names("是我国人口最多的城市") == []
    assert names("宜宾市常住人口461.8万人,排名全省第六") == ["宜宾市"]


def test_partners_are_not_the_region_reported_on() -> None:
    assert names("率先实现与重庆中心城区一体化发展") == []
    assert names("重庆对东盟实现进出口") == ["重庆市"]


def test_a_child_named_after_its_parent_is_the_child() -> None:
    assert names("重庆市渝北区实现地区生产总值") == ["渝北区"]
    doc = document_regions("重庆市渝北区2006年统计公报", "全区实现地区生产总值。渝北区。")
    assert doc.home == "渝北区" and doc.words["区"] == "渝北区" and doc.words["市"] == "重庆市"


def test_a_page_speaking_of_itself_is_about_its_single_district() -> None:
    doc = document_regions(
        None, "今年以来,我区经济平稳。璧山地处成渝地区双城经济圈。成渝地区双城经济圈建设。"
    )
    assert doc.home == "璧山区"


def test_quanshi_on_a_page_of_one_citys_districts_is_that_city() -> None:
    doc = document_regions(None, "渝北区和永川区增速居前。我市上半年增长5%。")
    assert doc.words["市"] == "重庆市"


def test_quansheng_on_a_page_of_one_provinces_places_or_the_circle() -> None:
    assert document_regions(None, "全省经济平稳。绵阳、德阳增长较快。").words["省"] == "四川省"
    doc = document_regions(
        None, "一季度,全省实现社会消费品零售总额7003.4亿元。扎实推进成渝地区双城经济圈建设。"
    )
    assert doc.words["省"] == "四川省"
    assert document_regions(None, "全省经济平稳。").words["省"] is None
