"""People with their roles, organisations and gazetteer places named in a document."""

from __future__ import annotations

from newslake.extract import extract_mentions


def of_kind(text: str, kind: str, title: str | None = None) -> list:
    found = extract_mentions(text, title=title)
    return [(m.name, m.role) if kind == "person" else m.name for m in found if m.kind == kind]


def test_people_with_their_roles() -> None:
    text = "记者采访了重庆市委副书记、市长胡衡华。胡衡华表示,…"
    assert of_kind(text, "person") == [("胡衡华", "市长"), ("胡衡华", "市委副书记")]


def test_a_chain_of_roles_before_one_name() -> None:
    text = "全国政协委员,市科技局党委书记、局长明炬表示,市科技局将加快…"
    assert of_kind(text, "person") == [
        ("明炬", "局长"),
        ("明炬", "党委书记"),
        ("明炬", "全国政协委员"),
    ]
    assert "市科技局" in of_kind(text, "org")


def test_organisations_named_with_a_role() -> None:
    text = "全国政协委员、赛力斯集团董事长张兴海表示,重庆市贸促会会长邓琳介绍,"
    assert of_kind(text, "person") == [
        ("张兴海", "董事长"),
        ("张兴海", "全国政协委员"),
        ("邓琳", "会长"),
    ]
    assert of_kind(text, "org") == ["赛力斯集团", "重庆市贸促会"]


def test_organisations_named_after_a_place() -> None:
    text = (
        "记者从重庆市统计局获悉。由四川省经济和信息化厅、重庆市经济和信息化委员会指导,"
        "成都市产业数字化促进会主办,据成都海关统计。"
    )
    assert of_kind(text, "org") == [
        "重庆市统计局",
        "四川省经济和信息化厅",
        "重庆市经济和信息化委员会",
        "成都市产业数字化促进会",
        "成都海关",
    ]


def test_phrases_that_end_like_an_organisation_are_not_one() -> None:
    text = "重庆服务全国发展大局,融入新发展格局,重庆在开放中赢得主动局面。"
    assert of_kind(text, "org") == []


def test_a_role_without_a_name_is_no_person() -> None:
    assert of_kind("市统计局有关负责人表示,经济回升向好。", "person") == []


def test_places_from_the_gazetteer_once_each() -> None:
    text = "重庆两江新区、四川天府新区和成都东部新区,重庆和成都"
    assert of_kind(text, "place", title="成渝城市群") == [
        "成渝地区双城经济圈",
        "两江新区",
        "天府新区",
        "成都东部新区",
        "重庆市",
        "成都市",
    ]
