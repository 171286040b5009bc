"""Acquire: find pages on disk and put their bytes in the raw zone before anything else happens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from newslake import rawzone
from newslake.records import RawRef, Reject

PAGE_SUFFIXES = frozenset({".html", ".htm", ".txt", ".xhtml", ""})
# Files next to sample pages that are not pages themselves.
_SKIP_NAMES = frozenset({"README.md", "readme.md", ".gitkeep"})


class InputPathError(ValueError):
    """A path given by the user that cannot be read at all (the whole run stops before it starts)."""


def check_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Resolve user paths, failing with one clear message for every path that is unusable."""
    problems, resolved = [], []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            problems.append(f"{raw}: no such file or directory")
        elif not (path.is_file() or path.is_dir()):
            problems.append(f"{raw}: not a regular file or directory")
        else:
            resolved.append(path.resolve())
    if problems:
        raise InputPathError("cannot read input: " + "; ".join(problems))
    return resolved


def discover_files(paths: Iterable[Path]) -> list[Path]:
    """Page files under the given files and folders, sorted so runs are reproducible."""
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
            continue
        for child in path.rglob("*"):
            if (
                child.is_file()
                and child.suffix.lower() in PAGE_SUFFIXES
                and child.name not in _SKIP_NAMES
                and not any(part.startswith(".") for part in child.relative_to(path).parts)
            ):
                found.add(child)
    return sorted(found)


def sample_pages(samples_dir: Path) -> list[Path]:
    """The bundled sample pages: files at the top of samples/ (expected results live below it)."""
    return sorted(
        p
        for p in samples_dir.iterdir()
        if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES and p.name not in _SKIP_NAMES
    )


def store_files(
    files: Sequence[Path], lake: Path, *, run_id: str | None = None
) -> tuple[list[RawRef], list[Reject]]:
    """Copy each file's bytes into the raw zone; a file that cannot be read becomes a reject."""
    refs: list[RawRef] = []
    rejects: list[Reject] = []
    for path in files:
        seen_at = datetime.now(UTC)
        try:
            before = path.stat()  # before reading: a write during the read changes the mtime
            body = path.read_bytes()
        except OSError as exc:
            rejects.append(
                Reject(str(path), "acquire", f"unreadable file: {exc.strerror}", seen_at)
            )
            continue
        # A file whose size moved while it was read is never taken for unchanged later.
        mtime = before.st_mtime_ns if before.st_size == len(body) else None
        refs.append(
            rawzone.store_bytes(
                lake, str(path), body, seen_at=seen_at, run_id=run_id, mtime_ns=mtime
            )
        )
    return refs, rejects


def file_stats(files: Sequence[Path]) -> list[tuple[str, int, int]]:
    """(location, size, mtime_ns) of each file, to recognise unchanged files without reading
    them; a file that cannot be stat'ed is left out (reading it makes the reject)."""
    stats = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        stats.append((str(path), st.st_size, st.st_mtime_ns))
    return stats
