"""Analysts and runs share one DuckDB file: both directions of the lock, with real processes."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newslake.flows.ingest import with_runner
from newslake.settings import SAMPLES_DIR
from newslake.store.connection import LakeBusyError
from tests.conftest import Lake
from tests.support.prefect_runs import latest_task_states

pytestmark = pytest.mark.usefixtures("prefect_api")

REPO = Path(__file__).resolve().parents[1]
NEWSLAKE = Path(sys.executable).with_name("newslake")

HOLD_WRITE_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
sys.stdin.readline()
con.close()
"""


def _many_pages(folder: Path, copies: int) -> Path:
    """Distinct pages made from the samples, so that a run has many batches to load."""
    folder.mkdir(parents=True)
    samples = sorted(p for p in SAMPLES_DIR.glob("0[1-3]_*.html"))
    for i in range(copies):
        for sample in samples:
            text = sample.read_text(encoding="utf-8")
            text = text.replace("</body>", f"<p>第{i}号附注:本页为第{i}份转载测试页面。</p></body>")
            (folder / f"{i:03d}_{sample.name}").write_text(text, encoding="utf-8")
    return folder


def _ingest(lake: Lake, paths: list[Path], **kwargs: object) -> dict:
    return with_runner("inline")(
        paths=[str(p) for p in paths], db=str(lake.db), lake=str(lake.lake), **kwargs
    )


def test_analyst_queries_answer_within_seconds_while_a_run_writes(tmp_path: Path) -> None:
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    _ingest(lake, [SAMPLES_DIR / "01_cq_gdp_2023.html"])  # the file exists before the run
    pages = _many_pages(tmp_path / "pages", 40)  # 120 pages in 30 batches of 4

    answers: list[tuple[float, int]] = []
    stop = threading.Event()

    def analyst() -> None:
        while not stop.is_set():
            started = time.monotonic()
            out = subprocess.run(
                [str(NEWSLAKE), "sql", "select count(*) from documents", "--db", str(lake.db)],
                capture_output=True,
                text=True,
                check=True,
                cwd=REPO,
            )
            answers.append((time.monotonic() - started, int(out.stdout.split()[2])))

    thread = threading.Thread(target=analyst)
    thread.start()
    try:
        _ingest(lake, [pages], batch_size=4)
    finally:
        stop.set()
        thread.join()
    slowest = max(seconds for seconds, _ in answers)
    counts = [count for _, count in answers]
    assert len(answers) >= 3, answers
    assert slowest < 10, f"a query waited {slowest:.1f} s for the run"
    # Queries were answered while the run was loading, not only before or after it.
    assert any(1 < count < 121 for count in counts), counts


def test_a_run_waits_for_an_analyst_holding_the_file_then_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    _ingest(lake, [SAMPLES_DIR / "01_cq_gdp_2023.html"])
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("02_sc_gdp_2023.html", "03_circle_2023_review.html"):
        shutil.copy(SAMPLES_DIR / name, pages / name)

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITE_LOCK, str(lake.db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        monkeypatch.setenv("NEWSLAKE_LOCK_TIMEOUT", "3")
        started = time.monotonic()
        with pytest.raises(LakeBusyError, match=rf"PID {holder.pid}\b|process {holder.pid}\b"):
            _ingest(lake, [pages])
        assert time.monotonic() - started >= 3  # it waited before giving up
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)

    # The analyst has gone: the next run loads both pages.
    monkeypatch.setenv("NEWSLAKE_LOCK_TIMEOUT", "60")
    result = _ingest(lake, [pages])
    assert result["documents"] == 2
    assert lake.query("select count(*) from v_documents")[0][0] == 3


def test_staged_batch_is_loaded_by_the_next_run_without_recomputing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A load that fails keeps its derived batch; the rerun takes it from lake/staged."""
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    fault = tmp_path / "fault"
    fault.write_text("load 1")
    monkeypatch.setenv("NEWSLAKE_FAULT_FILE", str(fault))
    with pytest.raises(Exception, match="injected fault in load of batch 1"):
        _ingest(lake, [SAMPLES_DIR])
    assert lake.query("select count(*) from documents")[0][0] == 0
    assert lake.query("select status from v_runs")[0][0] == "failed"

    fault.unlink()
    result = _ingest(lake, [SAMPLES_DIR])
    assert result["documents"] == 14

    derived = {state for name, state in latest_task_states().items() if name.startswith("derive-")}
    assert derived == {"Cached"}
