"""Prefect tasks: thin wrappers that run one step of the data's path on a batch.

Each returns something small or a batch of records; the database is touched only through
`tasks.load`, and only for short transactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from newslake.records import Document, RawRef, Reject
from tasks import acquire, load, pipeline
from tasks.dedupe import DedupeIndex, dedupe, fingerprint
from tasks.extract import EXTRACTOR_VERSION


@task(name="store-files", cache_policy=NO_CACHE)
def store_files(files: Sequence[Path], lake: Path) -> tuple[list[RawRef], list[Reject]]:
    return acquire.store_files(files, lake)


@task(name="fetch-sources", cache_policy=NO_CACHE)
def fetch_sources(
    sources_file: Path, lake: Path, db: Path, timeout: float
) -> tuple[list[RawRef], list[Reject]]:
    """Fetch over HTTP; every body lands in the raw zone as it arrives, validators are kept."""
    from tasks.fetch import Validators, fetch_sources  # imported here: httpx only when fetching
    from tasks.sources import load_sources

    known = {
        url: Validators(etag=etag, last_modified=modified, sha256=sha)
        for url, etag, modified, sha in load.read_validators(db, timeout=timeout)
    }
    result = fetch_sources(load_sources(sources_file), known=known, lake=lake)
    load.save_validators(
        db,
        [(u, v.etag, v.last_modified, v.sha256) for u, v in result.validators.items()],
        timeout=timeout,
    )
    return [ref for _name, ref in result.stored], list(result.rejects)


@task(name="register-raw", cache_policy=NO_CACHE)
def register_raw(db: Path, lake: Path, run_id: str, timeout: float) -> load.Registered:
    return load.register_journal(db, lake, run_id, timeout=timeout)


@task(name="pending-pages", cache_policy=NO_CACHE)
def pending_pages(db: Path, reprocess: bool, timeout: float) -> list[RawRef]:
    return load.pending_pages(db, reprocess=reprocess, timeout=timeout)


@task(name="dedupe-index", cache_policy=NO_CACHE)
def dedupe_index(db: Path, replaced: Sequence[str], timeout: float) -> DedupeIndex:
    return DedupeIndex.from_known(load.known_documents(db, replaced=replaced, timeout=timeout))


@task(name="decode", cache_policy=NO_CACHE)
def decode(refs: Sequence[RawRef], lake: Path) -> tuple[list[Document], list[Reject]]:
    return pipeline.decode_pages(refs, lake)


@task(name="clean", cache_policy=NO_CACHE)
def clean(docs: Sequence[Document]) -> tuple[list[Document], list[Reject]]:
    return pipeline.clean_documents(docs)


@task(name="extract", cache_policy=NO_CACHE)
def extract(docs: Sequence[Document]) -> tuple[list[Document], list[Reject]]:
    return pipeline.extract_documents(docs)


@task(name="fingerprint", cache_policy=NO_CACHE)
def fingerprint_batch(docs: Sequence[Document]) -> dict[str, bytes]:
    return fingerprint(docs)


@task(name="dedupe", cache_policy=NO_CACHE)
def dedupe_batch(docs: Sequence[Document], signatures: dict[str, bytes], index: DedupeIndex) -> int:
    return dedupe(docs, signatures, index)


@task(name="load", cache_policy=NO_CACHE)
def load_batch(
    db: Path,
    docs: Sequence[Document],
    signatures: dict[str, bytes],
    rejects: Sequence[Reject],
    run_id: str,
    timeout: float,
) -> int:
    load.load_documents(db, docs, signatures, EXTRACTOR_VERSION, run_id, timeout=timeout)
    load.record_rejects(db, rejects, run_id, timeout=timeout)
    return len(docs)
