"""Remove site chrome (breadcrumbs, share prompts, copyright, photo credits...) line by line.

Rules live in newslake/lexicons/chrome_lines.toml, each with the reason it is counted under.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from newslake.clean.lexicon import load_toml

_LEXICON = "chrome_lines.toml"
# A body paragraph: long enough and ending a sentence; "edge" rules act only outside them.
_BODY_MIN_CHARS = 40
_SENTENCE_END = re.compile(r"[。!?…”\"]\s*$")
_TITLE_LINE = re.compile(r"标题\s*:\s*(?P<title>.+)")


@dataclass(frozen=True, slots=True)
class _Rule:
    reason: str
    edge_only: bool
    lines: frozenset[str]
    pattern: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class ChromeResult:
    """Body lines left, lines removed by reason, a title a mirror's `标题:` line gave, and the
    site's name standing alone on top (人民网), the publisher when no 来源 line names one."""

    lines: list[str]
    removed: dict[str, int]
    mirror_title: str | None
    site_name: str | None = None


@cache
def _rules() -> tuple[tuple[_Rule, ...], frozenset[str]]:
    lex = load_toml(_LEXICON)
    rules = []
    for raw in lex["rule"]:
        patterns = raw.get("patterns", [])
        rules.append(
            _Rule(
                reason=raw["reason"],
                edge_only=raw.get("where", "anywhere") == "edge",
                lines=frozenset(raw.get("lines", [])),
                pattern=re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None,
            )
        )
    return tuple(rules), frozenset(lex["teasers"]["starts"])


def is_body_paragraph(line: str) -> bool:
    """A line that reads as article prose rather than a label, menu or caption."""
    return len(line) >= _BODY_MIN_CHARS and bool(_SENTENCE_END.search(line))


def chrome_reason(line: str, *, at_edge: bool) -> str | None:
    """The reason a line is site chrome, or None when it is not."""
    rules, _ = _rules()
    for rule in rules:
        if rule.edge_only and not at_edge:
            continue
        if line in rule.lines or (rule.pattern is not None and rule.pattern.fullmatch(line)):
            return rule.reason
    return None


def strip_chrome(lines: list[str]) -> ChromeResult:
    """Drop chrome lines and the teaser block after the body; count what went, by reason."""
    _, teaser_starts = _rules()
    body = [i for i, line in enumerate(lines) if is_body_paragraph(line)]
    first, last = (body[0], body[-1]) if body else (len(lines), -1)
    removed: Counter[str] = Counter()
    kept: list[str] = []
    mirror_title = site_name = None
    in_teasers = False
    for i, line in enumerate(lines):
        if not in_teasers and line.rstrip(": ") in teaser_starts and i > first:
            in_teasers = True
        reason = chrome_reason(line, at_edge=i < first or i > last or in_teasers)
        if reason == "mirror_meta" and (m := _TITLE_LINE.fullmatch(line)):
            mirror_title = mirror_title or m["title"].strip()
        if reason == "site_name" and i < first:
            site_name = site_name or line
        if reason is None and in_teasers:
            reason = "teasers"
        if reason is None:
            kept.append(line)
        else:
            removed[reason] += 1
    return ChromeResult(kept, dict(removed), mirror_title, site_name)
