"""Prefect tasks: thin wrappers that run one step of the data's path on a batch.

The CPU-bound steps (decode, clean, fingerprint, extract) run as one `derive` task per `Batch`,
whose result is persisted and cached under the batch's content hash plus the code version: a
retried flow run, or a rerun on the same pages with the same code, picks finished batches up
instead of recomputing them. It never touches the database, so it can run in a process pool or on
Dask workers. The database is touched only through `tasks.load`, in short transactions, from the
flow's process.
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
from tasks.boilerplate import LineCounts, strip_batch
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

    __slots__ = ("counts", "docs", "key", "lines", "no", "refs", "rejects", "seconds", "signatures")

    def __init__(self, no: int, key: str, refs: list[RawRef], counts: LineCounts) -> None:
        self.no = no
        self.key = key  # content hash of the batch's pages and of the boilerplate model
        self.refs = refs
        self.counts: LineCounts | None = counts  # per-site line frequencies at run start
        self.seconds: dict[str, float] = {}  # time spent in each step
        self.lines: dict[str, tuple[str, frozenset[int]]] = {}
        self.docs: list[Document] = []
        self.rejects: list[Reject] = []
        self.signatures: dict[str, bytes] = {}


def make_batch(no: int, refs: Sequence[RawRef], counts: LineCounts) -> Batch:
    digest = hashlib.sha256(counts.digest().encode())
    for ref in refs:
        digest.update(f"{ref.location}\0{ref.sha256}\n".encode())
    return Batch(no=no, key=digest.hexdigest(), refs=list(refs), counts=counts)


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
    """The task with its results kept under the lake (lake/staged/), where a retry finds them."""
    return step.with_options(result_storage=_staging_storage(lake.resolve(), flow_run.get_id()))


@lru_cache(maxsize=8)
def _staging_storage(lake: Path, flow_run_id: str | None) -> LocalFileSystem:
    # Prefect wants result storage saved as a block; one block per lake directory.
    storage = LocalFileSystem(basepath=str(lake / "staged"))
    name = "newslake-staged-" + hashlib.sha256(str(lake).encode()).hexdigest()[:12]
    storage.save(name, overwrite=True)
    return storage


def decode_step(batch: Batch, lake: Path) -> None:
    batch.docs, batch.rejects = pipeline.decode_pages(batch.refs, lake)


def clean_step(batch: Batch, lake: Path) -> None:
    batch.docs, rejects = pipeline.clean_documents(batch.docs)
    batch.rejects += rejects
    # Lines that recur on many pages of one site (footers, slogans) go before hashing/extraction.
    batch.lines = strip_batch(batch.docs, batch.counts)


def fingerprint_step(batch: Batch, lake: Path) -> None:
    batch.signatures = fingerprint(batch.docs)


def extract_step(batch: Batch, lake: Path) -> None:
    batch.docs, rejects = pipeline.extract_documents(batch.docs)
    batch.rejects += rejects


# The CPU-bound steps of the data's path, in order; each is timed into Batch.seconds.
DERIVE_STEPS = (
    ("decode", decode_step),
    ("clean", clean_step),
    ("fingerprint", fingerprint_step),
    ("extract", extract_step),
)


@task(name="derive", task_run_name="derive-{batch.no}", **_CACHED)
def derive(batch: Batch, lake: Path) -> Batch:
    """Decode, clean, fingerprint and extract one batch in one task.

    One task, not four: every task hop pickles the batch (about 2 MB for 200 pages) to a worker
    and back, and four persisted results per batch cost about 43 KB of disk per page. The steps
    stay separate pure functions; their times are reported per step.
    """
    for name, step in DERIVE_STEPS:
        check_fault(name, batch.no)
        started = time.perf_counter()
        step(batch, lake)
        batch.seconds[name] = time.perf_counter() - started
    batch.counts = None  # the lake's line model went in; it need not come back or be persisted
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


@task(name="line-counts", cache_policy=NO_CACHE)
def line_counts(db: Path, replaced: Sequence[str], run_id: str, timeout: float) -> LineCounts:
    """The boilerplate model: how many pages of each site carry each line, at run start."""
    rows = load.line_counts(db, replaced=replaced, run_id=run_id, timeout=timeout)
    return LineCounts.from_rows(
        [(site, n) for site, key, n in rows if key is None],
        [(site, key, n) for site, key, n in rows if key is not None],
    )


@task(name="dedupe", task_run_name="dedupe-{batch.no}", cache_policy=NO_CACHE)
def dedupe_batch(batch: Batch, index: DedupeIndex) -> int:
    """Stateful (the index grows batch by batch), so it runs in the flow's process, in order."""
    return dedupe(batch.docs, batch.signatures, index)


@task(name="load", task_run_name="load-{batch.no}", cache_policy=NO_CACHE)
def load_batch(db: Path, batch: Batch, run_id: str, timeout: float) -> int:
    """Idempotent (rows are replaced per document), so a retry may safely load a batch again."""
    check_fault("load", batch.no)
    load.load_documents(
        db,
        batch.docs,
        batch.signatures,
        EXTRACTOR_VERSION,
        run_id,
        lines=batch.lines,
        timeout=timeout,
    )
    load.record_rejects(db, batch.rejects, run_id, timeout=timeout)
    return len(batch.docs)


@task(name="record-rejects", cache_policy=NO_CACHE)
def record_rejects(db: Path, rejects: Sequence[Reject], run_id: str, timeout: float) -> int:
    load.record_rejects(db, rejects, run_id, timeout=timeout)
    return len(rejects)
