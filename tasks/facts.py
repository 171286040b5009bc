"""Facts: after a run's loads, the facts whose reports changed are settled again (newslake/facts)."""

from __future__ import annotations

from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newslake.store import facts
from newslake.tasks.runtime import transient_io


@task(
    name="facts",
    task_run_name="facts",
    cache_policy=NO_CACHE,
    retries=2,
    retry_delay_seconds=1,
    retry_condition_fn=transient_io,
)
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
