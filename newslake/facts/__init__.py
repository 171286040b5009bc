"""Facts: the figure many pages report, settled once per (metric, region, period, kind).

`bounds` reads how precisely a figure was written, `consolidate` groups the reports of one key
into a fact with its agreeing reports, `units` shows values in the units analysts read. The store
(`newslake/store/facts.py`) keeps facts current after each run's loads.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from newslake.facts.consolidate import STATUSES, Consolidated, consolidate, consolidate_sorted

__all__ = ["STATUSES", "Consolidated", "consolidate", "consolidate_sorted", "facts_version"]


@cache
def facts_version() -> str:
    """A hash of these rules: stored facts made by other rules are recomputed on the next run."""
    from newslake.version import hash_files

    return hash_files(Path(__file__).resolve().parent)
