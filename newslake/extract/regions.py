"""Finds regions from the gazetteer and works out the region a document is about.

全市/全省/我市… resolve to the document's subject region of that level; a figure no sentence
places falls back to the document's home region, and both stay None unless one region clearly
leads the document: a wrong region is worse than none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newslake.extract.lexicon import RegionLexicon, regions

# Subject words and the gazetteer levels each one can point at. 全市场, 全区域, 基本市场 are not.
_SUBJECT_RE = re.compile(r"(?:全|我|该|(?<![基资日根版成])本)(市|省|区|县)(?![场域级委])")
_SUBJECT_LEVELS = {
    "市": ("municipality", "city"),
    "省": ("province",),
    "区": ("district", "new_area"),
    "县": ("county",),
}
_COMPARED_BEFORE = ("占", "比", "于", "较", "超")
TITLE_WEIGHT = 3  # a region in the title counts as three mentions in the body
# The home region must be named at least this often (weighted) and this many times as often as
# the runner-up; the numbers keep two-region pages (重庆 and 四川 side by side) at None.
HOME_MIN_COUNT = 2
HOME_LEAD = 1.5


@dataclass(frozen=True, slots=True)
class RegionMention:
    start: int
    end: int
    name: str | None  # None: a subject word (全市) whose region the document does not settle
    level: str
    subject_word: bool = False


@dataclass(frozen=True, slots=True)
class DocumentRegions:
    """What a document's own words (全市, 我省) mean, and the region the document is about."""

    words: dict[str, str | None]  # 市/省/区/县 -> canonical region or None
    home: str | None


# A region inside a ranking (位居全省第六, 居全国第9位, 是我国人口最多的城市, 排名全国城市第七) is the
# league the figure is ranked in, never the figure's own region.
_RANK_BEFORE = re.compile(r"(?:居|位|列|排|排名|跻身|升至|跃居|跃升至|稳居|名列|是|为|成为|在)$")
# 全省首个市内免税店, 全国首批: the region a first is counted in
_FIRST_AFTER = re.compile(r"^(?:首个|首家|首批|首只|首条|唯一|第一个|第一家)")
_RANK_AFTER = re.compile(
    r"^[^，,；;。：:]{0,10}?(?:第[\d一二三四五六七八九十百]+|前[\d一二三四五六七八九十]+|首位|前列|之首"
    r"|最[\u4e00-\u9fff])"
)
# 全省排名第三, 从全省第4位跃升至第3位, 全国前列: the league right after the region, whatever before.
_RANKED_AFTER = re.compile(
    r"^(?:排名|排位|排|位居|位列|居)?(?:第[\d一二三四五六七八九十]+(?:位|名)|前[\d一二三四五六七八九十]+位)"
    r"|^(?:排名|排位|排|位居|位列|居)第[\d一二三四五六七八九十]+"
)
_YARDSTICK_BEFORE = re.compile(r"(?:比|较|高于|低于|超过)[^，,；;。：:]{0,8}的$")
_COUNTRY_WORDS = frozenset({"全国", "我国", "中国", "国内"})
# A partner or a yardstick: 与重庆中心城区一体化, 对东盟进出口, 高于全国, 占全省.
_PARTNER_BEFORE = ("与", "同", "对", "向", "跟")


def _excluded(text: str, start: int, end: int) -> bool:
    """Whether a region mention at text[start:end] is not a region the text reports on."""
    before = text[max(0, start - 4) : start]
    if before[-1:] in _COMPARED_BEFORE or before[-1:] in _PARTNER_BEFORE:
        return True  # 占全国, 比全国高, 高于全国, 与重庆中心城区, 对东盟
    if before.endswith(("在", "向", "面向", "全")) and text[start:end] in _COUNTRY_WORDS:
        return True  # 在全国复制推广, 向全国: the country as a stage, not the figure's region
    if _FIRST_AFTER.match(text[end : end + 3]) or _RANKED_AFTER.match(text[end : end + 8]):
        return True
    if _YARDSTICK_BEFORE.search(text, max(0, start - 12), start):
        return True  # 比排名第2的成都高0.13万元: the region compared with
    return bool(_RANK_BEFORE.search(before) and _RANK_AFTER.match(text[end : end + 14]))


def _gazetteer_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical name, level) of every gazetteer region the text reports on.

    A region written right after its parent (重庆市渝北区, 四川省成都市) is the child alone.
    """
    lex = regions()
    found: list[tuple[int, int, str, str]] = []
    for m in lex.pattern.finditer(text):
        alias = m.group()
        if _part_of_another_word(lex, text, m) or _excluded(text, m.start(), m.end()):
            continue
        name, level = lex.by_alias[alias]
        if found and found[-1][1] == m.start() and lex.parent.get(name) == found[-1][2]:
            found.pop()  # the parent that only qualifies this child
        found.append((m.start(), m.end(), name, level))
    return found


def find_regions(sentence: str, doc: DocumentRegions | None = None) -> list[RegionMention]:
    """Gazetteer regions and resolved subject words in a sentence, in order of position."""
    found = [
        RegionMention(a, b, name, level) for a, b, name, level in _gazetteer_mentions(sentence)
    ]
    if doc is not None:
        for m in _SUBJECT_RE.finditer(sentence):
            if any(r.end == m.start() or r.start <= m.start() < r.end for r in found):
                continue  # 重庆全市, 天全县: the explicit region already says it
            if _excluded(sentence, m.start(), m.end()):
                continue
            resolved = doc.words.get(m.group(1))
            found.append(RegionMention(m.start(), m.end(), resolved, "subject", True))
    found.sort(key=lambda r: r.start)
    return found


def _counts(title: str | None, text: str) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    for source, weight in ((title or "", TITLE_WEIGHT), (text, 1)):
        for _start, _end, name, level in _gazetteer_mentions(source):
            counts[(name, level)] += weight
    return counts


def _leader(ranked: list[tuple[str, int]], min_count: int, lead: float) -> str | None:
    if not ranked or ranked[0][1] < min_count:
        return None
    if len(ranked) > 1 and ranked[0][1] < lead * ranked[1][1]:
        return None
    return ranked[0][0]


def document_regions(title: str | None, text: str) -> DocumentRegions:
    """The subject region of each level and the home region of a document (None when unclear).

    A subject word needs a leader of its level named at least twice (title counts three times)
    and more often than the runner-up, or the only region of its level on a page that uses the
    word (我区 on a page naming one district). 全市 on a district's page is its city; 全市 on a
    page naming only districts of one city is that city; 全省 in a page about a Sichuan city is
    its province even when the province is never named. The home region (for figures no sentence
    places) is the leading region, else the region the page's own subject words point at.
    """
    lex = regions()
    counts = _counts(title, text)
    used = {m.group(1) for m in _SUBJECT_RE.finditer(text)}
    ranked_all = [(name, c) for (name, level), c in counts.most_common() if level != "country"]
    home = _leader(ranked_all, HOME_MIN_COUNT, HOME_LEAD)
    if home is None and len(ranked_all) > 1 and ranked_all[0][1] == ranked_all[1][1]:
        # a district named as often as its own city: the page is the district's (江津区…重庆)
        (a, n), (b, _) = ranked_all[0], ranked_all[1]
        child = a if lex.parent.get(a) == b else b if lex.parent.get(b) == a else None
        if child is not None and n >= HOME_MIN_COUNT:
            home = child
    if (
        home is None
        and len(ranked_all) == 1
        and len(counts) == 1
        and _leads(text, ranked_all[0][0])
    ):
        home = ranked_all[0][
            0
        ]  # 2022年,泸州市城镇居民人均可支配收入…: the one place the page names
    words: dict[str, str | None] = {}
    for word, levels in _SUBJECT_LEVELS.items():
        ranked = [(name, c) for (name, level), c in counts.most_common() if level in levels]
        words[word] = _leader(ranked, 2, 1.0 + 1e-9)
        if words[word] is None and word in used and len(ranked) == 1:
            words[word] = ranked[0][0]  # 我区 on a page naming a single district
    local = words["区"] or words["县"]
    if words["市"] is None:
        parents = {lex.parent.get(name) for name, _ in ranked_all if _is_local(name, counts)}
        if local is not None:
            words["市"] = lex.parent.get(local)  # 全市 on a district's page: its city
        elif (
            len(parents) == 1
            and None not in parents
            and sum(_is_local(name, counts) for name, _ in ranked_all) >= 2
        ):
            words["市"] = parents.pop()  # 渝北、长寿和潼南…我市: the districts' own city
    if words["省"] is None:
        for region in (words["市"], home):
            parent = lex.parent.get(region or "")
            if parent is not None and lex.by_alias.get(parent, ("", ""))[1] == "province":
                words["省"] = parent
                break
    if words["省"] is None and "省" in used:
        # 全省 on a page that names only places of one province (or the circle, whose only
        # province is Sichuan: Chongqing is a municipality)
        provinces = {p for name, _ in ranked_all if (p := _province_of(name)) is not None}
        if len(provinces) == 1:
            words["省"] = provinces.pop()
        elif not provinces and any(name == CIRCLE for name, _ in ranked_all):
            words["省"] = CIRCLE_PROVINCE
    # A page that speaks of itself (我区, 全市) is about the region those words point at, whatever
    # else it names more often (a slogan's 成渝地区双城经济圈, the city of a district).
    for word in ("区", "县", "市", "省"):
        own = words[word]
        if word in used and own is not None:
            if home is None or home == lex.parent.get(own) or _is_zone(home, counts):
                home = own
            break
    return DocumentRegions(words, home)


LEAD_CHARS = 120  # how early the only place on a page must be named to be what it is about


def _leads(text: str, name: str) -> bool:
    """Whether `name` is named in the page's opening words (the lead that says what it is about)."""
    return any(n == name for _a, _b, n, _level in _gazetteer_mentions(text[:LEAD_CHARS]))


CIRCLE = "成渝地区双城经济圈"
CIRCLE_PROVINCE = "四川省"


def _province_of(name: str) -> str | None:
    """The province a region lies in (itself for a province), following its parents."""
    lex = regions()
    seen = 0
    while name and seen < 5:
        if lex.by_alias.get(name, ("", ""))[1] == "province":
            return name
        name = lex.parent.get(name, "")
        seen += 1
    return None


def _is_zone(name: str, counts: Counter[tuple[str, str]]) -> bool:
    return any(n == name and level == "economic_zone" for n, level in counts)


def _is_local(name: str, counts: Counter[tuple[str, str]]) -> bool:
    return any(n == name and level in ("district", "county") for n, level in counts)


def find_places(text: str) -> list[str]:
    """Canonical names of gazetteer places named in a text, first mention first."""
    lex = regions()
    seen: dict[str, None] = {}
    for m in lex.pattern.finditer(text):
        if not _part_of_another_word(lex, text, m):
            seen.setdefault(lex.by_alias[m.group()][0], None)
    return list(seen)


def _part_of_another_word(lex: RegionLexicon, text: str, m: re.Match[str]) -> bool:
    """The gazetteer's own exclusions (exclude_before/exclude_after in regions.toml): an alias
    that is only part of a longer word names no place."""
    alias = m.group()
    if text.startswith(lex.exclude_after.get(alias, ()), m.end()):
        return True
    return bool(m.start()) and text[m.start() - 1] in lex.exclude_before.get(alias, ())
