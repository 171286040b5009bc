"""Runs in the lake: one row per ingest run, opened at its start and closed with its counts."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from newslake.store.connection import apply_schema, reading, run_sql, writing

# The counts v_runs keeps of a run; the rest of a run's counts go to its summary and artifacts.
RUN_COUNTS = (
    "pages_seen",
    "pages_new",
    "pages_changed",
    "pages_unchanged",
    "pages_rejected",
    "documents",
    "duplicates",
    "indicators",
    "mentions",
)


def start_run(db: Path, run_id: str, flow_run_id: str | None, *, timeout: float) -> None:
    """Create or migrate the lake, then record the run as running."""
    with writing(db, timeout=timeout) as con:
        apply_schema(con)
        run_sql(
            con,
            "start_run",
            run_id=run_id,
            flow_run_id=flow_run_id,
            started_at=datetime.now(UTC),
        )


def finish_run(
    db: Path,
    run_id: str,
    status: str,
    counts: Mapping[str, float],
    error: str | None,
    *,
    timeout: float,
) -> None:
    with writing(db, timeout=timeout) as con:
        run_sql(
            con,
            "finish_run",
            run_id=run_id,
            finished_at=datetime.now(UTC),
            status=status,
            error=error,
            **{k: int(counts.get(k, 0)) for k in RUN_COUNTS},
        )


def running_runs(db: Path, *, timeout: float) -> list[str]:
    """Ids of the runs the lake still shows as running."""
    with reading(db, timeout=timeout) as con:
        return [run_id for (run_id,) in run_sql(con, "running_runs").rows]


def close_crashed_run(db: Path, run_id: str, error: str, *, timeout: float) -> None:
    """Mark a run whose process is gone as crashed, with the counts its rows in the lake show."""
    with writing(db, timeout=timeout) as con:
        run_sql(con, "close_crashed_run", run_id=run_id, error=error)
