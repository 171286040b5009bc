"""Runs: opened as running, closed with their counts; a rerun of one run id reopens it."""

from __future__ import annotations

from pathlib import Path

from newslake.store import reports, runs
from newslake.store.connection import reading


def test_a_run_is_opened_then_closed_with_its_counts(tmp_path: Path) -> None:
    db = tmp_path / "lake" / "newslake.duckdb"
    runs.start_run(db, "r1", "flow-1", timeout=5)  # creates the lake
    with reading(db, timeout=5) as con:
        assert con.execute("select status, finished_at from v_runs").fetchone() == ("running", None)
    runs.finish_run(db, "r1", "failed", {"pages_seen": 3}, "boom", timeout=5)
    runs.start_run(db, "r1", "flow-1", timeout=5)  # a retry of the same flow run
    runs.finish_run(db, "r1", "completed", {"pages_seen": 3, "documents": 2}, None, timeout=5)
    with reading(db, timeout=5) as con:
        row = con.execute(
            "select status, pages_seen, documents, error, flow_run_id from v_runs"
        ).fetchone()
    assert row == ("completed", 3, 2, None, "flow-1")
    assert reports.lake_counts(db, timeout=5)["documents"] == 0
