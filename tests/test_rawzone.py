"""The raw zone keeps every page's bytes once, under its sha256, and journals where they came from."""

from __future__ import annotations

import hashlib
from pathlib import Path

from newslake import rawzone


def test_store_is_content_addressed_and_never_overwrites(tmp_path: Path) -> None:
    body = "重庆".encode()
    ref = rawzone.store_bytes(tmp_path, "http://a/1.html", body, content_type="text/html")
    path = rawzone.raw_path(tmp_path, ref.sha256)
    assert ref.sha256 == hashlib.sha256(body).hexdigest()
    assert path.read_bytes() == body
    mtime = path.stat().st_mtime_ns
    again = rawzone.store_bytes(tmp_path, "http://b/2.html", body)
    assert again.sha256 == ref.sha256
    assert path.stat().st_mtime_ns == mtime


def test_journal_lists_every_store_and_survives_a_torn_line(tmp_path: Path) -> None:
    rawzone.store_bytes(tmp_path, "a.txt", b"one", headers={"ETag": '"x"'})
    rawzone.store_bytes(tmp_path, "b.txt", b"two")
    with open(tmp_path / rawzone.JOURNAL_NAME, "a", encoding="utf-8") as fh:
        fh.write('{"location": "c.txt", "sha2')  # a crash in the middle of a line
    entries, offset = rawzone.read_journal(tmp_path)
    assert [ref.location for ref, _ in entries] == ["a.txt", "b.txt"]
    assert entries[0][1] == {"ETag": '"x"'}
    rawzone.store_bytes(tmp_path, "d.txt", b"four")  # appended after the torn line
    later, _ = rawzone.read_journal(tmp_path, offset)
    assert [ref.location for ref, _ in later] == ["d.txt"]  # the torn line spoils only itself


def test_journal_resumes_from_an_offset(tmp_path: Path) -> None:
    rawzone.store_bytes(tmp_path, "a.txt", b"one")
    _, offset = rawzone.read_journal(tmp_path)
    rawzone.store_bytes(tmp_path, "b.txt", b"two")
    later, end = rawzone.read_journal(tmp_path, offset)
    assert [ref.location for ref, _ in later] == ["b.txt"]
    assert end > offset
