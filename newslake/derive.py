"""The CPU-bound stage functions on one batch: decode, clean, fingerprint and extract.

Pure functions of their input (apart from reading raw bytes by sha256), so the same call runs in a
test, in the flow's process pool or on a Dask worker, and benchmarks can time them without Prefect.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from newslake.records import Document, RawRef, Reject
from tasks import rawzone
from tasks.clean import clean_page
from tasks.decode import DecodeError, decode_page
from tasks.extract import extract_indicators, extract_mentions

# A body shorter than this after cleaning is not an article (an empty shell, a bare link list).
MIN_TEXT_CHARS = 20


def doc_id_for(location: str) -> str:
    """Stable per location, so a changed page replaces its document instead of adding one."""
    return hashlib.sha256(location.encode("utf-8")).hexdigest()[:16]


def decode_pages(refs: Sequence[RawRef], lake: Path) -> tuple[list[Document], list[Reject]]:
    docs: list[Document] = []
    rejects: list[Reject] = []
    for ref in refs:
        try:
            page = decode_page(
                rawzone.read_bytes(lake, ref.sha256),
                declared_charset=ref.declared_charset,
                content_type=ref.content_type,
            )
        except (DecodeError, OSError) as exc:
            rejects.append(_reject(ref.location, "decode", str(exc), ref.sha256))
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


def clean_documents(docs: Sequence[Document]) -> tuple[list[Document], list[Reject]]:
    kept: list[Document] = []
    rejects: list[Reject] = []
    for doc in docs:
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


def extract_documents(docs: Sequence[Document]) -> tuple[list[Document], list[Reject]]:
    kept: list[Document] = []
    rejects: list[Reject] = []
    for doc in docs:
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
        kept.append(doc)
    return kept, rejects


def _reject(location: str, stage: str, reason: str, sha256: str | None) -> Reject:
    return Reject(location, stage, reason, datetime.now(UTC), sha256)
