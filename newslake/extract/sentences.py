"""Splits cleaned text into paragraphs and sentences, keeping character offsets into the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。！？ (or their half-width forms) and at a line break; ；stays inside,
# because a period or region named before ；often governs the figures after it.
_SENTENCE_END = re.compile(r"[。！？!?]+[”」』\"]?|\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of text[0] in the document
    paragraph: int


def split_sentences(text: str) -> list[Sentence]:
    """Non-empty sentences in document order, each with its offset and paragraph number."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        _append(out, text, pos, m.end() if m.group() != "\n" else m.start(), paragraph)
        if m.group() == "\n":
            paragraph += 1
        pos = m.end()
    _append(out, text, pos, len(text), paragraph)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, paragraph))
