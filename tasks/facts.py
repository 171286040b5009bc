"""Facts: after a run's loads, the facts whose reports changed are settled again (newslake/facts)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger

from newslake.store import facts
from newslake.tasks.runtime import lake_io_task


@lake_io_task("facts", task_run_name="facts")
def update_facts(db: Path, run_id: str, timeout: float) -> dict[str, int]:
    """Idempotent: the keys stay pending until their facts are written, in one transaction."""
    update = facts.update_facts(db, run_id, timeout=timeout)
    if update.settled:
        get_run_logger().info(
            "facts: %d keys settled, %d new, %d changed, %d removed, %d in conflict",
            update.settled,
            len(update.new),
            len(update.changed),
            len(update.removed),
            update.conflict,
        )
    return update.counts()
