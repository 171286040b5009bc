"""The raw zone keeps every page's bytes once, under its sha256, and journals where they came from."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_a_corrupted_copy_is_refused_set_aside_and_repaired_by_storing_it_again(
    tmp_path: Path,
) -> None:
    body = "2023年重庆市地区生产总值30145.79亿元".encode()
    ref = rawzone.store_bytes(tmp_path, "a.txt", body)
    path = rawzone.raw_path(tmp_path, ref.sha256)
    path.write_bytes(body.replace(b"30145", b"90145"))  # one digit flipped on disk
    with pytest.raises(rawzone.RawPageError, match="raw page corrupted"):
        rawzone.read_bytes(tmp_path, ref.sha256)
    assert "corrupted" in (rawzone.check(tmp_path, ref.sha256) or "")
    kept = rawzone.set_aside(tmp_path, ref.sha256)
    assert kept is not None and kept.read_bytes() != body  # kept for inspection, out of the way
    assert "missing" in (rawzone.check(tmp_path, ref.sha256) or "")
    rawzone.store_bytes(tmp_path, "a.txt", body)  # a fresh copy of the same bytes
    assert rawzone.read_bytes(tmp_path, ref.sha256) == body


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    folder = tmp_path / "raw" / sha[:2]
    folder.mkdir(parents=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = folder / f".{sha}.{int(dead.stdout)}.tmp"
    live = folder / f".{sha}.{os.getpid()}.tmp"
    stale.write_bytes(b"half a pa")
    live.write_bytes(b"being writ")
    assert rawzone.remove_stale_temporaries(tmp_path) == [stale]
    assert live.exists() and not stale.exists()


def test_a_write_that_fails_leaves_no_temporary_behind(tmp_path: Path) -> None:
    """A file size limit makes the write fail as a full disk would (EFBIG instead of ENOSPC)."""
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from newslake import rawzone\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))\n"
        "try:\n"
        "    rawzone.store_bytes(Path(sys.argv[1]), 'big.txt', b'x' * 200_000)\n"
        "except OSError as exc:\n"
        "    print(exc.errno)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == str(errno.EFBIG), out.stderr
    assert [p for p in (tmp_path / "raw").rglob("*") if p.is_file()] == []


def test_a_deleted_truncated_or_replaced_journal_is_noticed(tmp_path: Path) -> None:
    rawzone.store_bytes(tmp_path, "a.txt", b"one")
    rawzone.store_bytes(tmp_path, "b.txt", b"two")
    _, offset = rawzone.read_journal(tmp_path)
    tail = rawzone.journal_tail(tmp_path, offset)
    assert rawzone.journal_holds(tmp_path, offset, tail)
    rawzone.store_bytes(tmp_path, "c.txt", b"three")
    assert rawzone.journal_holds(tmp_path, offset, tail)  # appended to: still the same journal
    journal = tmp_path / rawzone.JOURNAL_NAME
    journal.unlink()
    rawzone.store_bytes(tmp_path, "d.txt", b"four")
    assert not rawzone.journal_holds(tmp_path, offset, tail)  # shorter than the offset
    for n in range(20):
        rawzone.store_bytes(tmp_path, f"e{n}.txt", b"five")
    assert journal.stat().st_size > offset
    assert not rawzone.journal_holds(tmp_path, offset, tail)  # long enough, but not the same
