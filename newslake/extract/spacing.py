"""Undo what scrapers do to spacing and punctuation before figures are read, keeping offsets.

Pages reach us with spaces inside words and figures (`地区生产 总值`, `4807.2 亿元`, `1 000 亿元`,
`增长 2.8%`) and with doubled clause marks (`4.4%,、4.8%,、1.5%`, `前三季度,,涪陵`). Chinese prose
puts no spaces between characters, so such spaces are dropped, and a run of clause marks keeps one.
The text as written stays in the lake; extraction reads the repaired copy and maps its offsets
back to the original.
"""

from __future__ import annotations

import re

# A space between two characters of running Chinese text (Han, digits, %, a decimal point).
_JOINABLE = r"[\u4e00-\u9fff\d%.]"
_INNER_SPACE = re.compile(
    rf"(?=[ \t\u3000\u00a0])(?<={_JOINABLE})[ \t\u3000\u00a0]+(?={_JOINABLE})"
)
# Digit groups written with spaces: 1 000, 12 345 678 (the first group has at most three digits).
_DIGIT_GROUPS = re.compile(r"(?=\d)(?<![\d.])\d{1,3}(?: \d{3})+(?![\d.])")
_MARK_RUN = re.compile(r"[,，、;；]{2,}")


def repair(text: str) -> tuple[str, list[int]]:
    """The repaired text and, for each of its characters, the offset of that character in `text`."""
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) on the original text
    for m in _DIGIT_GROUPS.finditer(text):
        edits += [
            (m.start() + i, m.start() + i + 1, "") for i, ch in enumerate(m.group()) if ch == " "
        ]
    for m in _INNER_SPACE.finditer(text):
        if text[m.start() - 1].isdigit() and text[m.end()].isdigit():
            continue  # two numbers side by side (a table row): keep them apart
        edits.append((m.start(), m.end(), ""))
    for m in _MARK_RUN.finditer(text):
        run = m.group()
        keep = "、" if "、" in run and set(run) <= {",", "，", "、"} else run[0]
        edits.append((m.start(), m.end(), keep))
    if not edits:
        return text, list(range(len(text)))
    edits.sort()
    parts: list[str] = []
    origin: list[int] = []
    pos = 0
    for start, end, replacement in edits:
        if start < pos:
            continue  # overlapping edits (a space inside a digit group): the first one stands
        parts.append(text[pos:start])
        origin.extend(range(pos, start))
        if replacement:
            parts.append(replacement)
            origin.append(start)
        pos = end
    parts.append(text[pos:])
    origin.extend(range(pos, len(text)))
    return "".join(parts), origin
