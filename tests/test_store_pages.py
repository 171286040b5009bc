"""Pages in the lake: journal registration (new, changed, unchanged), pending pages, rejects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newslake import rawzone
from newslake.records import Reject
from newslake.store import pages
from newslake.store.connection import reading, writing


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


def test_files_with_the_size_and_mtime_of_their_latest_version_are_unchanged(db: Path) -> None:
    lake = db.parent
    rawzone.store_bytes(lake, "a.txt", b"one", mtime_ns=10)
    rawzone.store_bytes(lake, "b.txt", b"two", mtime_ns=20)
    rawzone.store_bytes(lake, "c.txt", b"three", mtime_ns=30)
    rawzone.store_bytes(lake, "u", b"fetched")  # no mtime: never taken for unchanged
    pages.register_journal(db, lake, "r1", timeout=5)
    on_disk = [("a.txt", 3, 10), ("b.txt", 3, 21), ("c.txt", 4, 30), ("u", 7, 0), ("new", 1, 1)]
    assert pages.unchanged_files(db, on_disk, timeout=5) == {"a.txt"}
    # the latest version decides: a.txt edited (new mtime), then its first bytes back
    rawzone.store_bytes(lake, "a.txt", b"ONE", mtime_ns=11)
    pages.register_journal(db, lake, "r2", timeout=5)
    assert pages.unchanged_files(db, [("a.txt", 3, 10)], timeout=5) == set()
    assert pages.unchanged_files(db, [("a.txt", 3, 11)], timeout=5) == {"a.txt"}
    rawzone.store_bytes(lake, "a.txt", b"one", mtime_ns=12)
    pages.register_journal(db, lake, "r3", timeout=5)
    assert pages.unchanged_files(db, [("a.txt", 3, 12)], timeout=5) == {"a.txt"}
    # a page whose raw copy was found bad is read again, so that storing it repairs the copy
    reject = Reject("a.txt", pages.RAW_STAGE, "raw page corrupted", datetime.now(UTC), "x")
    pages.record_rejects(db, [reject], "r3", timeout=5)
    assert pages.unchanged_files(db, [("a.txt", 3, 12)], timeout=5) == set()


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


def test_new_pages_after_the_journal_was_deleted_or_truncated_are_registered(db: Path) -> None:
    lake = db.parent
    for n in range(5):
        rawzone.store_bytes(lake, f"old{n}.txt", f"old page {n}".encode())
    assert len(pages.register_journal(db, lake, "r1", timeout=5).new) == 5
    (lake / rawzone.JOURNAL_NAME).unlink()  # an operator cleaning up, a restore from backup …
    rawzone.store_bytes(lake, "a.txt", b"new one")
    rawzone.store_bytes(lake, "b.txt", b"new two")
    second = pages.register_journal(db, lake, "r2", timeout=5)
    assert second.reread and sorted(second.new) == ["a.txt", "b.txt"]
    assert len(pages.pending_pages(db, reprocess=False, timeout=5)) == 7

    journal = lake / rawzone.JOURNAL_NAME
    journal.write_bytes(journal.read_bytes()[:10])  # truncated mid-line
    rawzone.store_bytes(lake, "c.txt", b"new three")
    third = pages.register_journal(db, lake, "r3", timeout=5)
    assert third.reread and third.new == ["c.txt"]
    assert not pages.register_journal(db, lake, "r3", timeout=5).reread  # and settled again


def test_reading_the_journal_again_counts_nothing_twice(db: Path) -> None:
    lake = db.parent
    rawzone.store_bytes(lake, "a.txt", b"one", run_id="r1")
    rawzone.store_bytes(lake, "b.txt", b"two", run_id="r1")
    assert pages.register_journal(db, lake, "r1", timeout=5).stored_by == {"r1": 2}
    with writing(db, timeout=5) as con:  # as if the offset had been lost
        con.execute("delete from lake_state")
    again = pages.register_journal(db, lake, "r2", timeout=5)
    assert (again.new, again.changed, again.unchanged, again.stored_by) == ([], [], [], {})


def test_a_runs_pages_are_classified_by_when_it_saw_them_whoever_registered_them(
    db: Path,
) -> None:
    lake = db.parent
    rawzone.store_bytes(lake, "a.txt", b"one", run_id="r0")
    pages.register_journal(db, lake, "r0", timeout=5)
    mine = [
        rawzone.store_bytes(lake, "a.txt", b"one", run_id="r1"),  # unchanged
        rawzone.store_bytes(lake, "b.txt", b"two", run_id="r1"),  # new
    ]
    theirs = rawzone.store_bytes(lake, "b.txt", b"two", run_id="r2")  # a later sighting
    registered = pages.register_journal(db, lake, "r2", timeout=5)  # r2 registers r1's pages
    assert registered.stored_by == {"r1": 2, "r2": 1}
    assert pages.classify_pages(db, mine, timeout=5) == {"a.txt": "unchanged", "b.txt": "new"}
    assert pages.classify_pages(db, [theirs], timeout=5) == {"b.txt": "unchanged"}
    assert pages.register_journal(db, lake, "r1", timeout=5).stored_by == {}


def test_a_retryable_reject_leaves_the_page_pending(db: Path) -> None:
    lake = db.parent
    ref = rawzone.store_bytes(lake, "a.txt", b"one")
    pages.register_journal(db, lake, "r1", timeout=5)
    skipped = Reject("a.txt", "extract", "skipped", datetime.now(UTC), ref.sha256, retryable=True)
    pages.record_rejects(db, [skipped], "r1", timeout=5)
    assert [p.location for p in pages.pending_pages(db, reprocess=False, timeout=5)] == ["a.txt"]
