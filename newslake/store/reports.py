"""Reports from the lake: what one run did and what the lake holds, for summaries and artifacts."""

from __future__ import annotations

from pathlib import Path

from newslake.store.connection import reading, run_sql


def run_report(db: Path, run_id: str, *, timeout: float) -> dict[str, list[dict[str, object]]]:
    """This run's rejects, first new figures, quality flags, new and changed facts and their
    conflicts, for the run's artifacts."""
    report: dict[str, list[dict[str, object]]] = {}
    with reading(db, timeout=timeout) as con:
        for name in ("rejects", "indicators", "quality", "facts", "conflicts"):
            result = run_sql(con, f"report_{name}", run_id=run_id)
            report[name] = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    return report


def lake_counts(db: Path, *, timeout: float) -> dict[str, int]:
    with reading(db, timeout=timeout) as con:
        result = run_sql(con, "lake_counts")
        return dict(zip(result.columns, result.rows[0], strict=True))
