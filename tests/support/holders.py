"""Another process holding something of the lake (the DuckDB file, a lock) while a test runs.

The script prints one line once it holds what it holds, then waits for a line on stdin; leaving
the block sends that line and waits for the process to end.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def holding(script: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)


def first_line(holder: subprocess.Popen[str]) -> str:
    """What the holder printed once it held its thing ("locked", "open" ...)."""
    assert holder.stdout is not None
    return holder.stdout.readline().strip()
