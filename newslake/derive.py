"""Derive: one batch of raw pages through decode, clean, boilerplate, fingerprint and extract.

Pure functions of their input (apart from reading raw bytes by sha256), so the same call runs in a
test, in the flow's process pool or on a Dask worker, and benchmarks can time them without Prefect.
A `Batch` carries its pages, what the steps made of them and its own counts; dedupe and load
(in the flow's process) add theirs.

The work per page is bounded (`Limits`): a page or cleaned text over its cap is a reject, a page
with an over-long run of text without a sentence break keeps its document but is not extracted,
and once a batch has spent its time budget its remaining pages are skipped (retryable rejects).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from newslake import rawzone
from newslake.boilerplate import LineCounts, strip_batch
from newslake.clean import clean_page
from newslake.clean.summary import quality_totals
from newslake.decode import DecodeError, decode_page
from newslake.dedupe import fingerprint
from newslake.extract import extract_indicators, extract_mentions
from newslake.rawzone import RAW_STAGE
from newslake.records import Document, RawRef, Reject
from newslake.settings import Limits


class Batch:
    """A slice of the pending pages on its way through the CPU-bound steps.

    A plain class, not a dataclass: Prefect then does not walk its contents looking for futures
    (no `quote` needed, which Dask would unpack as a tuple), and Dask passes it through whole.
    """

    __slots__ = (
        "counts",
        "deadline",
        "docs",
        "key",
        "limits",
        "lines",
        "model",
        "no",
        "refs",
        "rejects",
        "seconds",
        "signatures",
    )

    def __init__(
        self,
        no: int,
        key: str,
        refs: list[RawRef],
        model: LineCounts | None,
        limits: Limits | None = None,
    ) -> None:
        self.no = no
        self.key = key  # content hash of the batch's pages, the boilerplate model and the caps
        self.refs = refs
        self.model = model  # per-site line frequencies at run start (the boilerplate model)
        self.limits = limits or Limits()
        self.deadline: float | None = (
            None  # time.monotonic() when the budget runs out, while deriving
        )
        self.counts: Counter[str] = Counter()  # what the steps did, summed by the flow
        self.seconds: dict[str, float] = {}  # time each step took
        self.lines: dict[str, tuple[str, frozenset[int]]] = {}
        self.docs: list[Document] = []
        self.rejects: list[Reject] = []
        self.signatures: dict[str, bytes] = {}


def make_batch(
    no: int, refs: Sequence[RawRef], model: LineCounts, limits: Limits | None = None
) -> Batch:
    limits = limits or Limits()
    digest = hashlib.sha256(model.digest().encode())
    if limits.digest() != Limits().digest():  # the default caps keep the keys they always had
        digest.update(limits.digest().encode())
    for ref in refs:
        digest.update(f"{ref.location}\0{ref.sha256}\n".encode())
    return Batch(no=no, key=digest.hexdigest(), refs=list(refs), model=model, limits=limits)


def make_batches(
    refs: Sequence[RawRef], size: int, model: LineCounts, limits: Limits | None = None
) -> list[Batch]:
    return [
        make_batch(no, refs[start : start + size], model, limits)
        for no, start in enumerate(range(0, len(refs), size), 1)
    ]


def decode_step(batch: Batch, lake: Path) -> None:
    batch.docs, batch.rejects = decode_pages(batch.refs, lake, batch.limits.max_page_chars)


def clean_step(batch: Batch, lake: Path) -> None:
    batch.docs, rejects = clean_documents(
        batch.docs, max_text_chars=batch.limits.max_text_chars, deadline=batch.deadline
    )
    batch.rejects += rejects


def boilerplate_step(batch: Batch, lake: Path) -> None:
    """Lines that recur on many pages of one site (footers, slogans) go before hashing."""
    batch.lines = strip_batch(batch.docs, batch.model or LineCounts())


def fingerprint_step(batch: Batch, lake: Path) -> None:
    batch.signatures = fingerprint(batch.docs)


def extract_step(batch: Batch, lake: Path) -> None:
    batch.docs, rejects = extract_documents(
        batch.docs, max_sentence_chars=batch.limits.max_sentence_chars, deadline=batch.deadline
    )
    batch.rejects += rejects


# The CPU-bound steps of the data's path, in order; each is timed into the batch's counts.
# Boilerplate is timed with cleaning, as before it had a step of its own.
STEPS: tuple[tuple[str, Callable[[Batch, Path], None]], ...] = (
    ("decode", decode_step),
    ("clean", clean_step),
    ("boilerplate", boilerplate_step),
    ("fingerprint", fingerprint_step),
    ("extract", extract_step),
)


def derive_batch(
    batch: Batch, lake: Path, before_step: Callable[[str, int], None] | None = None
) -> Batch:
    """Run every step on the batch, timing each; `before_step(name, batch_no)` is a hook for drills.

    Times are CPU seconds of the thread that runs the steps: right in a pool worker and in the
    flow's own process alike, where other threads (Prefect's log and event workers) also run.
    """
    batch.deadline = time.monotonic() + batch.limits.batch_budget
    for name, step in STEPS:
        if before_step is not None:
            before_step(name, batch.no)
        started = time.thread_time()
        step(batch, lake)
        batch.seconds[name] = batch.seconds.get(name, 0.0) + time.thread_time() - started
    batch.model = None  # the lake's line model went in; it need not come back or be persisted
    batch.deadline = None
    batch.counts.update(batch_counts(batch))
    return batch


def batch_counts(batch: Batch) -> Counter[str]:
    """What the batch holds once derived: documents, figures, mentions, rejects, cleaning totals."""
    counts: Counter[str] = Counter(
        documents=len(batch.docs),
        indicators=sum(len(d.indicators) for d in batch.docs),
        mentions=sum(len(d.mentions) for d in batch.docs),
        pages_rejected=len(batch.rejects),
    )
    counts.update(quality_totals(d.quality for d in batch.docs))
    return counts


# A body shorter than this after cleaning is not an article (an empty shell, a bare link list).
MIN_TEXT_CHARS = 20


def doc_id_for(location: str) -> str:
    """Stable per location, so a changed page replaces its document instead of adding one."""
    return hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]


def decode_pages(
    refs: Sequence[RawRef], lake: Path, max_page_chars: int = Limits.max_page_chars
) -> tuple[list[Document], list[Reject]]:
    docs: list[Document] = []
    rejects: list[Reject] = []
    for ref in refs:
        try:
            data = rawzone.read_bytes(lake, ref.sha256)
        except OSError as exc:  # missing, corrupted (sha256 mismatch) or unreadable
            rejects.append(_reject(ref.location, RAW_STAGE, str(exc), ref.sha256))
            continue
        try:
            page = decode_page(
                data, declared_charset=ref.declared_charset, content_type=ref.content_type
            )
        except DecodeError as exc:
            rejects.append(_reject(ref.location, "decode", str(exc), ref.sha256))
            continue
        if len(page.text) > max_page_chars:
            measured = f"too long: {len(page.text)} characters decoded"
            reason = _over_cap(measured, max_page_chars, "NEWSLAKE_MAX_PAGE_CHARS")
            rejects.append(_reject(ref.location, "decode", reason, ref.sha256))
            continue
        docs.append(
            Document(
                doc_id=doc_id_for(ref.location),
                location=ref.location,
                raw_sha256=ref.sha256,
                seen_at=ref.seen_at,
                encoding=page.encoding,
                is_html=page.is_html,
                raw_text=page.text,
            )
        )
    return docs, rejects


def clean_documents(
    docs: Sequence[Document],
    *,
    max_text_chars: int = Limits.max_text_chars,
    deadline: float | None = None,
) -> tuple[list[Document], list[Reject]]:
    kept: list[Document] = []
    rejects: list[Reject] = []
    for n, doc in enumerate(docs):
        if deadline is not None and time.monotonic() > deadline:
            rejects += [_skipped(d, "clean", len(docs) - n) for d in docs[n:]]
            break
        try:
            cleaned = clean_page(doc.raw_text, is_html=doc.is_html)
        except Exception as exc:  # one broken page must not stop the batch
            rejects.append(
                _reject(doc.location, "clean", f"cleaning failed: {exc!r}", doc.raw_sha256)
            )
            continue
        if len(cleaned.text.strip()) < MIN_TEXT_CHARS:
            reason = f"no article text ({len(cleaned.text.strip())} characters after cleaning)"
            rejects.append(_reject(doc.location, "clean", reason, doc.raw_sha256))
            continue
        if len(cleaned.text) > max_text_chars:
            measured = f"too long: {len(cleaned.text)} characters after cleaning"
            reason = _over_cap(measured, max_text_chars, "NEWSLAKE_MAX_TEXT_CHARS")
            rejects.append(_reject(doc.location, "clean", reason, doc.raw_sha256))
            continue
        doc.title = cleaned.title
        doc.published_at = cleaned.published_at
        doc.source = cleaned.source
        doc.author = cleaned.author
        doc.editor = cleaned.editor
        doc.text = cleaned.text
        doc.restored_text = cleaned.restored_text
        doc.original_script = cleaned.original_script
        doc.quality = cleaned.quality
        doc.raw_text = ""  # the raw zone keeps it; do not carry it through the rest of the path
        kept.append(doc)
    return kept, rejects


def _over_cap(measured: str, cap: int, setting: str) -> str:
    """A reject's reason that names the setting to raise, so the operator knows the way out."""
    return f"{measured}, over the cap of {cap} ({setting})"


# Where a sentence ends for the extractor (newslake/extract/sentences.py): 。！？!? and line breaks.
_SENTENCE_BREAK = re.compile(r"[。！？!?\n]")


def longest_sentence(text: str) -> int:
    """Characters of the longest stretch of `text` without a sentence break."""
    longest, last = 0, -1
    for m in _SENTENCE_BREAK.finditer(text):
        longest = max(longest, m.start() - last - 1)
        last = m.start()
    return max(longest, len(text) - last - 1)


def extract_documents(
    docs: Sequence[Document],
    *,
    max_sentence_chars: int = Limits.max_sentence_chars,
    deadline: float | None = None,
) -> tuple[list[Document], list[Reject]]:
    """Figures and mentions of each document. A document whose text has a run over
    `max_sentence_chars` without a sentence break is kept without them (extraction would cost
    the square of that run's length); so are those left when the batch's budget is spent."""
    kept: list[Document] = []
    rejects: list[Reject] = []
    for n, doc in enumerate(docs):
        doc.indicators, doc.mentions = [], []
        if deadline is not None and time.monotonic() > deadline:
            # These documents are not loaded: the next run derives their pages again.
            rejects += [_skipped(d, "extract", len(docs) - n) for d in docs[n:]]
            break
        kept.append(doc)
        longest = longest_sentence(doc.extraction_text)
        if longest > max_sentence_chars:
            measured = f"not extracted: {longest} characters without a sentence break"
            reason = _over_cap(measured, max_sentence_chars, "NEWSLAKE_MAX_SENTENCE_CHARS")
            rejects.append(_reject(doc.location, "extract", reason, doc.raw_sha256))
            continue
        try:
            doc.indicators = extract_indicators(
                doc.extraction_text, published_at=doc.published_at, title=doc.title
            )
            doc.mentions = extract_mentions(doc.extraction_text, title=doc.title)
        except Exception as exc:  # keep the document, record why its figures are missing
            rejects.append(
                _reject(doc.location, "extract", f"extraction failed: {exc!r}", doc.raw_sha256)
            )
            doc.indicators, doc.mentions = [], []
    return kept, rejects


def _skipped(doc: Document, stage: str, left: int) -> Reject:
    reason = (
        f"skipped: its batch spent its time budget (NEWSLAKE_BATCH_BUDGET) before {stage} with "
        f"{left} pages left; the next run takes it again"
    )
    return Reject(doc.location, stage, reason, datetime.now(UTC), doc.raw_sha256, retryable=True)


def _reject(location: str, stage: str, reason: str, sha256: str | None) -> Reject:
    return Reject(location, stage, reason, datetime.now(UTC), sha256)
