"""Finds regions from the gazetteer and resolves 全市/全省/我市 to the document's subject region."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tasks.extract.lexicon import regions

# Subject words and the gazetteer levels each one can point at.
_SUBJECT_RE = re.compile(r"(?:全|我|本)(市|省|区|县)")
_SUBJECT_LEVELS = {
    "市": ("municipality", "city"),
    "省": ("province",),
    "区": ("district", "new_area"),
    "县": ("county",),
}
_COMPARED_BEFORE = ("占", "比", "于", "较")


@dataclass(frozen=True, slots=True)
class RegionMention:
    start: int
    end: int
    name: str | None  # None: a subject word (全市) whose region the document does not settle
    level: str
    subject_word: bool = False


def find_regions(
    sentence: str, subject: dict[str, str | None] | None = None
) -> list[RegionMention]:
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
    if subject is not None:
        for m in _SUBJECT_RE.finditer(sentence):
            if found and any(r.end == m.start() for r in found):
                continue  # 重庆全市: the explicit region already says it
            if m.start() > 0 and sentence[m.start() - 1] in _COMPARED_BEFORE:
                continue
            found.append(
                RegionMention(m.start(), m.end(), subject.get(m.group(1)), "subject", True)
            )
    found.sort(key=lambda r: r.start)
    return found


def subject_regions(title: str | None, text: str) -> dict[str, str | None]:
    """The region 全市/全省/全区/全县 refer to: the clear leader among regions of that level.

    Title mentions count three times; a leader needs a weighted count of at least 2 and must
    beat the runner-up, otherwise the subject stays None (NULL), never a guess.
    """
    lex = regions()
    counts: Counter[tuple[str, str]] = Counter()
    for source, weight in ((title or "", 3), (text, 1)):
        for m in lex.pattern.finditer(source):
            alias = m.group()
            if source[m.end() :].startswith(lex.exclude_after.get(alias, ())):
                continue
            counts[lex.by_alias[alias]] += weight
    subject: dict[str, str | None] = {}
    for word, levels in _SUBJECT_LEVELS.items():
        ranked = [
            (n, c) for (name, level), c in counts.most_common() if level in levels for n in [name]
        ]
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            subject[word] = ranked[0][0]
        else:
            subject[word] = None
    return subject


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
