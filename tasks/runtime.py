"""Prefect plumbing a run shares: one API for the whole run, task runners, the lake's write slot.

Prefect's ephemeral mode starts a temporary API server in each process that needs one; the
process-pool workers of a run would each start their own (≈230 MB and seconds apiece). Starting
one here (`tasks/api.py`) and exporting its URL makes the flow and all its workers share it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Any

from prefect.concurrency.sync import concurrency
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

from newslake.settings import load_settings
from newslake.tasks.api import TemporaryAPI

# Global concurrency limit: one run at a time writes to the lake, across all deployments. It is
# held from registering pages to the end of loading, because dedupe compares each batch against the
# lake as it stood when the run's index was built; a second writer meanwhile could hide a copy.
LAKE_WRITE_LIMIT = "newslake-lake-write"


class InjectedFault(RuntimeError):
    """Raised where the fault file says, to rehearse a failed run and its retry."""


@contextmanager
def shared_api(started: TemporaryAPI | None = None) -> Iterator[str | None]:
    """Yield the API URL in use: the configured server's, or a temporary server's.

    `started` is a temporary server the caller spawned early (it boots while the flow's code is
    imported); it is stopped unused if Prefect's settings name a server after all.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        if started is not None:
            started.stop()
        yield configured
        return
    server = started or TemporaryAPI.start()
    try:
        url = server.wait_ready()
        os.environ["PREFECT_API_URL"] = url  # spawned pool workers read the environment
        with temporary_settings(updates={PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                drain_prefect_services()
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def drain_prefect_services(timeout: float = 30.0) -> None:
    """Send the logs and events still queued while the API is up, as prefect_test_harness does.

    Left to interpreter exit, they would be sent after the temporary server has stopped: five
    retries with backoff (about 65 s) and then "Error logging to API" on stderr.
    """
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=timeout)
    EventsWorker.drain_all(timeout=timeout)


def make_task_runner(runner: str, address: str | None = None) -> TaskRunner[Any]:
    """Where the CPU-bound steps run: `process` (a pool, default), `dask` or `inline`."""
    if runner == "process":
        return ProcessPoolTaskRunner(max_workers=load_settings().worker_count)
    if runner == "dask":
        from prefect_dask import DaskTaskRunner  # only needed when asked for

        return DaskTaskRunner(address=address) if address else DaskTaskRunner()
    if runner == "inline":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=1)
    raise ValueError(f"unknown runner {runner!r}: use process, dask or inline")


def ensure_write_limit() -> None:
    """Create the lake's write limit (one slot) on the Prefect server if nobody has yet."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(LAKE_WRITE_LIMIT)
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run created it meanwhile
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=LAKE_WRITE_LIMIT, limit=1)
                )


def lake_writer() -> AbstractContextManager[None]:
    """Hold the lake's write slot (acquiring costs up to a few seconds: take it once per phase)."""
    return concurrency(LAKE_WRITE_LIMIT, occupy=1, strict=False)


def transient_io(task: object, task_run: object, state: Any) -> bool:
    """Retry a lake or disk step after a passing I/O error (not a lock wait that already timed
    out, not an injected fault): the step is idempotent."""
    import duckdb

    try:
        state.result()
    except duckdb.IOException as exc:
        return "lock" not in str(exc).lower()
    except OSError:
        return True
    except BaseException:
        return False
    return False


def check_fault(stage: str, batch_no: int) -> None:
    """Fail here if NEWSLAKE_FAULT_FILE names a file that says `<stage> <batch no>`.

    For fault drills and the retry tests: delete the file and retry the run to see it resume.
    """
    path = load_settings().fault_file
    if path is None or not Path(path).is_file():
        return
    wanted = Path(path).read_text(encoding="utf-8").split()
    if wanted == [stage, str(batch_no)]:
        raise InjectedFault(f"injected fault in {stage} of batch {batch_no} ({path})")
