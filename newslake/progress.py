"""Progress of a run's phases (fetch, process) for whoever watches in this process: the CLI's bars.

The counting happens in the flow's own process (pages fetched, batches loaded), never in the
pool workers, so a plain in-process list of watchers is enough; Prefect's progress artifacts
report the same counts to the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# (phase, what, done, total), e.g. ("process", "pages processed", 200, 1400)
Watcher = Callable[[str, str, int, int], None]

_watchers: list[Watcher] = []


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """Call `watcher` with every progress report made in this process while the block runs."""
    _watchers.append(watcher)
    try:
        yield
    finally:
        _watchers.remove(watcher)


def report(phase: str, what: str, done: int, total: int) -> None:
    """Tell every watcher how far a phase has come."""
    for watcher in list(_watchers):
        watcher(phase, what, done, total)
