"""The code version that derived results depend on, for cache keys and provenance.

A hash of the source and data files under `tasks/`, so that any change to a cleaner, an extractor
or a lexicon invalidates cached batch results without anyone remembering to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_TASKS_DIR = Path(__file__).resolve().parent.parent / "tasks"
_SUFFIXES = {".py", ".toml", ".tsv", ".txt"}


@cache
def code_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in _TASKS_DIR.rglob("*") if p.suffix in _SUFFIXES):
        digest.update(path.relative_to(_TASKS_DIR).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
