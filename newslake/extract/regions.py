"""Finds regions from the gazetteer and works out the region a document is about.

全市/全省/我市… resolve to the document's subject region of that level; a figure no sentence
places falls back to the document's home region, and both stay None unless one region clearly
leads the document: a wrong region is worse than none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newslake.extract.lexicon import regions

# Subject words and the gazetteer levels each one can point at. 全市场, 全区域, 基本市场 are not.
_SUBJECT_RE = re.compile(r"(?:全|我|(?<![基资日根版成])本)(市|省|区|县)(?![场域级委])")
_SUBJECT_LEVELS = {
    "市": ("municipality", "city"),
    "省": ("province",),
    "区": ("district", "new_area"),
    "县": ("county",),
}
_COMPARED_BEFORE = ("占", "比", "于", "较")
TITLE_WEIGHT = 3  # a region in the title counts as three mentions in the body
# The home region must be named at least this often (weighted) and this many times as often as
# the runner-up; the numbers keep two-region pages (重庆 and 四川 side by side) at None.
HOME_MIN_COUNT = 3
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


def find_regions(sentence: str, doc: DocumentRegions | None = None) -> list[RegionMention]:
    """Gazetteer regions and resolved subject words in a sentence, in order of position."""
    lex = regions()
    found: list[RegionMention] = []
    for m in lex.pattern.finditer(sentence):
        alias = m.group()
        if sentence[m.end() :].startswith(lex.exclude_after.get(alias, ())):
            continue
        if m.start() > 0 and sentence[m.start() - 1] in _COMPARED_BEFORE:
            continue  # 占全国, 比全国高, 高于全国: a yardstick, not the figure's region
        name, level = lex.by_alias[alias]
        found.append(RegionMention(m.start(), m.end(), name, level))
    if doc is not None:
        for m in _SUBJECT_RE.finditer(sentence):
            if any(r.end == m.start() for r in found):
                continue  # 重庆全市: the explicit region already says it
            if m.start() > 0 and sentence[m.start() - 1] in _COMPARED_BEFORE:
                continue
            resolved = doc.words.get(m.group(1))
            found.append(RegionMention(m.start(), m.end(), resolved, "subject", True))
    found.sort(key=lambda r: r.start)
    return found


def _counts(title: str | None, text: str) -> Counter[tuple[str, str]]:
    lex = regions()
    counts: Counter[tuple[str, str]] = Counter()
    for source, weight in ((title or "", TITLE_WEIGHT), (text, 1)):
        for m in lex.pattern.finditer(source):
            alias = m.group()
            if source[m.end() :].startswith(lex.exclude_after.get(alias, ())):
                continue
            counts[lex.by_alias[alias]] += weight
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
    and more often than the runner-up; 全省 in a page about a Sichuan city is that city's
    province even when the province is never named.
    """
    lex = regions()
    counts = _counts(title, text)
    ranked_all = [(name, c) for (name, level), c in counts.most_common() if level != "country"]
    home = _leader(ranked_all, HOME_MIN_COUNT, HOME_LEAD)
    words: dict[str, str | None] = {}
    for word, levels in _SUBJECT_LEVELS.items():
        ranked = [(name, c) for (name, level), c in counts.most_common() if level in levels]
        words[word] = _leader(ranked, 2, 1.0 + 1e-9)
    if words["省"] is None:
        for region in (words["市"], home):
            parent = lex.parent.get(region or "")
            if parent is not None and lex.by_alias.get(parent, ("", ""))[1] == "province":
                words["省"] = parent
                break
    return DocumentRegions(words, home)


def find_places(text: str) -> list[str]:
    """Canonical names of gazetteer places named in a text, first mention first."""
    lex = regions()
    seen: dict[str, None] = {}
    for m in lex.pattern.finditer(text):
        alias = m.group()
        if text[m.end() :].startswith(lex.exclude_after.get(alias, ())):
            continue
        seen.setdefault(lex.by_alias[alias][0], None)
    return list(seen)
