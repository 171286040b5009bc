"""Remove gambling/SEO injections and decorative markers glued into sentences, and score spam."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.clean.lexicon import load_toml

_LEXICON = "spam_terms.toml"
_LEFTOVER = re.compile(r"[\s\W_]*")  # a line left with punctuation only


@dataclass(frozen=True, slots=True)
class SpamResult:
    """Lines with spam removed, and what was removed."""

    lines: list[str]
    hits: int  # spam terms removed
    spam_chars: int  # characters of spam removed, including lines dropped as spam
    markers: int  # decorative marker characters removed
    lines_dropped: int  # lines that were spam and nothing else


@cache
def _spam_pattern() -> re.Pattern[str]:
    lex = load_toml(_LEXICON)["category"]
    terms = [t for cat in lex.values() for t in cat.get("terms", [])]
    suffixes = lex["seo_suffix"]["suffixes"]
    prefix = lex["seo_prefix"]["pattern"]
    alt = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    suf = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    # adjacent terms (尊龙百家乐官网) are one injection, counted once
    return re.compile(f"(?:{prefix})?(?:(?:{alt})(?:{suf})*)+", re.IGNORECASE)


@cache
def _marker_pattern() -> re.Pattern[str]:
    return re.compile(f"[{re.escape(load_toml(_LEXICON)['markers']['chars'])}]+")


@cache
def _thresholds() -> dict[str, float]:
    return load_toml(_LEXICON)["score"]


def remove_markers(line: str) -> tuple[str, int]:
    """Drop decorative marker runs (▼▼, ★); return the line and the characters removed."""
    cleaned = _marker_pattern().sub("", line)
    return cleaned, len(line) - len(cleaned)


def remove_spam_terms(line: str) -> tuple[str, int, int]:
    """Cut spam terms out of a line, keeping the sentence around them: (line, hits, chars)."""
    hits = 0
    chars = 0

    def _cut(m: re.Match[str]) -> str:
        nonlocal hits, chars
        hits += 1
        chars += len(m.group())
        return ""

    return _spam_pattern().sub(_cut, line), hits, chars


def remove_spam(lines: list[str]) -> SpamResult:
    """Remove spam terms and markers from every line; drop lines that were nothing but spam."""
    line_share = _thresholds()["line_share"]
    kept: list[str] = []
    hits = spam_chars = markers = dropped = 0
    for line in lines:
        line, n_markers = remove_markers(line)
        markers += n_markers
        cleaned, n_hits, n_chars = remove_spam_terms(line)
        hits += n_hits
        spam_chars += n_chars
        cleaned = cleaned.strip()
        if n_hits and (_LEFTOVER.fullmatch(cleaned) or n_chars / len(line) >= line_share):
            spam_chars += len(cleaned)
            dropped += 1
            continue
        if cleaned:
            kept.append(cleaned)
    return SpamResult(kept, hits, spam_chars, markers, dropped)


def spam_score(spam_chars: int, kept_chars: int) -> float:
    """Share of the page's text that was spam, 0..1."""
    total = spam_chars + kept_chars
    return spam_chars / total if total else 0.0


def is_spam(score: float) -> bool:
    """A page that is mostly spam is kept out of the canonical views."""
    return score >= _thresholds()["flag_share"]
