"""Prefect tasks: thin wrappers that run one step of the data's path on a batch.

The CPU-bound steps (decode, clean, fingerprint, extract) take and return a `Batch`, persist their
result and are cached under the batch's content hash plus the code version: a retried flow run, or
a rerun on the same pages with the same code, picks finished batches up instead of recomputing
them. They never touch the database, so they can run in a process pool or on Dask workers. The
database is touched only through `tasks.load`, in short transactions, from the flow's process.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.context import TaskRunContext
from prefect.filesystems import LocalFileSystem
from prefect.runtime import flow_run

from newslake.records import Document, RawRef, Reject
from newslake.version import code_version
from tasks import acquire, load, pipeline
from tasks.dedupe import DedupeIndex, dedupe, fingerprint
from tasks.extract import EXTRACTOR_VERSION

# Global concurrency limit: one run at a time writes to the lake, across all deployments. It is
# held from registering pages to the end of loading, because dedupe compares each batch against the
# lake as it stood when the run's index was built; a second writer meanwhile could hide a copy.
LAKE_WRITE_LIMIT = "newslake-lake-write"


class InjectedFault(RuntimeError):
    """Raised where the fault file says, to rehearse a failed run and its retry."""


class Batch:
    """A slice of the pending pages on its way through the CPU-bound steps.

    A plain class, not a dataclass: Prefect then does not walk its contents looking for futures
    (no `quote` needed, which Dask would unpack as a tuple), and Dask passes it through whole.
    """

    __slots__ = ("docs", "key", "no", "refs", "rejects", "signatures")

    def __init__(self, no: int, key: str, refs: list[RawRef]) -> None:
        self.no = no
        self.key = key  # content hash of the pages in the batch: locations and raw sha256s
        self.refs = refs
        self.docs: list[Document] = []
        self.rejects: list[Reject] = []
        self.signatures: dict[str, bytes] = {}


def make_batch(no: int, refs: Sequence[RawRef]) -> Batch:
    digest = hashlib.sha256()
    for ref in refs:
        digest.update(f"{ref.location}\0{ref.sha256}\n".encode())
    return Batch(no=no, key=digest.hexdigest(), refs=list(refs))


def batch_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same pages + same code = same result, whichever run or retry asks."""
    return f"{context.task.name}-{code_version()}-{parameters['batch'].key}"


def check_fault(stage: str, batch_no: int) -> None:
    """Fail here if NEWSLAKE_FAULT_FILE names a file that says `<stage> <batch no>`.

    For fault drills and the retry tests: delete the file and retry the run to see it resume.
    """
    path = os.environ.get("NEWSLAKE_FAULT_FILE")
    if not path or not Path(path).is_file():
        return
    wanted = Path(path).read_text(encoding="utf-8").split()
    if wanted == [stage, str(batch_no)]:
        raise InjectedFault(f"injected fault in {stage} of batch {batch_no} ({path})")


def ensure_write_limit() -> None:
    """Create the lake's write limit (one slot) on the Prefect server if nobody has yet."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(LAKE_WRITE_LIMIT)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run created it meanwhile
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=LAKE_WRITE_LIMIT, limit=1)
                )


_CACHED = dict(cache_key_fn=batch_cache_key, persist_result=True)


def prune_staged(lake: Path, max_age_days: float = 7.0) -> int:
    """Forget staged batch results nobody retried for a week; the raw zone can rebuild them."""
    folder = lake / "staged"
    if not folder.is_dir():
        return 0
    cutoff = time.time() - max_age_days * 86400
    old = [p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    for path in old:
        path.unlink(missing_ok=True)
    return len(old)


def staged(step: Task[..., Batch], lake: Path) -> Task[..., Batch]:
    """The step with its results kept under the lake (lake/staged/), where a retry finds them."""
    return step.with_options(result_storage=_staging_storage(lake.resolve(), flow_run.get_id()))


@lru_cache(maxsize=8)
def _staging_storage(lake: Path, flow_run_id: str | None) -> LocalFileSystem:
    # Prefect wants result storage saved as a block; one block per lake directory.
    storage = LocalFileSystem(basepath=str(lake / "staged"))
    name = "newslake-staged-" + hashlib.sha256(str(lake).encode()).hexdigest()[:12]
    storage.save(name, overwrite=True)
    return storage


@task(name="decode", task_run_name="decode-{batch.no}", **_CACHED)
def decode(batch: Batch, lake: Path) -> Batch:
    check_fault("decode", batch.no)
    batch.docs, batch.rejects = pipeline.decode_pages(batch.refs, lake)
    return batch


@task(name="clean", task_run_name="clean-{batch.no}", **_CACHED)
def clean(batch: Batch) -> Batch:
    check_fault("clean", batch.no)
    batch.docs, rejects = pipeline.clean_documents(batch.docs)
    batch.rejects += rejects
    return batch


@task(name="fingerprint", task_run_name="fingerprint-{batch.no}", **_CACHED)
def fingerprint_batch(batch: Batch) -> Batch:
    check_fault("fingerprint", batch.no)
    batch.signatures = fingerprint(batch.docs)
    return batch


@task(name="extract", task_run_name="extract-{batch.no}", **_CACHED)
def extract(batch: Batch) -> Batch:
    check_fault("extract", batch.no)
    batch.docs, rejects = pipeline.extract_documents(batch.docs)
    batch.rejects += rejects
    return batch


@task(name="store-files", cache_policy=NO_CACHE)
def store_files(files: Sequence[Path], lake: Path) -> tuple[list[RawRef], list[Reject]]:
    return acquire.store_files(files, lake)


@task(name="fetch-sources", cache_policy=NO_CACHE)
def fetch_sources(
    sources_file: Path, lake: Path, db: Path, timeout: float
) -> tuple[list[tuple[str, RawRef]], list[str], list[Reject]]:
    """Fetch over HTTP; every body lands in the raw zone as it arrives, validators are kept."""
    from flows.report import Progress
    from tasks.fetch import Validators, fetch_sources  # imported here: httpx only when fetching
    from tasks.sources import load_sources

    known = {
        url: Validators(etag=etag, last_modified=modified, sha256=sha)
        for url, etag, modified, sha in load.read_validators(db, timeout=timeout)
    }
    progress = Progress("fetch-progress", "pages fetched")
    result = fetch_sources(load_sources(sources_file), known=known, lake=lake, progress=progress)
    with lake_writer():
        load.save_validators(
            db,
            [(u, v.etag, v.last_modified, v.sha256) for u, v in result.validators.items()],
            timeout=timeout,
        )
        load.save_page_sources(db, result.source_of, timeout=timeout)
    return list(result.stored), list(result.unchanged), list(result.rejects)


def lake_writer() -> AbstractContextManager[None]:
    """Hold the lake's write slot (acquiring costs up to a few seconds: take it once per phase)."""
    return concurrency(LAKE_WRITE_LIMIT, occupy=1, strict=False)


@task(name="register-raw", cache_policy=NO_CACHE)
def register_raw(db: Path, lake: Path, run_id: str, timeout: float) -> load.Registered:
    return load.register_journal(db, lake, run_id, timeout=timeout)


@task(name="pending-pages", cache_policy=NO_CACHE)
def pending_pages(db: Path, reprocess: bool, timeout: float) -> list[RawRef]:
    return load.pending_pages(db, reprocess=reprocess, timeout=timeout)


@task(name="dedupe-index", cache_policy=NO_CACHE)
def dedupe_index(db: Path, replaced: Sequence[str], timeout: float) -> DedupeIndex:
    return DedupeIndex.from_known(load.known_documents(db, replaced=replaced, timeout=timeout))


@task(name="dedupe", task_run_name="dedupe-{batch.no}", cache_policy=NO_CACHE)
def dedupe_batch(batch: Batch, index: DedupeIndex) -> int:
    """Stateful (the index grows batch by batch), so it runs in the flow's process, in order."""
    return dedupe(batch.docs, batch.signatures, index)


@task(name="load", task_run_name="load-{batch.no}", cache_policy=NO_CACHE)
def load_batch(db: Path, batch: Batch, run_id: str, timeout: float) -> int:
    """Idempotent (rows are replaced per document), so a retry may safely load a batch again."""
    check_fault("load", batch.no)
    load.load_documents(
        db, batch.docs, batch.signatures, EXTRACTOR_VERSION, run_id, timeout=timeout
    )
    load.record_rejects(db, batch.rejects, run_id, timeout=timeout)
    return len(batch.docs)


@task(name="record-rejects", cache_policy=NO_CACHE)
def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, timeout: float) -> int:
    load.record_rejects(db, rejects, run_id, timeout=timeout)
    return len(rejects)
