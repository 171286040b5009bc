"""Prefect plumbing a run shares: one API for the whole run, task runners, the lake's write slot.

Prefect's ephemeral mode starts a temporary API server in each process that needs one; the
process-pool workers of a run would each start their own (≈230 MB and seconds apiece). Starting
one here (`tasks/api.py`) and exporting its URL makes the flow and all its workers share it.
"""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from prefect import Task, task
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner

from newslake import lakelock
from newslake.settings import load_settings
from newslake.tasks.api import TemporaryAPI

LOG = logging.getLogger("newslake.lake")

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


@contextmanager
def lake_writer(lake: Path, timeout: float, run_id: str | None = None) -> Iterator[None]:
    """Hold the lake's write lock, then its Prefect slot (take it once per phase).

    The lock is a flock on lake/.write.lock, which the kernel frees when its holder dies, SIGKILL
    included. Holding it proves no live run of ours writes this lake, so with a temporary API
    (whose database only our runs use) a taken slot was left by a run that died: it is freed, and
    the temporary API server that run left running is stopped. A live holder is waited for, up to
    `timeout` s, then named in the error; so is a slot that a real server keeps taken.
    """
    deadline = time.monotonic() + timeout
    servers = temporary_api_servers()
    with (
        lakelock.write_lock(
            lake, timeout=timeout, run_id=run_id, servers=servers, on_wait=_report_wait
        ) as previous,
        ExitStack() as slot,
    ):
        if previous is not None:
            stop_orphaned_servers(previous)
        wait = max(deadline - time.monotonic(), 1.0)
        if servers:
            freed = free_stale_slot()
            if freed:
                _logger().warning(
                    "freed the lake's write slot (%s) left taken by a run that died: %s",
                    LAKE_WRITE_LIMIT,
                    previous.describe() if previous else "no record",
                )
        elif taken_slots():
            _logger().warning(
                "the Prefect limit %s is taken, by a run on another lake or by one that died "
                "(its lease expires within about 5 minutes): waiting up to %.0f s",
                LAKE_WRITE_LIMIT,
                wait,
            )
        try:
            slot.enter_context(
                concurrency(LAKE_WRITE_LIMIT, occupy=1, strict=False, timeout_seconds=wait)
            )
        except TimeoutError as exc:
            raise lakelock.LakeLockTimeout(
                f"the Prefect concurrency limit {LAKE_WRITE_LIMIT} stayed taken for {wait:.0f} s "
                "while no process of ours wrote this lake: another lake's run holds it, or a run "
                "that died left it (a server frees it when the lease expires, within about 5 "
                f"minutes; `prefect gcl update {LAKE_WRITE_LIMIT} --active-slots 0` frees it now)"
            ) from exc
        yield


def _logger() -> logging.Logger | logging.LoggerAdapter[logging.Logger]:
    from prefect import get_run_logger
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:
        return LOG


def _report_wait(holder: lakelock.Holder | None, waited: float) -> None:
    _logger().warning(
        "waiting for the lake's write lock, held by %s (%.0f s so far)",
        holder.describe() if holder else "another process",
        waited,
    )


def temporary_api_servers() -> tuple[int, ...]:
    """Pids of the temporary API servers this process started that serve the API in use (ours,
    or one Prefect started itself); empty when the API is a real server (or someone else's)."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL

    api = PREFECT_API_URL.value()
    found = [
        server.process.pid
        for server in TemporaryAPI.running
        if server.process is not None and server.process.poll() is None and server.url == api
    ]
    # Prefect 3.8 keeps every SubprocessASGIServer it started in this class attribute.
    for server in list(SubprocessASGIServer._instances.values()):
        process = server.server_process
        if server.running and process is not None and api and server.api_url == api:
            found.append(process.pid)
    return tuple(found)


def taken_slots() -> int:
    """How many of the write limit's slots are taken (0 when the limit does not exist)."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            return client.read_global_concurrency_limit_by_name(LAKE_WRITE_LIMIT).active_slots
        except ObjectNotFound:
            return 0


def free_stale_slot() -> int:
    """Set the write limit's taken slots to 0; returns how many were taken (all stale: the
    caller holds the lake's write lock and the API is a temporary one only our runs use)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            limit = client.read_global_concurrency_limit_by_name(LAKE_WRITE_LIMIT)
        except ObjectNotFound:
            return 0
        if limit.active_slots:
            client.update_global_concurrency_limit(
                LAKE_WRITE_LIMIT, GlobalConcurrencyLimitUpdate(active_slots=0)
            )
        return limit.active_slots


_API_SERVER_CMD = b"prefect.server.api.server:create_app"


def stop_orphaned_servers(previous: lakelock.Holder) -> list[int]:
    """Stop the temporary API servers a dead writer left running (kill -9 of a run's process
    leaves its server behind, on the same database); Linux only (/proc)."""
    if previous.pid is None or not previous.on_this_host or lakelock.alive(previous.pid):
        return []
    stopped = []
    for pid in previous.servers:
        if not _orphaned_api_server(pid, previous.pid):
            continue
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not _running(pid):
                    break
                time.sleep(0.1)
            else:
                os.kill(pid, signal.SIGKILL)
        stopped.append(pid)
        _logger().warning("stopped temporary Prefect API server %d left by a run that died", pid)
    return stopped


def _proc(pid: int, name: str) -> bytes:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes()
    except OSError:
        return b""


def _orphaned_api_server(pid: int, parent: int) -> bool:
    stat = _proc(pid, "stat")
    if not stat or _API_SERVER_CMD not in _proc(pid, "cmdline"):
        return False
    fields = stat.rsplit(b")", 1)[-1].split()  # after "pid (comm)": state, ppid, ...
    return fields[0] != b"Z" and int(fields[1]) != parent


def _running(pid: int) -> bool:
    stat = _proc(pid, "stat")
    return bool(stat) and stat.rsplit(b")", 1)[-1].split()[0] != b"Z"


def transient_io(task: object, task_run: object, state: Any) -> bool:
    """Retry a lake or disk step after a passing I/O error (not a lock wait that already timed
    out, not an injected fault): the step is idempotent."""
    from newslake.store.connection import DatabaseIOError

    try:
        state.result()
    except DatabaseIOError as exc:
        return "lock" not in str(exc).lower()
    except OSError:
        return True
    except BaseException:
        return False
    return False


P = ParamSpec("P")
R = TypeVar("R")


def lake_io_task(
    name: str, task_run_name: str | None = None
) -> Callable[[Callable[P, R]], Task[P, R]]:
    """A step that reads or writes the lake or the raw zone: never cached (the lake moves on),
    retried twice on a passing I/O error, which is safe because each store call is one
    transaction and raw-zone files are named by their content."""
    return task(
        name=name,
        task_run_name=task_run_name,
        cache_policy=NO_CACHE,
        retries=2,
        retry_delay_seconds=1,
        retry_condition_fn=transient_io,
    )


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
