"""The raw zone: every page's bytes, unchanged and content-addressed, before anything else happens.

Files are written once under `raw/<sha[:2]>/<sha>` and never overwritten or deleted; each store also
appends one line to a journal so that a run that dies before loading loses nothing it fetched.
Every read checks the bytes against their sha256: a corrupted copy is never derived from.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from newslake.lakelock import alive
from newslake.records import RawRef

JOURNAL_NAME = "journal.jsonl"
RAW_STAGE = "raw"  # the stage of a reject whose raw copy is missing or corrupted
# How much of the journal before the registered offset is remembered, to notice a replaced journal.
TAIL_BYTES = 256
_TEMPORARY = re.compile(r"^\.[0-9a-f]{64}\.(\d+)\.tmp$")


class RawPageError(OSError):
    """A raw page that is missing or whose bytes no longer match their sha256 (the reject reason)."""


def raw_path(lake: Path, sha256: str) -> Path:
    return lake / "raw" / sha256[:2] / sha256


def store_bytes(
    lake: Path,
    location: str,
    body: bytes,
    *,
    content_type: str | None = None,
    declared_charset: str | None = None,
    headers: Mapping[str, str] | None = None,
    seen_at: datetime | None = None,
    run_id: str | None = None,
    final_url: str | None = None,
    mtime_ns: int | None = None,
) -> RawRef:
    """Write `body` to the raw zone (atomically, once) and journal where it came from."""
    sha = hashlib.sha256(body).hexdigest()
    path = raw_path(lake, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.tmp")
        try:
            tmp.write_bytes(body)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk must not leave half a page behind
            raise
    ref = RawRef(
        location=location,
        sha256=sha,
        size=len(body),
        seen_at=seen_at or datetime.now(UTC),
        content_type=content_type,
        declared_charset=declared_charset,
        run_id=run_id,
        final_url=final_url if final_url != location else None,
        mtime_ns=mtime_ns,
    )
    _append_journal(lake, ref, headers)
    return ref


def read_bytes(lake: Path, sha256: str) -> bytes:
    """The page's bytes, checked against their sha256; RawPageError if missing or corrupted."""
    path = raw_path(lake, sha256)
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise RawPageError(f"raw page missing: {path} does not exist") from None
    actual = hashlib.sha256(body).hexdigest()
    if actual != sha256:
        raise RawPageError(
            f"raw page corrupted: {path} has sha256 {actual[:12]}…, not {sha256[:12]}…; "
            "storing the page again repairs it"
        )
    return body


def check(lake: Path, sha256: str) -> str | None:
    """Why the raw copy of `sha256` cannot be read, or None when it is intact."""
    try:
        read_bytes(lake, sha256)
    except RawPageError as exc:
        return str(exc)
    except OSError as exc:
        return f"raw page unreadable: {exc}"
    return None


def set_aside(lake: Path, sha256: str) -> Path | None:
    """Move a corrupted copy out of the way (kept, renamed), so the next store of the same bytes
    writes a fresh one; None when there was nothing to move."""
    path = raw_path(lake, sha256)
    if not path.exists():
        return None
    target = path.with_name(f"{sha256}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
    os.replace(path, target)
    return target


def remove_stale_temporaries(lake: Path) -> list[Path]:
    """Delete half-written `raw/xx/.<sha>.<pid>.tmp` files whose writer is no longer alive."""
    removed = []
    for tmp in (lake / "raw").glob("*/.*.tmp"):
        match = _TEMPORARY.match(tmp.name)
        if match and not alive(int(match.group(1))):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _append_journal(lake: Path, ref: RawRef, headers: Mapping[str, str] | None) -> None:
    entry = {
        "location": ref.location,
        "sha256": ref.sha256,
        "size": ref.size,
        "seen_at": ref.seen_at.isoformat(),
        "content_type": ref.content_type,
        "declared_charset": ref.declared_charset,
        "headers": dict(headers or {}),
        "run_id": ref.run_id,
        "final_url": ref.final_url,
        "mtime_ns": ref.mtime_ns,
    }
    lake.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    # One append per page; a line torn by an earlier crash is closed first so it spoils only itself.
    with open(lake / JOURNAL_NAME, "a+b") as fh:
        if fh.tell() > 0:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                line = b"\n" + line
        fh.write(line)


def read_journal(lake: Path, offset: int = 0) -> tuple[list[tuple[RawRef, dict[str, str]]], int]:
    """Pages stored since byte `offset` of the journal, with response headers, and the new offset.

    A line cut short by a crash is left for the next reader (the bytes themselves are safe).
    """
    path = lake / JOURNAL_NAME
    if not path.exists():
        return [], 0
    entries: list[tuple[RawRef, dict[str, str]]] = []
    with open(path, "rb") as fh:
        fh.seek(offset)
        for raw_line in fh:
            if not raw_line.endswith(b"\n"):
                break
            offset += len(raw_line)
            try:
                entry = json.loads(raw_line)
            except json.JSONDecodeError:
                continue
            ref = RawRef(
                location=entry["location"],
                sha256=entry["sha256"],
                size=entry["size"],
                seen_at=datetime.fromisoformat(entry["seen_at"]),
                content_type=entry.get("content_type"),
                declared_charset=entry.get("declared_charset"),
                run_id=entry.get("run_id"),
                final_url=entry.get("final_url"),
                mtime_ns=entry.get("mtime_ns"),
            )
            entries.append((ref, entry.get("headers") or {}))
    return entries, offset


def journal_tail(lake: Path, offset: int) -> str:
    """A fingerprint of the journal's bytes just before `offset` (see `journal_holds`)."""
    path = lake / JOURNAL_NAME
    if offset <= 0 or not path.exists():
        return ""
    with open(path, "rb") as fh:
        fh.seek(max(0, offset - TAIL_BYTES))
        return hashlib.sha256(fh.read(min(offset, TAIL_BYTES))).hexdigest()


def journal_holds(lake: Path, offset: int, tail: str | None) -> bool:
    """Whether the journal still holds what was registered up to `offset`: it is at least that
    long and (when a fingerprint was kept) ends there with the same bytes. A deleted, truncated or
    replaced journal does not, and must be read again from its start."""
    if offset <= 0:
        return True
    path = lake / JOURNAL_NAME
    if not path.exists() or path.stat().st_size < offset:
        return False
    return not tail or journal_tail(lake, offset) == tail
