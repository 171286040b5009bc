"""The load task: a batch's documents and rejects into the lake, as often as it is retried."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW, temporary_settings
from prefect.states import State

from newslake import derive as steps
from newslake import rawzone
from newslake.boilerplate import LineCounts
from newslake.dedupe import DedupeIndex, dedupe
from newslake.derive import Batch
from newslake.settings import SAMPLES_DIR, Limits
from newslake.store import pages
from newslake.store.connection import LakeBusyError, reading
from newslake.tasks.load import load_batch
from newslake.tasks.runtime import InjectedFault, transient_io

RUN = "run-under-test"
TABLES = ("documents", "doc_quality", "indicators", "mentions", "doc_lines", "doc_signatures")


def _batch(
    lake: Path, pages_: dict[str, bytes], no: int = 1, limits: Limits | None = None
) -> Batch:
    """Pages through the CPU-bound steps and dedupe, as the flow hands a batch to load."""
    refs = [rawzone.store_bytes(lake, loc, body, run_id=RUN) for loc, body in pages_.items()]
    batch = steps.derive_batch(steps.make_batch(no, refs, LineCounts(), limits), lake)
    dedupe(batch.docs, batch.signatures, DedupeIndex())
    return batch


def _sample(name: str) -> bytes:
    return (SAMPLES_DIR / name).read_bytes()


PAGES = {
    "cq.html": _sample("01_cq_gdp_2023.html"),
    "culture": _sample("12_bashu_culture_week"),  # a document without figures
    "blank.txt": b"   ",  # a decode reject
}


def _counts(db: Path) -> dict[str, int]:
    with reading(db, timeout=5) as con:
        counts = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}
        counts["rejects"] = con.execute("select count(*) from rejects").fetchone()[0]
    return counts


def _rows(db: Path, sql: str) -> list[tuple]:
    with reading(db, timeout=5) as con:
        return con.execute(sql).fetchall()


def test_the_task_is_retried_twice_on_passing_io_errors_and_never_cached() -> None:
    assert load_batch.retries == 2 and load_batch.retry_delay_seconds == 1
    assert load_batch.retry_condition_fn is transient_io
    assert load_batch.cache_policy is NO_CACHE  # loading replaces rows: it is never skipped
    assert load_batch.task_run_name == "load-{batch.no}"


def test_a_batch_loads_its_documents_and_rejects_and_returns_how_many_documents(db: Path) -> None:
    batch = _batch(db.parent, PAGES)
    assert load_batch.fn(db, batch, RUN, 5) == 2
    counts = _counts(db)
    assert (counts["documents"], counts["doc_quality"], counts["doc_signatures"]) == (2, 2, 2)
    assert counts["indicators"] == sum(len(d.indicators) for d in batch.docs) > 0
    assert counts["mentions"] == sum(len(d.mentions) for d in batch.docs)
    assert counts["doc_lines"] == sum(len(keys) for _site, keys in batch.lines.values()) > 0
    assert _rows(db, "select location, run_id from documents order by location") == [
        ("cq.html", RUN),
        ("culture", RUN),
    ]
    assert _rows(db, "select location, stage, reason, run_id from rejects") == [
        ("blank.txt", "decode", "empty page", RUN)
    ]


def test_loading_a_batch_again_leaves_the_lake_as_one_load_did(db: Path) -> None:
    batch = _batch(db.parent, PAGES)
    load_batch.fn(db, batch, RUN, 5)
    once = _counts(db)
    assert load_batch.fn(db, batch, RUN, 5) == 2
    assert _counts(db) == once
    assert once["rejects"] == 1 and once["documents"] == 2


def test_a_batch_of_rejects_only_loads_none_and_keeps_the_rejects(db: Path) -> None:
    batch = _batch(db.parent, {"blank.txt": b"   ", "empty.txt": b""})
    assert load_batch.fn(db, batch, RUN, 5) == 0
    assert _counts(db)["documents"] == 0
    assert _rows(db, "select location, stage from rejects order by location") == [
        ("blank.txt", "decode"),
        ("empty.txt", "decode"),
    ]


def test_pages_a_cut_batch_skipped_are_recorded_yet_stay_pending(db: Path) -> None:
    lake = db.parent
    cut = _batch(lake, {"cq.html": PAGES["cq.html"]}, limits=Limits(batch_budget=1e-9))
    judged = _batch(lake, {"blank.txt": b"   "}, no=2)
    pages.register_journal(db, lake, RUN, timeout=5)
    assert [p.location for p in pages.pending_pages(db, reprocess=False, timeout=5)] == [
        "cq.html",
        "blank.txt",
    ]
    assert load_batch.fn(db, cut, RUN, 5) == 0 and load_batch.fn(db, judged, RUN, 5) == 0
    assert _rows(db, "select location, retryable from rejects order by location") == [
        ("blank.txt", False),
        ("cq.html", True),
    ]
    # the skipped page is the next run's to derive; the judged one is not tried again
    assert [p.location for p in pages.pending_pages(db, reprocess=False, timeout=5)] == ["cq.html"]


@pytest.fixture
def standalone(prefect_api: None) -> Iterator[None]:
    """Tasks called outside a flow run, as here, have no flow run to send their log lines to."""
    with temporary_settings({PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW: "ignore"}):
        yield


def _attempts(state: State) -> int:
    """How often the task ran, as the API recorded it (a task run outside a flow run reaches the
    API through events, a moment after it ends)."""
    from prefect.client.orchestration import get_client
    from prefect.events.worker import EventsWorker
    from prefect.exceptions import ObjectNotFound

    EventsWorker.drain_all(timeout=10)
    deadline = time.monotonic() + 10
    with get_client(sync_client=True) as client:
        while True:
            try:
                run = client.read_task_run(state.state_details.task_run_id)
                if run.state is not None and run.state.is_final():
                    return run.run_count
            except ObjectNotFound:
                pass
            assert time.monotonic() < deadline, "the task run never reached the API"
            time.sleep(0.05)


@pytest.mark.usefixtures("standalone")
def test_an_injected_fault_fails_the_load_at_once_and_loads_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault = tmp_path / "fault"
    fault.write_text("load 2", encoding="utf-8")
    monkeypatch.setenv("NEWSLAKE_FAULT_FILE", str(fault))
    batch = _batch(db.parent, PAGES, no=2)
    state = load_batch(db, batch, RUN, 5, return_state=True)
    assert state.is_failed() and _attempts(state) == 1  # a drill's fault is not retried
    with pytest.raises(InjectedFault, match="injected fault in load of batch 2"):
        state.result()
    assert _counts(db)["documents"] == 0 and _counts(db)["rejects"] == 0

    fault.write_text("load 3", encoding="utf-8")  # another batch's fault: this one loads
    assert load_batch(db, batch, RUN, 5) == 2


@pytest.mark.usefixtures("standalone")
def test_a_passing_io_error_is_tried_three_times(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the lake's folder should be", encoding="utf-8")
    batch = _batch(tmp_path / "lake", PAGES)
    quick = load_batch.with_options(retry_delay_seconds=0)  # the same retries and condition
    state = quick(blocked / "newslake.duckdb", batch, RUN, 5, return_state=True)
    assert state.is_failed() and _attempts(state) == 3
    with pytest.raises(FileExistsError):
        state.result()


@pytest.mark.usefixtures("standalone")
def test_a_lock_wait_that_timed_out_is_not_retried(db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', "
            "flush=True); time.sleep(60)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        batch = _batch(db.parent, PAGES)
        state = load_batch(db, batch, RUN, 0.2, return_state=True)
        assert state.is_failed() and _attempts(state) == 1
        with pytest.raises(LakeBusyError, match=f"locked by process {holder.pid}"):
            state.result()
    finally:
        holder.kill()
        holder.wait()
    assert load_batch(db, batch, RUN, 5) == 2
