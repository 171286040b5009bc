"""Paragraph-level boilerplate: lines one site repeats on many of its pages, found by frequency.

Slogans, column notes, "original article, credit us" notices and disclaimers vary by site and are
not worth a lexicon entry each; what gives them away is that the same line turns up on a large
share of one site's pages. Such lines are dropped from the text used for hashing and extraction,
so two sites' copies of a story compare on the story, and two briefs of one site do not match on
their shared footer.

Counts are pages per (site, line key), where a key is a hash of the normalised line. They grow
with the lake (newslake/store persists each document's keys); `strip_batch` judges a batch on the
counts plus the batch's own pages, so a site's first few pages keep their lines until the site has
shown enough pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newslake.dedupe.neardup import normalise
from newslake.records import Document

# A line is boilerplate for a site once it is on at least MIN_PAGES of its pages and on at least
# MIN_SHARE of them (bench/eval_dedup.py, section 5, shows how these were chosen). Five pages keep a
# story that one site ran a few times from being counted; the share keeps a large site's
# recurring sentence of substance (a standard policy line) from being taken for a footer.
MIN_PAGES = 5
MIN_SHARE = 0.05
# Lines shorter than this after normalising carry no signal either way and are never keyed.
MIN_LINE_CHARS = 2
# A page's frame is never nearly all of it: when the recurring lines would take more than this
# share of the text, the page repeats another page of the site (a story it ran again) and
# is left whole for dedupe to see. A short brief under a long footer still loses the footer.
MAX_STRIP_SHARE = 0.8


def site_key(location: str) -> str:
    """The unit whose pages share a frame: the URL's host, or the folder of a file on disk."""
    parts = urlsplit(location)
    if parts.scheme in ("http", "https") and parts.hostname:
        host = parts.hostname.lower()
        return host.removeprefix("www.")
    folder, _, _ = location.replace("\\", "/").rpartition("/")
    return folder or "."


def line_key(line: str) -> int | None:
    """A signed 64-bit key of the normalised line (fits a BIGINT), None for a line too short."""
    folded = normalise(line)
    if len(folded) < MIN_LINE_CHARS:
        return None
    digest = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def line_keys(text: str) -> list[int | None]:
    """One key per line of the text, in order (lines are split on "\\n" as newslake.clean joins them)."""
    return [line_key(line) for line in text.split("\n")]


def page_keys(text: str) -> frozenset[int]:
    """The distinct line keys of one page: what it adds to its site's counts."""
    return frozenset(k for k in line_keys(text) if k is not None)


@dataclass(slots=True)
class LineCounts:
    """Pages per site and pages per (site, line key): the frequency model."""

    pages: dict[str, int] = field(default_factory=dict)
    lines: dict[tuple[str, int], int] = field(default_factory=dict)
    min_pages: int = MIN_PAGES
    min_share: float = MIN_SHARE

    @classmethod
    def from_rows(
        cls,
        site_pages: Iterable[tuple[str, int]],
        line_pages: Iterable[tuple[str, int, int]],
        **limits: float,
    ) -> LineCounts:
        """Build from persisted counts: (site, pages) and (site, line_key, pages) rows."""
        counts = cls(**limits)  # type: ignore[arg-type]
        counts.pages = {source: int(n) for source, n in site_pages}
        counts.lines = {(source, int(key)): int(n) for source, key, n in line_pages}
        return counts

    def add(self, source: str, keys: Iterable[int]) -> None:
        """Count one page of the site `source` with these distinct line keys."""
        self.pages[source] = self.pages.get(source, 0) + 1
        for key in keys:
            self.lines[(source, key)] = self.lines.get((source, key), 0) + 1

    def update(self, seen: Mapping[str, tuple[str, frozenset[int]]]) -> None:
        """Count a processed batch (what strip_batch returned), for callers that go in order."""
        for source, keys in seen.values():
            self.add(source, keys)

    def digest(self) -> str:
        """A hash of the counts, for cache keys of results that depend on them."""
        h = hashlib.sha256(f"{self.min_pages}:{self.min_share}".encode())
        for source, n in sorted(self.pages.items()):
            h.update(f"\n{source}\0{n}".encode())
        for (source, key), n in sorted(self.lines.items()):
            h.update(f"\n{source}\0{key}\0{n}".encode())
        return h.hexdigest()

    def with_pages(self, seen: Mapping[str, tuple[str, frozenset[int]]]) -> LineCounts:
        """These counts plus a batch's pages, as a new object holding only what the batch needs."""
        out = LineCounts(min_pages=self.min_pages, min_share=self.min_share)
        for source, keys in seen.values():
            out.pages[source] = out.pages.get(source, self.pages.get(source, 0)) + 1
            for key in keys:
                k = (source, key)
                out.lines[k] = out.lines.get(k, self.lines.get(k, 0)) + 1
        return out

    def is_boilerplate(self, source: str, key: int | None) -> bool:
        if key is None:
            return False
        n = self.lines.get((source, key), 0)
        return n >= self.min_pages and n >= self.min_share * self.pages.get(source, 0)

    def boilerplate(self, source: str) -> frozenset[int]:
        """Every key that counts as boilerplate for the site now."""
        return frozenset(k for (s, k) in self.lines if s == source and self.is_boilerplate(s, k))


def strip_lines(text: str, keys: Sequence[int | None], drop: Container[int | None]) -> str:
    """The text without the lines whose key is in `drop` (`keys` aligned with text's lines)."""
    lines = text.split("\n")
    if len(keys) != len(lines):
        raise ValueError(f"{len(keys)} keys for {len(lines)} lines")
    return "\n".join(line for line, key in zip(lines, keys, strict=True) if key not in drop)


def strip_text(text: str, source: str, counts: LineCounts) -> tuple[str, int]:
    """Drop the site's boilerplate lines from one text; returns (text, lines dropped).

    Leaves the text whole when the recurring lines would be more than MAX_STRIP_SHARE of it.
    """
    keys = line_keys(text)
    drop = {k for k in keys if counts.is_boilerplate(source, k)}
    if not drop:
        return text, 0
    stripped = strip_lines(text, keys, drop)
    if len(text) - len(stripped) > MAX_STRIP_SHARE * len(text):
        return text, 0
    return stripped, sum(k in drop for k in keys)


def strip_batch(
    docs: Sequence[Document], counts: LineCounts
) -> dict[str, tuple[str, frozenset[int]]]:
    """Strip boilerplate from a batch of cleaned documents, judged on `counts` plus the batch.

    `counts` is not changed, so batches can be stripped in any order or in parallel against one
    snapshot of the lake; callers that go batch by batch add each batch with `counts.update`.
    Sets text, restored_text, quality.chars_after and quality.lines_removed["boilerplate"].
    Returns each document's site and the distinct line keys of its cleaned text (before
    stripping): what newslake/store persists so that later runs count this page too.
    """
    seen = {doc.doc_id: (site_key(doc.location), page_keys(doc.text)) for doc in docs}
    judged = counts.with_pages(seen)
    for doc in docs:
        source = seen[doc.doc_id][0]
        text, dropped = strip_text(doc.text, source, judged)
        if not dropped:
            continue
        if doc.restored_text is not None:
            doc.restored_text, _ = strip_text(doc.restored_text, source, judged)
        doc.text = text
        doc.quality.chars_after = len(text)
        doc.quality.lines_removed["boilerplate"] = dropped
    return seen
