"""Publish: after a completed run, the analysts' file becomes a snapshot of the working file."""

from __future__ import annotations

import time

from prefect import get_run_logger

from newslake.settings import Settings
from newslake.store import publish
from newslake.tasks.runtime import check_fault, lake_io_task, lake_writer


@lake_io_task("publish", task_run_name="publish")
def publish_snapshot(settings: Settings, run_id: str) -> float:
    """Copy the working file over the analysts' file atomically; returns the seconds it took.

    Under the lake's write slot, so no run writes the working file while it is copied.
    """
    started = time.monotonic()
    with lake_writer(settings.lake, settings.write_timeout, run_id):
        staged = publish.stage_snapshot(
            settings.work_db, settings.db, timeout=settings.lock_timeout
        )
        check_fault("publish", 1)  # fault drills: a crash between the copy and the rename
        publish.install_snapshot(staged, settings.db)
    seconds = time.monotonic() - started
    size = settings.db.stat().st_size / 2**20
    get_run_logger().info("published %s (%.1f MiB) in %.2f s", settings.db, size, seconds)
    return seconds
