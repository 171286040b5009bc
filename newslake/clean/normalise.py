"""Normalise character widths and find masked words (`**制造业`, `*后`)."""

from __future__ import annotations

import re

# Full-width ASCII block (！ to ～) maps onto ASCII by a fixed offset; U+3000 is the wide space.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0x00A0: 0x20}
_ANY_WIDE = re.compile("[\uff01-\uff5e\u3000\u00a0]")

# An asterisk run touching a Han character or digit is a censored word, not a bullet or footnote.
_MASK = re.compile(r"(?=\*)(?:(?<=[\u4e00-\u9fff\w“”\"'])\*+|\*+(?=[\u4e00-\u9fff“”\"']))")


def normalise_width(text: str) -> str:
    """Turn full-width digits, letters and ASCII punctuation into their ASCII forms."""
    return text.translate(_WIDTH) if _ANY_WIDE.search(text) else text


def count_masked(text: str) -> int:
    """Count runs of asterisks standing in for a word; asterisks themselves are left as they are."""
    return len(_MASK.findall(text))
