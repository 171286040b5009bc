"""The extraction lexicons as loaded and compiled: the longest-match regexes every extractor is
built on, and the metric, region and role tables read from the TOML files."""

from __future__ import annotations

import re
import tomllib

import pytest

from newslake.extract.lexicon import alternation, metrics, regions, roles, starts_with
from newslake.settings import LEXICON_DIR


def matches(words: list[str], text: str) -> list[str]:
    return re.findall(alternation(words), text)


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["工业", "工业增加值"], "工业增加值增长", ["工业增加值"]),
        (["工业增加值", "工业"], "工业增加值增长", ["工业增加值"]),
        (["工业", "工业增加值"], "工业投资增长", ["工业"]),
        (
            ["规模以上", "规模以上工业", "规模以上工业增加值"],
            "规模以上工业增加值",
            ["规模以上工业增加值"],
        ),
        (["规模以上", "规模以上工业", "规模以上工业增加值"], "规模以上工业企业", ["规模以上工业"]),
        (["规模以上", "规模以上工业", "规模以上工业增加值"], "规模以上企业", ["规模以上"]),
        (["进出口", "进口", "出口"], "进出口和出口、进口", ["进出口", "出口", "进口"]),
        (["重庆", "成都"], "重庆与成都", ["重庆", "成都"]),
        (["地区生产总值"], "生产总值", []),
    ],
)
def test_the_longest_word_wins_wherever_several_match(
    words: list[str], text: str, found: list[str]
) -> None:
    assert matches(words, text) == found


def test_regex_characters_in_words_are_literal() -> None:
    assert matches(["生产总值(GDP)", "a.b", "C++"], "生产总值(GDP)、axb、C++") == [
        "生产总值(GDP)",
        "C++",
    ]
    assert matches(["生产总值(GDP)"], "生产总值GDP") == []


def test_empty_and_repeated_words_change_nothing() -> None:
    assert alternation(["", "投资", "投资"]) == alternation(["投资"])


def test_the_pattern_does_not_depend_on_the_order_of_the_words() -> None:
    words = ["出口", "进出口", "进口", "出口总额", "进出口总额"]
    assert alternation(words) == alternation(list(reversed(words)))


def test_the_trie_finds_what_a_longest_first_alternation_finds_on_the_metric_lexicon() -> None:
    words = list(metrics().by_synonym)
    plain = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    trie = re.compile(alternation(words))
    text = (
        "2024年全市地区生产总值2310.6亿元,人均地区生产总值9.1万元;规模以上工业增加值增长7.2%,"
        "社会消费品零售总额增长4.8%,固定资产投资(不含农户)增长3.1%,进出口总额增长9.6%,"
        "城镇居民人均可支配收入46210元,农村居民人均可支配收入21030元,年末常住人口640万人。"
    )
    expected = [(m.start(), m.group()) for m in plain.finditer(text)]
    assert [(m.start(), m.group()) for m in trie.finditer(text)] == expected
    assert len(expected) >= 9


def test_a_pattern_of_no_words_matches_nothing() -> None:
    assert re.search(alternation([]), "地区生产总值") is None


def test_starts_with_looks_ahead_at_the_first_characters_without_consuming_them() -> None:
    ahead = re.compile(starts_with(["地区生产总值", "GDP", "出口"]))
    assert ahead.match("出口增长").span() == (0, 0)
    assert ahead.match("GDP").span() == (0, 0)
    assert ahead.match("进口增长") is None
    assert re.compile(starts_with(["出口"], "0-9")).match("2024年") is not None
    assert re.compile(starts_with(["a-b", "]x", "^y"])).match("-") is None


def test_a_lookahead_for_no_words_compiles_and_matches_nothing() -> None:
    assert re.compile(starts_with([])).match("出口") is None


def test_metrics_are_loaded_once_per_process() -> None:
    assert metrics() is metrics()


def test_every_synonym_maps_to_its_canonical_metric_and_unit_kind() -> None:
    lex = metrics()
    assert lex.by_synonym["地区生产总值"] == ("地区生产总值", "money")
    assert lex.by_synonym["经济总量"] == ("地区生产总值", "money")
    assert lex.by_synonym["gdp"] == ("地区生产总值", "money")  # keys are lower-cased
    assert "GDP" not in lex.by_synonym
    assert lex.by_synonym["城镇调查失业率"] == ("城镇调查失业率", "rate")
    assert lex.by_synonym["居民消费价格指数"] == ("居民消费价格", "index")


def test_restricted_synonyms_are_synonyms_flagged_for_their_restriction() -> None:
    lex = metrics()
    assert lex.by_synonym["汽车产业"] == ("汽车产业增加值", "money")
    assert "汽车产业" in lex.growth_only and "汽车产业" not in lex.clause_only
    assert lex.by_synonym["出口"] == ("出口总额", "money")
    assert "出口" in lex.clause_only and "出口" not in lex.growth_only
    assert "地区生产总值" not in lex.growth_only | lex.clause_only


def test_the_lexicons_tables_are_read_with_their_types() -> None:
    lex = metrics()
    assert "常住人口" in lex.stocks and "地区生产总值" not in lex.stocks
    assert lex.parts["民营经济增加值"]["第一产业增加值"] == "民营经济第一产业增加值"
    assert lex.synonym_regions == {"国内生产总值": "全国"}
    assert lex.units["公顷"] == ("亩", 15.0, "acreage")
    assert lex.units["千瓦时"] == ("瓦时", 1000.0, "energy")
    assert lex.multipliers["万亿"] == 1e12 and isinstance(lex.multipliers["万亿"], float)
    assert lex.prefix_qualifiers["突破"] == "超"
    assert lex.default_units["money"] == "元"
    assert "增长" in lex.growth_up and "下降" in lex.growth_down and lex.not_growth == ("环比",)


def test_the_compiled_metric_pattern_takes_the_longest_synonym_in_any_case() -> None:
    pattern = metrics().pattern
    assert pattern.match("人均地区生产总值9.1万元").group() == "人均地区生产总值"
    assert pattern.match("Gdp增长").group() == "Gdp"
    assert pattern.match("增长5%") is None


def _metric_entries() -> list[dict]:
    with (LEXICON_DIR / "metrics.toml").open("rb") as fh:
        return tomllib.load(fh)["metric"]


def test_no_synonym_belongs_to_two_metrics() -> None:
    """by_synonym keeps the last metric that lists a word: a shared one would be lost silently."""
    owners: dict[str, set[str]] = {}
    for m in _metric_entries():
        words = {m["name"], *m["synonyms"], *m.get("growth_only", []), *m.get("clause_only", [])}
        for word in words:
            owners.setdefault(word.lower(), set()).add(m["name"])
    assert {w: names for w, names in owners.items() if len(names) > 1} == {}
    assert len({m["name"] for m in _metric_entries()}) == len(_metric_entries())


def test_every_amount_kind_has_a_default_unit_and_every_part_is_a_metric() -> None:
    lex = metrics()
    kinds = {kind for _, kind in lex.by_synonym.values()}
    assert kinds - set(lex.default_units) == {"rate", "index"}
    assert {kind for _, _, kind in lex.units.values()} <= set(lex.default_units)
    names = {name for name, _ in lex.by_synonym.values()}
    for parent, children in lex.parts.items():
        assert parent in names
        assert set(children) <= names and set(children.values()) <= names


def test_regions_map_every_alias_and_the_name_itself() -> None:
    lex = regions()
    assert lex.by_alias["成都"] == ("成都市", "city")
    assert lex.by_alias["成都市"] == ("成都市", "city")
    assert lex.by_alias["重庆"] == ("重庆市", "municipality")
    assert lex.parent["成都市"] == "四川省"
    assert "全国" not in lex.parent
    assert lex.exclude_before["达川"] == ("直", "发", "抵", "到", "通")
    assert "政协" in lex.exclude_after["全国"]


def test_a_longer_region_name_wins_over_the_city_inside_it() -> None:
    assert regions().pattern.findall("成都平原经济区和成都") == ["成都平原经济区", "成都"]


def test_roles_are_loaded_longest_first_and_surnames_without_whitespace() -> None:
    lex = roles()
    assert lex.role_pattern.match("市委副书记张三").group() == "市委副书记"
    lengths = [len(s) for s in lex.org_suffixes]
    assert lengths == sorted(lengths, reverse=True)
    assert "人民政府" in lex.org_suffixes and "局" in lex.org_suffixes
    assert "王" in lex.surnames and not any(c.isspace() for c in lex.surnames)
    assert all(len(c) == 1 for c in lex.surnames)
    assert "欧阳" in lex.double_surnames
