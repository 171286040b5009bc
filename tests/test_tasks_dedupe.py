"""Dedupe tasks: the lake's index without the pages being replaced, and batches counted in order."""

from __future__ import annotations

from pathlib import Path

from prefect.cache_policies import NO_CACHE

from newslake import derive as steps
from newslake import rawzone
from newslake.boilerplate import LineCounts
from newslake.dedupe import DedupeIndex
from newslake.derive import Batch
from newslake.extract import EXTRACTOR_VERSION
from newslake.settings import SAMPLES_DIR
from newslake.store import documents
from newslake.tasks.dedupe import dedupe_batch, dedupe_index

CQ = "01_cq_gdp_2023.html"
CQ_MIRROR = "07_cq_gdp_2023_mirror.html"  # the same text as CQ on a portal
SC = "02_sc_gdp_2023.html"
SC_REPOST = "06_sc_gdp_2023_repost.html"  # SC reposted with other chrome: a near copy
MIANYANG = "14_mianyang_2023.htm"


def _derived(lake: Path, names: list[str], no: int = 1) -> Batch:
    refs = [rawzone.store_bytes(lake, n, (SAMPLES_DIR / n).read_bytes()) for n in names]
    return steps.derive_batch(steps.make_batch(no, refs, LineCounts()), lake)


def _load(db: Path, batch: Batch) -> None:
    documents.load_documents(
        db, batch.docs, batch.signatures, EXTRACTOR_VERSION, "r1", lines=batch.lines, timeout=5
    )


def _matches(batch: Batch) -> dict[str, tuple[str | None, str | None]]:
    location = {steps.doc_id_for(n): n for n in (CQ, CQ_MIRROR, SC, SC_REPOST, MIANYANG)}
    return {d.location: (location.get(d.matched_doc_id or ""), d.dup_method) for d in batch.docs}


def test_the_tasks_are_never_cached_and_only_the_index_read_is_retried() -> None:
    # the index grows with every batch: a cached or repeated dedupe would miscount
    assert dedupe_index.cache_policy is NO_CACHE and dedupe_batch.cache_policy is NO_CACHE
    assert dedupe_batch.retries == 0
    assert dedupe_index.retries == 2  # a read of the lake, built afresh on a retry
    assert dedupe_batch.task_run_name == "dedupe-{batch.no}"


def test_a_batch_is_clustered_against_the_lake_and_counts_its_copies(db: Path) -> None:
    lake = db.parent
    first = _derived(lake, [CQ, SC])
    assert dedupe_batch.fn(first, DedupeIndex()) == 0
    _load(db, first)

    index = dedupe_index.fn(db, [], 5)
    assert sorted(index.cluster_of) == sorted(steps.doc_id_for(n) for n in (CQ, SC))
    batch = _derived(lake, [CQ_MIRROR, SC_REPOST, MIANYANG], no=2)
    assert batch.counts["duplicates"] == 0
    assert dedupe_batch.fn(batch, index) == 2
    assert batch.counts["duplicates"] == 2
    assert _matches(batch) == {
        CQ_MIRROR: (CQ, "exact"),
        SC_REPOST: (SC, "near"),
        MIANYANG: (None, None),
    }
    clusters = {d.location: d.cluster_id for d in batch.docs}
    assert clusters == {
        CQ_MIRROR: steps.doc_id_for(CQ),
        SC_REPOST: steps.doc_id_for(SC),
        MIANYANG: steps.doc_id_for(MIANYANG),  # a new story founds its own cluster
    }


def test_pages_being_replaced_are_left_out_of_the_index(db: Path) -> None:
    lake = db.parent
    first = _derived(lake, [CQ, SC])
    dedupe_batch.fn(first, DedupeIndex())
    _load(db, first)

    index = dedupe_index.fn(db, [CQ], 5)  # CQ is about to be derived again
    assert list(index.cluster_of) == [steps.doc_id_for(SC)]
    mirror = _derived(lake, [CQ_MIRROR])
    assert dedupe_batch.fn(mirror, index) == 0
    assert _matches(mirror) == {CQ_MIRROR: (None, None)}


def test_the_index_grows_batch_by_batch_so_a_later_batch_finds_an_earlier_ones_copy(
    db: Path,
) -> None:
    lake = db.parent
    index = dedupe_index.fn(db, [], 5)  # an empty lake
    assert index.cluster_of == {}
    batches = [_derived(lake, [CQ], no=1), _derived(lake, [SC, CQ_MIRROR], no=2)]
    assert [dedupe_batch.fn(b, index) for b in batches] == [0, 1]
    assert [b.counts["duplicates"] for b in batches] == [0, 1]
    assert _matches(batches[1]) == {SC: (None, None), CQ_MIRROR: (CQ, "exact")}


def test_a_copy_within_one_batch_counts_and_adds_to_what_the_batch_counted(db: Path) -> None:
    batch = _derived(db.parent, [CQ, CQ_MIRROR, SC, SC_REPOST])
    batch.counts["duplicates"] = 3  # as if counted before: the task adds, it does not overwrite
    assert dedupe_batch.fn(batch, dedupe_index.fn(db, [], 5)) == 2
    assert batch.counts["duplicates"] == 5
    assert _matches(batch) == {
        CQ: (None, None),
        CQ_MIRROR: (CQ, "exact"),
        SC: (None, None),
        SC_REPOST: (SC, "near"),
    }
