"""Remove romanisation glosses that some reposting sites put inside words: 地區(qū)生產(chǎn)總值.

A gloss is a parenthesised pinyin syllable (with or without tone marks) right after a Han
character, possibly repeated (`人(ren)(ren)`). Tone-marked syllables are unmistakable; bare
lowercase syllables (`(ju)`, `(ren)`) are removed only on a page that glosses systematically, so
a lone `(long)` or `(an)` in honest text stays. Acronyms (`(GDP)`, `(CPI)`) are not pinyin.
"""

from __future__ import annotations

import re
import unicodedata

# A page with at least this many bare-syllable glosses glosses systematically.
MIN_BARE_GLOSSES = 3

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"(?=[(（])(?<=[\u4e00-\u9fff\)）])[(（]([a-zü{_TONED}]{{1,6}})[)）]")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|iao|ian|uai|uan|ang|eng|ing|ong|"
    r"ai|ei|ao|ou|an|en|in|un|vn|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)"
)
_TONE_MARK = re.compile(f"[{_TONED}]")


def _plain(syllable: str) -> str:
    """The syllable without tone marks, ü written v."""
    stripped = "".join(
        c for c in unicodedata.normalize("NFD", syllable) if unicodedata.category(c) != "Mn"
    )
    return stripped.replace("ü", "v")


def is_syllable(text: str) -> bool:
    return _SYLLABLE.fullmatch(_plain(text)) is not None


def remove_glosses(text: str, *, systematic: bool | None = None) -> tuple[str, int]:
    """The text without pinyin glosses, and how many were removed.

    `systematic` says whether bare syllables count (None: decide from this text itself).
    """
    if "(" not in text and "（" not in text:
        return text, 0
    found = [m for m in _GLOSS.finditer(text) if is_syllable(m.group(1))]
    if not found:
        return text, 0
    if systematic is None:
        systematic = is_systematic(text)
    # a gloss after a gloss (人(ren)(ren)) follows ')' rather than the Han character
    keep = [m for m in found if systematic or _TONE_MARK.search(m.group(1))]
    if not keep:
        return text, 0
    out, pos = [], 0
    for m in keep:
        out.append(text[pos : m.start()])
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), len(keep)


def is_systematic(text: str) -> bool:
    """Whether the text glosses its words as a rule (enough bare-syllable glosses)."""
    bare = sum(
        1
        for m in _GLOSS.finditer(text)
        if is_syllable(m.group(1)) and not _TONE_MARK.search(m.group(1))
    )
    toned = sum(1 for m in _GLOSS.finditer(text) if _TONE_MARK.search(m.group(1)))
    return bare >= MIN_BARE_GLOSSES or toned >= MIN_BARE_GLOSSES
