"""Detect Traditional-script pages and convert them to Simplified (OpenCC's t2s tables).

Most pages are Simplified, so detection is a cheap character-class count on a prefix and only
Traditional pages pay for the conversion. The converter is opencc-python-reimplemented, with our
own corrections for the few characters it gets wrong (lexicons/script_overrides.tsv).
"""

from __future__ import annotations

import re
from functools import cache

import opencc

from newslake.clean.lexicon import load_tsv

# Share of Han characters that t2s would change above which a page counts as Traditional;
# Simplified seeds score 0.0, the Traditional seed 0.34.
HANT_SHARE = 0.05
_SAMPLE_CHARS = 1000  # a Traditional page shows itself within a few hundred characters
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@cache
def overrides() -> dict[str, str]:
    """Traditional character -> the Simplified one we write, where the converter is wrong."""
    return {row["traditional"]: row["simplified"] for row in load_tsv("script_overrides.tsv")}


@cache
def _override_split() -> re.Pattern[str]:
    return re.compile(f"([{re.escape(''.join(overrides()))}])")


def _t2s(text: str) -> str:
    """t2s phrase by phrase, our corrections character by character (odd parts of the split)."""
    parts = _override_split().split(text)
    if len(parts) == 1:
        return _converter().convert(text)
    fixed = overrides()
    return "".join(
        fixed[part] if i % 2 else _converter().convert(part) for i, part in enumerate(parts)
    )


@cache
def _hant_only() -> re.Pattern[str]:
    """A class of every CJK character that our t2s changes, derived from the converter itself."""
    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    converted = _t2s("\n".join(chars)).split("\n")
    changed = "".join(a for a, b in zip(chars, converted, strict=True) if a != b)
    return re.compile(f"[{re.escape(changed)}]")


def detect_script(text: str) -> str:
    """Return "hant" when enough of the page's Han characters are Traditional-only, else "hans"."""
    sample = text[:_SAMPLE_CHARS]
    han = len(_HAN.findall(sample))
    if not han:
        return "hans"
    hant = len(_hant_only().findall(sample))
    return "hant" if hant / han >= HANT_SHARE else "hans"


# Traditional typography quotes with corner brackets; mainland text (and extraction) uses “” ‘’.
_CORNER_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def to_simplified(text: str) -> str:
    """Convert Traditional text to Simplified, phrase-aware (OpenCC t2s), with mainland quotes."""
    return _t2s(text).translate(_CORNER_QUOTES)
