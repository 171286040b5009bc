"""Finds metric names from the taxonomy (tasks/lexicons/metrics.toml) in a sentence."""

from __future__ import annotations

from dataclasses import dataclass

from tasks.extract.lexicon import metrics


@dataclass(frozen=True, slots=True)
class MetricMention:
    start: int
    end: int
    name: str  # canonical name
    unit_kind: str  # money, people, ... | rate | index


def find_metrics(sentence: str) -> list[MetricMention]:
    """Metric mentions in order; the longest synonym wins at each position."""
    lex = metrics()
    out = []
    for m in lex.pattern.finditer(sentence):
        name, unit_kind = lex.by_synonym[m.group().lower()]
        out.append(MetricMention(m.start(), m.end(), name, unit_kind))
    return out
