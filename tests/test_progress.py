"""Progress reports reach exactly the watchers registered while they are made: the CLI's bars
depend on it, and a watcher left behind would keep drawing after its run ended."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from newslake.progress import report, watching

Report = tuple[str, str, int, int]


class Recorder:
    def __init__(self) -> None:
        self.calls: list[Report] = []

    def __call__(self, phase: str, what: str, done: int, total: int) -> None:
        self.calls.append((phase, what, done, total))


def test_a_watcher_gets_every_report_made_while_it_watches_in_order() -> None:
    seen = Recorder()
    with watching(seen):
        report("fetch", "pages fetched", 0, 40)
        report("fetch", "pages fetched", 40, 40)
        report("process", "pages processed", 200, 1400)
    assert seen.calls == [
        ("fetch", "pages fetched", 0, 40),
        ("fetch", "pages fetched", 40, 40),
        ("process", "pages processed", 200, 1400),
    ]


def test_reports_before_and_after_the_block_are_not_seen() -> None:
    seen = Recorder()
    report("fetch", "pages fetched", 1, 10)
    with watching(seen):
        report("fetch", "pages fetched", 2, 10)
    report("fetch", "pages fetched", 3, 10)
    assert seen.calls == [("fetch", "pages fetched", 2, 10)]


def test_nested_watchers_both_see_reports_until_each_leaves() -> None:
    outer, inner = Recorder(), Recorder()
    with watching(outer):
        report("fetch", "files read", 1, 3)
        with watching(inner):
            report("fetch", "files read", 2, 3)
        report("fetch", "files read", 3, 3)
    assert [c[2] for c in outer.calls] == [1, 2, 3]
    assert [c[2] for c in inner.calls] == [2]


def test_one_watcher_registered_twice_hears_twice_and_leaves_once_per_block() -> None:
    seen = Recorder()
    with watching(seen):
        with watching(seen):
            report("process", "pages processed", 1, 2)
        report("process", "pages processed", 2, 2)
    report("process", "pages processed", 2, 2)
    assert [c[2] for c in seen.calls] == [1, 1, 2]


def test_a_watcher_is_removed_when_its_block_raises() -> None:
    seen = Recorder()
    with pytest.raises(RuntimeError, match="run failed"), watching(seen):
        report("fetch", "pages fetched", 1, 9)
        raise RuntimeError("run failed")
    report("fetch", "pages fetched", 2, 9)
    assert seen.calls == [("fetch", "pages fetched", 1, 9)]


def test_a_watcher_added_during_a_report_hears_only_the_next_ones() -> None:
    late = Recorder()
    with ExitStack() as stack:

        def first(phase: str, what: str, done: int, total: int) -> None:
            if done == 1:
                stack.enter_context(watching(late))

        with watching(first):
            report("process", "pages processed", 1, 3)
            report("process", "pages processed", 2, 3)
    report("process", "pages processed", 3, 3)
    assert late.calls == [("process", "pages processed", 2, 3)]


def test_an_error_in_a_watcher_reaches_the_reporter_and_the_watcher_still_leaves() -> None:
    after = Recorder()

    def broken(phase: str, what: str, done: int, total: int) -> None:
        raise ValueError(f"cannot draw {done}/{total}")

    with watching(broken), watching(after), pytest.raises(ValueError, match="cannot draw 1/2"):
        report("fetch", "pages fetched", 1, 2)
    report("fetch", "pages fetched", 2, 2)  # nobody left to raise
    assert after.calls == []  # the broken watcher came first and stopped the report
