"""The derive task: its cache key names the staged result, cut batches and stale results go."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from prefect import flow
from prefect.cache_policies import NO_CACHE

from newslake import derive as steps
from newslake import rawzone
from newslake.boilerplate import LineCounts
from newslake.derive import Batch
from newslake.records import Document, RawRef, Reject
from newslake.settings import SAMPLES_DIR, Limits, Settings, load_settings
from newslake.store import documents
from newslake.store.connection import apply_schema, writing
from newslake.tasks.derive import (
    batch_cache_key,
    boilerplate_model,
    derive,
    derived_in_order,
    prune_staged,
    staged,
    unstage_if_cut,
)
from newslake.version import code_version

SAMPLES = ["01_cq_gdp_2023.html", "02_sc_gdp_2023.html", "14_mianyang_2023.htm"]
CUT = Limits(batch_budget=1e-9)  # spent before the first page is cleaned


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake", workers=1
    )


def _refs(lake: Path, names: list[str]) -> list[RawRef]:
    return [rawzone.store_bytes(lake, n, (SAMPLES_DIR / n).read_bytes()) for n in names]


def _staged_name(batch: Batch) -> str:
    return f"derive-{code_version()}-{batch.key}"


def _staged_files(lake: Path) -> set[str]:
    return {p.name for p in (lake / "staged").iterdir()} if (lake / "staged").is_dir() else set()


def test_the_task_is_cached_per_batch_kept_on_disk_and_left_to_the_flow_to_retry() -> None:
    assert derive.name == "derive" and derive.task_run_name == "derive-{batch.no}"
    assert derive.cache_key_fn is batch_cache_key
    assert derive.persist_result is True
    assert derive.cache_expiration is None  # prune_staged forgets results, not Prefect
    assert derive.retries == 0  # a failed run is retried whole and finds finished batches staged
    assert boilerplate_model.cache_policy is NO_CACHE  # the lake's model changes with every load


@pytest.mark.usefixtures("prefect_api")
def test_a_batch_is_staged_under_its_pages_and_code_whatever_its_number(
    settings: Settings,
) -> None:
    lake = settings.lake
    task = staged(derive, lake)
    assert task.result_storage.basepath == str(lake.resolve() / "staged")
    first = steps.make_batch(1, _refs(lake, SAMPLES[:2]), LineCounts())
    state = task(first, lake, return_state=True)
    assert state.name == "Completed" and len(state.result().docs) == 2
    assert _staged_files(lake) == {_staged_name(first)}

    # the same pages as batch 7 of another call: read back, not derived again
    again = steps.make_batch(7, _refs(lake, SAMPLES[:2]), LineCounts())
    assert again.key == first.key
    state = task(again, lake, return_state=True)
    assert state.name == "Cached"
    assert [d.doc_id for d in state.result().docs] == [d.doc_id for d in first.docs]

    # other pages, or the same pages under another boilerplate model, are other results
    other = steps.make_batch(1, _refs(lake, SAMPLES[2:]), LineCounts())
    model = LineCounts(pages={"somewhere": 9})
    remodelled = steps.make_batch(1, _refs(lake, SAMPLES[:2]), model)
    assert task(other, lake, return_state=True).name == "Completed"
    assert task(remodelled, lake, return_state=True).name == "Completed"
    assert _staged_files(lake) == {_staged_name(b) for b in (first, other, remodelled)}


@pytest.mark.usefixtures("prefect_api")
def test_a_single_cut_batch_is_derived_again_while_a_whole_one_is_read_back(
    settings: Settings,
) -> None:
    lake = settings.lake
    whole = steps.make_batch(1, _refs(lake, SAMPLES[:1]), LineCounts())
    cut = steps.make_batch(1, _refs(lake, SAMPLES[1:2]), LineCounts(), CUT)
    [whole_done] = derived_in_order([whole], settings)
    [cut_done] = derived_in_order([cut], settings)
    assert whole_done.seconds and cut_done.seconds  # derived by these calls
    assert [(r.stage, r.retryable) for r in cut_done.rejects] == [("clean", True)]
    assert _staged_files(lake) == {_staged_name(whole)}

    [whole_again] = derived_in_order([steps.make_batch(1, whole.refs, LineCounts())], settings)
    [cut_again] = derived_in_order([steps.make_batch(1, cut.refs, LineCounts(), CUT)], settings)
    assert whole_again.seconds == {}  # read from lake/staged/: no CPU of this call
    assert cut_again.seconds and [r.retryable for r in cut_again.rejects] == [True]
    assert _staged_files(lake) == {_staged_name(whole)}


@pytest.mark.usefixtures("prefect_api")
def test_several_batches_come_back_in_order_and_only_the_cut_one_leaves_staging(
    settings: Settings,
) -> None:
    lake = settings.lake
    refs = _refs(lake, SAMPLES)
    batches = [
        steps.make_batch(1, refs[:1], LineCounts()),
        steps.make_batch(2, refs[1:2], LineCounts(), CUT),
        steps.make_batch(3, refs[2:], LineCounts()),
    ]

    @flow(name="derive-in-order")
    def derive_all() -> list[tuple[int, list[str], int]]:
        return [
            (b.no, [d.location for d in b.docs], len(b.rejects))
            for b in derived_in_order(batches, settings)
        ]

    assert derive_all() == [(1, [SAMPLES[0]], 0), (2, [], 1), (3, [SAMPLES[2]], 0)]
    assert _staged_files(lake) == {_staged_name(batches[0]), _staged_name(batches[2])}


def _reject(retryable: bool) -> Reject:
    return Reject("p.html", "clean", "why", datetime.now(UTC), "0" * 64, retryable=retryable)


def test_unstage_if_cut_removes_only_a_batch_with_skipped_pages(tmp_path: Path) -> None:
    folder = tmp_path / "staged"
    folder.mkdir()
    judged, skipped, unstaged = (Batch(n, f"key{n}", [], None) for n in (1, 2, 3))
    judged.rejects = [_reject(retryable=False)]  # a page judged bad: the result stands
    skipped.rejects = [_reject(retryable=False), _reject(retryable=True)]
    unstaged.rejects = [_reject(retryable=True)]  # nothing staged for it: no error
    for batch in (judged, skipped):
        (folder / _staged_name(batch)).write_bytes(b"result")
    (folder / f"derive-0000000000000000-{skipped.key}").write_bytes(b"older code")

    for batch in (judged, skipped, unstaged):
        assert unstage_if_cut(batch, tmp_path) is batch
    assert _staged_files(tmp_path) == {
        _staged_name(judged),
        f"derive-0000000000000000-{skipped.key}",  # another code version's result is not its
    }


def test_staged_results_older_than_the_age_are_pruned(tmp_path: Path) -> None:
    assert prune_staged(tmp_path) == 0  # no staged folder yet
    folder = tmp_path / "staged"
    (folder / "sub").mkdir(parents=True)
    now = time.time()
    for name, days in (("fresh", 0), ("six", 6), ("eight", 8), ("month", 30)):
        (folder / name).write_bytes(b"x")
        os.utime(folder / name, (now, now - days * 86400))
    os.utime(folder / "sub", (now, now - 30 * 86400))  # a folder is never removed

    assert prune_staged(tmp_path) == 2
    assert _staged_files(tmp_path) == {"fresh", "six", "sub"}
    assert prune_staged(tmp_path, max_age_days=1) == 1
    assert _staged_files(tmp_path) == {"fresh", "sub"}


@pytest.mark.usefixtures("prefect_api")
def test_a_staged_result_a_retry_just_read_is_not_pruned(settings: Settings) -> None:
    lake = settings.lake
    task = staged(derive, lake)
    batch = steps.make_batch(1, _refs(lake, SAMPLES[:1]), LineCounts())
    task(batch, lake)
    written = time.time() - 8 * 86400  # staged by a run that failed eight days ago
    os.utime(lake / "staged" / _staged_name(batch), (written, written))
    retry = steps.make_batch(1, batch.refs, LineCounts())
    [again] = derived_in_order([retry], settings)  # the retry takes it up, as a run does
    assert again.seconds == {}  # read back from lake/staged/, not derived again
    assert prune_staged(lake) == 0
    assert (lake / "staged" / _staged_name(batch)).is_file()


def _doc(name: str) -> Document:
    doc = Document(name, f"/site/{name}.txt", "0" * 64, datetime(2025, 1, 2, tzinfo=UTC))
    doc.text, doc.text_hash, doc.cluster_id = "重庆市统计局发布数据。", f"h-{name}", name
    return doc


def test_the_boilerplate_model_counts_pages_per_site_and_recurring_lines(tmp_path: Path) -> None:
    db = tmp_path / "lake" / "newslake.duckdb"
    with writing(db, timeout=5) as con:
        apply_schema(con)
    lines = {
        "a": ("cq.example", frozenset({1, 2})),
        "b": ("cq.example", frozenset({1, 3})),
        "c": ("cq.example", frozenset({1})),
        "d": ("sc.example", frozenset({1})),
    }
    docs = [_doc(name) for name in lines]
    documents.load_documents(db, docs[:3], {}, "v1", "r1", lines=lines, timeout=5)
    documents.load_documents(db, docs[3:], {}, "v1", "r2", lines=lines, timeout=5)

    model = boilerplate_model.fn(db, [], "r3", 5)
    assert model.pages == {"cq.example": 3, "sc.example": 1}
    assert model.lines == {("cq.example", 1): 3}  # lines on one page only are not kept
    assert (
        model.digest()
        == LineCounts.from_rows(
            [("cq.example", 3), ("sc.example", 1)], [("cq.example", 1, 3)]
        ).digest()
    )

    # pages about to be replaced, and what this same run loaded before a retry, do not count
    model = boilerplate_model.fn(db, ["/site/c.txt"], "r2", 5)
    assert model.pages == {"cq.example": 2} and model.lines == {("cq.example", 1): 2}
