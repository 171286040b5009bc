"""Load the cleaning lexicons (data files under newslake/lexicons/) once per process."""

from __future__ import annotations

import csv
import tomllib
from functools import cache

from newslake.settings import LEXICON_DIR


@cache
def load_toml(name: str) -> dict:
    """Parse one TOML lexicon; cached so a worker process reads each file once."""
    with (LEXICON_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


@cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a TSV lexicon as dicts keyed by its header; `#` lines are comments."""
    with (LEXICON_DIR / name).open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
