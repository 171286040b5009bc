"""Detect synonym-spun text (伪原创) and restore substitutions where context makes them certain."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslake.clean.lexicon import load_tsv

_LEXICON = "spin_substitutions.tsv"
_WINDOW = 8  # characters of context looked at on each side
_HAN = re.compile(r"[\u4e00-\u9fff]")

# A page is spun when restorable substitutions reach this rate per 100 Han characters
# and come from at least this many different spun forms (one odd word is not spinning).
SPUN_PER_100 = 0.5
SPUN_MIN_FORMS = 3


@dataclass(frozen=True, slots=True)
class _Rule:
    original: str
    left: re.Pattern[str] | None
    right: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class SpinResult:
    """How spun a text looks and the text with certain substitutions reversed."""

    score: float  # restorable substitutions per 100 Han characters
    forms: int  # distinct spun forms found
    restored_text: str
    restored: int


@cache
def _rules() -> tuple[re.Pattern[str], dict[str, _Rule]]:
    rules = {}
    for row in load_tsv(_LEXICON):
        left, right = row["left"].strip(), row["right"].strip()
        rules[row["spun"]] = _Rule(
            original=row["original"],
            left=None if left == "-" else re.compile(f"(?:{left})$"),
            right=None if right == "-" else re.compile(f"(?:{right})"),
        )
    alt = "|".join(re.escape(s) for s in sorted(rules, key=len, reverse=True))
    return re.compile(alt), rules


def _certain(rule: _Rule, text: str, start: int, end: int) -> bool:
    """True when the spun form is never a real word, or its context shows it is spun here."""
    if rule.left is None and rule.right is None:
        return True
    if rule.left is not None and rule.left.search(text[max(0, start - _WINDOW) : start]):
        return True
    return rule.right is not None and bool(rule.right.match(text, end, end + _WINDOW))


def analyse_spin(text: str) -> SpinResult:
    """Score spinning and reverse the substitutions whose context makes them unambiguous."""
    pattern, rules = _rules()
    parts: list[str] = []
    last = 0
    restored = 0
    forms: set[str] = set()
    for m in pattern.finditer(text):
        rule = rules[m.group()]
        if not _certain(rule, text, m.start(), m.end()):
            continue
        parts.append(text[last : m.start()])
        parts.append(rule.original)
        last = m.end()
        restored += 1
        forms.add(m.group())
    parts.append(text[last:])
    han = len(_HAN.findall(text))
    score = 100 * restored / han if han else 0.0
    return SpinResult(round(score, 3), len(forms), "".join(parts), restored)


def is_spun(result: SpinResult) -> bool:
    """Spun when substitutions are frequent and varied enough not to be chance."""
    return result.score >= SPUN_PER_100 and result.forms >= SPUN_MIN_FORMS
