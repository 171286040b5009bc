"""The code version that derived rows depend on, for cache keys of staged batches and provenance.

A hash of every source and data file of the library that shapes a derived row: all of
`newslake/` (cleaning, extraction, dedupe, the records, the derive steps, the lexicons) except the
command line and the store, which only move rows, and the facts, settled over the lake after
loading. Any change to those files invalidates cached batch results without anyone remembering
to bump a number.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_SUFFIXES = frozenset({".py", ".toml", ".tsv", ".txt"})
# Not part of a derived row: the CLI, the store and the facts (settled over the lake after loading,
# with a version of their own: newslake.facts.facts_version); nor the folders a wheel installs
# inside the package (flows, tasks, sql, samples), so an installed copy hashes the same files.
EXCLUDED = frozenset({"cli.py", "store", "facts", "flows", "tasks", "sql", "samples"})


def shaping_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The files the code version covers, in a stable order."""
    return sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file()
        and p.suffix in _SUFFIXES
        and p.relative_to(package_dir).parts[0] not in EXCLUDED
        and "__pycache__" not in p.parts
    )


def hash_files(package_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in shaping_files(package_dir):
        digest.update(path.relative_to(package_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def code_version() -> str:
    return hash_files(PACKAGE_DIR)
