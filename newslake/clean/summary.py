"""Totals of the quality records of a run, for the run summary (issue: "the run summary reports
totals"). Pure: the flow adds these counts to its result dict and prints them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from newslake.records import Quality

FLAGS = ("spam", "short", "spun", "masked", "ok")


def quality_totals(qualities: Iterable[Quality]) -> dict[str, int]:
    """Documents per flag, spam terms removed, spin substitutions restored, masked words, and
    lines removed (all reasons, and per reason as `lines_removed_<reason>`)."""
    totals: Counter[str] = Counter({f"flag_{flag}": 0 for flag in FLAGS})
    for q in qualities:
        totals[f"flag_{q.flag}"] += 1
        totals["spam_hits"] += q.spam_hits
        totals["spin_restored"] += q.spin_restored
        totals["masked_words"] += q.masked_words
        totals["pinyin_glosses"] += q.pinyin_glosses
        totals["chars_removed"] += max(0, q.chars_before - q.chars_after)
        for reason, n in q.lines_removed.items():
            totals["lines_removed"] += n
            totals[f"lines_removed_{reason}"] += n
    return dict(totals)
