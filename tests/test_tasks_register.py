"""Registration: the page counts a run reports, the pages it leaves or takes, bad raw copies."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW, temporary_settings

from newslake import lakelock, rawzone
from newslake.records import RawRef, Reject
from newslake.settings import Settings, load_settings
from newslake.store import pages
from newslake.store.connection import apply_schema, reading, writing
from newslake.tasks.acquire import Acquired
from newslake.tasks.register import Registration, register

pytestmark = pytest.mark.usefixtures("prefect_api")

T = TypeVar("T")
RUN = "run-under-test"


@task(name="in-a-task-run", cache_policy=NO_CACHE)
def _in_a_task_run(call: Callable[[], T]) -> T:
    return call()


def in_a_run(call: Callable[[], T]) -> T:
    """A run context for get_run_logger, as the flow gives it: a task run starts in 50 ms where
    a flow run takes a second; its log lines stay here, with no flow run to send them to."""
    with temporary_settings({PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW: "ignore"}):
        return _in_a_task_run(call)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = load_settings(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    with writing(s.work_db, timeout=5) as con:
        apply_schema(con)
    return s


def _register(settings: Settings, acquired: Acquired) -> Registration:
    return in_a_run(lambda: register(acquired, settings, RUN, False))


def _store(settings: Settings, location: str, body: bytes, run_id: str = RUN) -> RawRef:
    return rawzone.store_bytes(settings.lake, location, body, run_id=run_id)


def _rejects(settings: Settings) -> list[tuple[str, str, str]]:
    with reading(settings.work_db, timeout=5) as con:
        return con.execute("select location, stage, reason from rejects order by all").fetchall()


def test_the_counts_add_up_what_acquisition_found_and_registration_judged(
    settings: Settings,
) -> None:
    _store(settings, "same.txt", b"one", run_id="earlier")
    _store(settings, "edited.txt", b"two", run_id="earlier")
    pages.register_journal(settings.work_db, settings.lake, "earlier", timeout=5)
    refs = [
        _store(settings, "same.txt", b"one"),
        _store(settings, "edited.txt", b"two, edited"),
        _store(settings, "new.txt", b"three"),
    ]
    unreadable = Reject(
        "gone.txt", "acquire", "unreadable file: Permission denied", refs[0].seen_at
    )
    acquired = Acquired(
        refs, ["http://cq.example/304.html"], files_unchanged=4, rejects=[unreadable]
    )

    registration = _register(settings, acquired)
    assert registration.counts == {
        "pages_seen": 9,
        "pages_new": 1,
        "pages_changed": 1,
        "pages_unchanged": 6,  # same.txt, the URL answered 304 and four files not read
        "pages_rejected": 1,
    }
    # nothing was derived yet: every current version is pending, the earlier run's too
    assert [(p.location, p.size) for p in registration.pending] == [
        ("same.txt", 3),
        ("edited.txt", 11),
        ("new.txt", 5),
    ]
    assert _rejects(settings) == [("gone.txt", "acquire", "unreadable file: Permission denied")]


def test_pages_another_run_registered_are_judged_by_when_this_run_saw_them(
    settings: Settings,
) -> None:
    _store(settings, "edited.txt", b"two", run_id="earlier")
    pages.register_journal(settings.work_db, settings.lake, "earlier", timeout=5)
    refs = [_store(settings, "edited.txt", b"two, edited"), _store(settings, "new.txt", b"three")]
    # a concurrent run's start registers what this run has stored meanwhile
    assert pages.register_journal(
        settings.work_db, settings.lake, "concurrent", timeout=5
    ).stored_by
    registration = _register(settings, Acquired(refs))
    assert registration.counts == {
        "pages_seen": 2,
        "pages_new": 1,
        "pages_changed": 1,
        "pages_unchanged": 0,
        "pages_rejected": 0,
    }
    assert [p.location for p in registration.pending] == ["edited.txt", "new.txt"]


def test_a_live_runs_pages_are_left_to_it_and_a_dead_runs_are_taken(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    with lakelock.RunLock(settings.lake, "dead"):
        pass  # its lock file stays behind, free: the run's process is gone
    _store(settings, "live.txt", b"live page", run_id="live")
    _store(settings, "dead.txt", b"dead page", run_id="dead")
    _store(settings, "nobody.txt", b"stored outside a run", run_id=None)
    with lakelock.RunLock(settings.lake, "live"), caplog.at_level(logging.INFO, logger="prefect"):
        registration = _register(settings, Acquired())
    assert [p.location for p in registration.pending] == ["dead.txt", "nobody.txt"]
    assert registration.counts == dict.fromkeys(
        ["pages_seen", "pages_new", "pages_changed", "pages_unchanged", "pages_rejected"], 0
    )
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("prefect.task_runs")]
    assert "registered 1 pages that run live, still running, stored" in messages
    assert "recovered 1 pages stored by run dead that died" in messages
    assert "recovered 1 pages stored by an earlier run that died" in messages
    assert "left 1 pages to run live, which stored them and is still running" in messages
    assert "2 pages to process (0 unchanged)" in messages

    # once the live run has ended, its page is anyone's
    assert [p.location for p in _register(settings, Acquired()).pending] == [
        "live.txt",
        "dead.txt",
        "nobody.txt",
    ]


def test_a_journal_read_again_from_its_start_is_reported_and_counts_nothing_twice(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    first = _register(settings, Acquired([_store(settings, "a.txt", b"one")]))
    assert first.counts["pages_new"] == 1
    refs = [_store(settings, "b.txt", b"two")]
    journal = settings.lake / rawzone.JOURNAL_NAME
    journal.write_bytes(b"\n" + journal.read_bytes())  # replaced: a restore, an edit by hand
    with caplog.at_level(logging.WARNING, logger="prefect"):
        second = _register(settings, Acquired(refs))
    [warning] = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith("the raw-zone journal is shorter than, or not the one, registered")
    assert second.counts == {
        "pages_seen": 1,
        "pages_new": 1,  # b.txt; a.txt, read again, is known and counted nowhere
        "pages_changed": 0,
        "pages_unchanged": 0,
        "pages_rejected": 0,
    }
    assert [p.location for p in second.pending] == ["a.txt", "b.txt"]


def test_a_corrupted_raw_copy_is_a_counted_reject_set_aside_until_stored_again(
    settings: Settings,
) -> None:
    good = _store(settings, "good.txt", b"intact page")
    bad = _store(settings, "bad.txt", b"page to corrupt")
    raw = rawzone.raw_path(settings.lake, bad.sha256)
    raw.write_bytes(b"page to c0rrupt")

    registration = _register(settings, Acquired([good, bad]))
    assert registration.pending == [good]
    assert registration.counts["pages_rejected"] == 1 and registration.counts["pages_new"] == 2
    [(location, stage, reason)] = _rejects(settings)
    assert (location, stage) == ("bad.txt", "raw")
    assert reason.startswith(f"raw page corrupted: {raw} has sha256")
    assert not raw.exists() and len(list(raw.parent.glob(f"{bad.sha256}.corrupt-*"))) == 1

    again = _store(settings, "bad.txt", b"page to corrupt")  # the same bytes: a fresh copy
    registration = _register(settings, Acquired([again]))
    assert _rejects(settings) == []
    assert registration.counts["pages_rejected"] == 0
    assert raw.read_bytes() == b"page to corrupt"


def test_a_repaired_page_without_a_document_is_processed_by_the_run_that_repaired_it(
    settings: Settings,
) -> None:
    bad = _store(settings, "bad.txt", b"page to corrupt")
    rawzone.raw_path(settings.lake, bad.sha256).write_bytes(b"page to c0rrupt")
    assert _register(settings, Acquired([bad])).pending == []
    again = _store(settings, "bad.txt", b"page to corrupt")
    assert [p.location for p in _register(settings, Acquired([again])).pending] == ["bad.txt"]
