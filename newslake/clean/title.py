"""Pick a text page's title: a mirror's `标题:` line, else the headline over the byline, else the
first heading-like line on top."""

from __future__ import annotations

import re

from newslake.clean.byline import parse_byline_line
from newslake.clean.chrome import chrome_reason, is_body_paragraph
from newslake.extract.lexicon import roles

_MAX_TITLE = 60
_NOT_HEADING_END = re.compile(r"[。,;:、,.;:]$")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def unquote_title(title: str) -> str:
    """`“标题“引语””` -> `标题“引语”`: drop one pair of quotes wrapping the whole title."""
    title = title.strip()
    if (
        len(title) > 2
        and title[0] == "“"
        and title[-1] == "”"
        and title.count("“") == title.count("”")
    ):
        return title[1:-1].strip()
    return title


def is_heading(line: str) -> bool:
    """Short, not a sentence, and mostly words: how headlines look in scraped text."""
    return (
        4 <= len(line) <= _MAX_TITLE
        and not _NOT_HEADING_END.search(line)
        and len(_HAN.findall(line)) >= 4
        and not line.startswith(("——", "--"))
    )


def pick_title(lines: list[str]) -> str | None:
    """The first heading-like line before the first body paragraph, or None."""
    for line in lines:
        if is_body_paragraph(line):
            return None
        if is_heading(line) and not is_issuer(line):
            return unquote_title(line)
    return None


def title_over_byline(lines: list[str]) -> str | None:
    """The last heading-like line above the page's byline (date/来源 line), or None.

    Pages put column labels (今日关注, 今日要闻) and menus above the headline; the headline is what
    sits right over the byline.
    """
    head: list[str] = []
    for line in lines:
        if is_body_paragraph(line):
            return None
        if parse_byline_line(line) is not None:
            break
        head.append(line)
    else:
        return None
    for line in reversed(head):
        if is_heading(line) and chrome_reason(line, at_edge=True) is None and not is_issuer(line):
            return unquote_title(line)
    return None


def is_issuer(line: str) -> bool:
    """`重庆市统计局 国家统计局重庆调查总队`: the bodies that issued a release, not its headline."""
    suffixes = (*roles().org_suffixes, *roles().regional_org_suffixes)
    names = line.split()
    return bool(names) and all(name.endswith(suffixes) for name in names)


def drop_above_title(lines: list[str], title: str) -> tuple[list[str], int]:
    """Drop the short lines above the headline (column labels such as 今日关注, leftover menus).

    Only when the headline comes before any body paragraph: what sits over it is page furniture.
    """
    for i, line in enumerate(lines):
        if is_body_paragraph(line):
            return lines, 0
        if unquote_title(line) == title:
            return lines[i:], i
    return lines, 0


def remove_title(lines: list[str], title: str) -> tuple[list[str], int]:
    """Drop lines that repeat the title and cut it off a paragraph it was glued onto."""
    kept = []
    removed = 0
    for line in lines:
        if unquote_title(line) == title:
            removed += 1
            continue
        if line.startswith(title) and len(line) > len(title) + _MAX_TITLE:
            line = line[len(title) :].lstrip()
        kept.append(line)
    return kept, removed
