"""Publishing the lake: the analysts' file is a snapshot of the runs' working file, replaced whole.

Runs write `.work/<name>` beside the analysts' file (`newslake.settings.working_db`). After a
run, the working file is checkpointed, copied next to the analysts' file, synced and renamed over
it: a reader holding the old file keeps reading it (its inode lives while open), a new connection
opens the new one, and a crash before the rename leaves the old one in place. DuckDB never sees
two processes on one file, so neither side waits for the other.
"""

from __future__ import annotations

import os
import shutil
from contextlib import suppress
from pathlib import Path

from newslake.store.connection import (
    STORAGE_VERSION,
    checkpoint,
    reading,
    run_between_files,
    storage_version,
)

READABLE_BY_1X = (1, 4, 0)  # the newest format duckdb 1.4 (and so 1.5 and 2.0) opens


def staging_path(db: Path) -> Path:
    """Where a snapshot is written before it is renamed into place (same directory: same disk)."""
    return db.with_name(f".{db.name}.publishing")


def stage_snapshot(work: Path, db: Path, *, timeout: float) -> Path:
    """Checkpoint the working file and copy it, synced and read-only, beside the analysts' file."""
    checkpoint(work, timeout=timeout)
    if _wal(work).exists():  # another process has the working file open for writing
        raise RuntimeError(f"{_wal(work)} remains after a checkpoint: a writer still has {work}")
    staged = staging_path(db)
    with suppress(FileNotFoundError):
        staged.unlink()
    try:
        # A reader on the working file keeps any DuckDB writer out while the bytes are copied.
        with reading(work, timeout=timeout):
            shutil.copyfile(work, staged)
        with open(staged, "rb") as copy:
            os.fsync(copy.fileno())
    except BaseException:
        with suppress(FileNotFoundError):
            staged.unlink()  # a full disk, say: give the space back at once
        raise
    staged.chmod(0o444)  # analysts open it read-only; a read-write open would leave a .wal
    return staged


def install_snapshot(staged: Path, db: Path) -> None:
    """Rename the staged snapshot over the analysts' file, atomically, and make it durable."""
    with suppress(FileNotFoundError):
        _wal(db).unlink()  # a stale .wal beside the new file would stop every reader
    os.replace(staged, db)
    _fsync_dir(db.parent)


def publish(work: Path, db: Path, *, timeout: float) -> None:
    """Stage and install a snapshot of the working file as the analysts' file."""
    install_snapshot(stage_snapshot(work, db, timeout=timeout), db)


def prepare_working_file(work: Path, db: Path, *, timeout: float) -> str | None:
    """Make the working file ready for a run; says what it did, None when nothing was needed.

    A leftover staged snapshot (a publish that crashed) is removed. A lake of the old layout,
    where runs wrote the analysts' file itself, becomes the working file; so does one in a
    storage format 1.x readers cannot open, rewritten once (a byte copy keeps the format).
    """
    with suppress(FileNotFoundError):
        staging_path(db).unlink()
    if work.exists():
        if _readable_by_1x(work, timeout=timeout):
            return None
        rewrite(work, work)
        return f"rewrote {work} in storage format {STORAGE_VERSION}"
    if not db.exists():
        return None  # a new lake: the run creates the working file
    work.parent.mkdir(parents=True, exist_ok=True)
    rewrite(db, work)
    return f"moved the lake {db} to the working file {work} (storage format {STORAGE_VERSION})"


def rewrite(source: Path, target: Path) -> None:
    """Copy a lake table by table into a new file in STORAGE_VERSION; `target` may be `source`.

    The copy is written beside `target` and renamed onto it, so a crash leaves `target` as it was.
    """
    fresh = target.with_name(f".{target.name}.rewriting")
    for leftover in (fresh, _wal(fresh)):
        with suppress(FileNotFoundError):
            leftover.unlink()
    # Attaching read-only replays the source's .wal, so its last commits are copied too.
    run_between_files("rewrite_database", source=source, target=fresh, version=STORAGE_VERSION)
    with suppress(FileNotFoundError):
        _wal(target).unlink()  # its commits are in the copy (the read replayed them)
    os.replace(fresh, target)
    _fsync_dir(target.parent)


def _readable_by_1x(db: Path, *, timeout: float) -> bool:
    with reading(db, timeout=timeout) as con:
        return storage_version(con) <= READABLE_BY_1X


def _wal(db: Path) -> Path:
    return db.with_name(db.name + ".wal")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
