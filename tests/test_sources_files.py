"""Pages on disk: user paths checked up front, page files found, bytes into the raw zone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newslake import rawzone
from newslake.settings import SAMPLES_DIR
from newslake.sources.files import (
    InputPathError,
    check_paths,
    discover_files,
    file_stats,
    sample_pages,
    store_files,
)


def test_every_unusable_path_is_named_in_one_message(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputPathError) as err:
        check_paths([tmp_path / "missing", fifo, tmp_path])
    assert "missing: no such file or directory" in str(err.value)
    assert "pipe: not a regular file or directory" in str(err.value)


def test_page_files_are_found_sorted_without_hidden_or_other_files(tmp_path: Path) -> None:
    for name in ("b.html", "a/c.txt", "a/d", ".hidden/e.html", "a/f.png", "README.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover_files([tmp_path])]
    assert found == ["a/c.txt", "a/d", "b.html"]


def test_the_bundled_samples_are_the_top_level_pages() -> None:
    names = [p.name for p in sample_pages(SAMPLES_DIR)]
    assert len(names) == 14 and "12_bashu_culture_week" in names
    assert not any(n.endswith((".py", ".md", ".utf8")) for n in names)


def test_an_unreadable_file_is_a_reject_and_the_others_are_stored(tmp_path: Path) -> None:
    good, gone = tmp_path / "good.txt", tmp_path / "gone.txt"
    good.write_bytes("重庆".encode())  # `gone` vanished between discovery and reading
    refs, rejects = store_files([good, gone], tmp_path / "lake")
    assert [r.location for r in refs] == [str(good)]
    assert rawzone.raw_path(tmp_path / "lake", refs[0].sha256).read_bytes() == good.read_bytes()
    assert [(r.location, r.stage, r.reason) for r in rejects] == [
        (str(gone), "acquire", "unreadable file: No such file or directory")
    ]


def test_a_stored_file_keeps_its_mtime_and_stats_name_every_readable_file(tmp_path: Path) -> None:
    page, gone = tmp_path / "a.txt", tmp_path / "gone.txt"
    page.write_bytes("成都".encode())
    os.utime(page, ns=(1_700_000_000_123_456_789, 1_700_000_000_123_456_789))
    [ref], _ = store_files([page], tmp_path / "lake")
    assert ref.mtime_ns == 1_700_000_000_123_456_789
    [(entry, _headers)], _ = rawzone.read_journal(tmp_path / "lake")
    assert entry.mtime_ns == ref.mtime_ns  # journaled, so registration keeps it
    assert file_stats([page, gone]) == [(str(page), 6, 1_700_000_000_123_456_789)]
