"""Split text into trimmed lines and keep repeated lines once."""

from __future__ import annotations

import re

_SPACE = re.compile(r"[ \t\u3000\u00a0]+")


def split_lines(text: str) -> list[str]:
    """Non-empty lines with inner whitespace runs collapsed and ends trimmed."""
    out = []
    for line in text.splitlines():
        line = _SPACE.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def dedupe_lines(lines: list[str]) -> tuple[list[str], int]:
    """Keep the first occurrence of each line; return the kept lines and how many were dropped."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        key = line.strip(" “”\"'")
        if key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return kept, len(lines) - len(kept)
