"""The raw zone: every page's bytes, unchanged and content-addressed, before anything else happens.

Files are written once under `raw/<sha[:2]>/<sha>` and never overwritten or deleted; each store also
appends one line to a journal so that a run that dies before loading loses nothing it fetched.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from newslake.records import RawRef

JOURNAL_NAME = "journal.jsonl"


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
) -> RawRef:
    """Write `body` to the raw zone (atomically, once) and journal where it came from."""
    sha = hashlib.sha256(body).hexdigest()
    path = raw_path(lake, sha)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(body)
        os.replace(tmp, path)
    ref = RawRef(
        location=location,
        sha256=sha,
        size=len(body),
        seen_at=seen_at or datetime.now(UTC),
        content_type=content_type,
        declared_charset=declared_charset,
    )
    _append_journal(lake, ref, headers)
    return ref


def read_bytes(lake: Path, sha256: str) -> bytes:
    return raw_path(lake, sha256).read_bytes()


def _append_journal(lake: Path, ref: RawRef, headers: Mapping[str, str] | None) -> None:
    entry = {
        "location": ref.location,
        "sha256": ref.sha256,
        "size": ref.size,
        "seen_at": ref.seen_at.isoformat(),
        "content_type": ref.content_type,
        "declared_charset": ref.declared_charset,
        "headers": dict(headers or {}),
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
            )
            entries.append((ref, entry.get("headers") or {}))
    return entries, offset
