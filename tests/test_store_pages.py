"""Pages in the lake: journal registration (new, changed, unchanged), pending pages, rejects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newslake import rawzone
from newslake.records import Reject
from newslake.store import pages
from newslake.store.connection import apply_schema, reading, writing


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lake" / "newslake.duckdb"
    with writing(path, timeout=5) as con:
        apply_schema(con)
    return path


def test_journal_entries_are_registered_once_and_classified(db: Path) -> None:
    lake = db.parent
    rawzone.store_bytes(lake, "a.txt", b"one")
    rawzone.store_bytes(lake, "b.txt", b"two")
    first = pages.register_journal(db, lake, "r1", timeout=5)
    assert sorted(first.new) == ["a.txt", "b.txt"] and not first.changed
    assert pages.register_journal(db, lake, "r1", timeout=5).new == []  # offset kept
    rawzone.store_bytes(lake, "a.txt", b"one")  # same bytes again
    rawzone.store_bytes(lake, "b.txt", b"two, edited")
    second = pages.register_journal(db, lake, "r2", timeout=5)
    assert second.unchanged == ["a.txt"] and second.changed == ["b.txt"]


def test_pending_pages_are_the_current_versions_not_yet_derived(db: Path) -> None:
    lake = db.parent
    rawzone.store_bytes(lake, "a.txt", b"one")
    rawzone.store_bytes(lake, "a.txt", b"one, edited")
    pages.register_journal(db, lake, "r1", timeout=5)
    pending = pages.pending_pages(db, reprocess=False, timeout=5)
    assert [(p.location, p.size) for p in pending] == [("a.txt", 11)]
    pages.record_rejects(
        db,
        [Reject("a.txt", "decode", "bad", datetime.now(UTC), pending[0].sha256)],
        "r1",
        timeout=5,
    )
    assert pages.pending_pages(db, reprocess=False, timeout=5) == []  # rejected: not retried
    assert len(pages.pending_pages(db, reprocess=True, timeout=5)) == 1  # unless reprocessing


def test_the_latest_reason_per_page_and_stage_wins(db: Path) -> None:
    now = datetime.now(UTC)
    rejects = [
        Reject("x", "fetch", "HTTP 500", now),
        Reject("x", "fetch", "HTTP 404", now),
        Reject("x", "decode", "empty page", now),
    ]
    pages.record_rejects(db, rejects, "r1", timeout=5)
    with reading(db, timeout=5) as con:
        rows = con.execute("select stage, reason, run_id from v_rejects order by stage").fetchall()
    assert rows == [("decode", "empty page", "r1"), ("fetch", "HTTP 404", "r1")]
