"""A real self-hosted Prefect stack for tests: server, work pool, deployments and a process worker.

Each piece is a separate OS process in its own session (so teardown can kill the whole process
group, children included) with its own PREFECT_HOME, exactly as an operator would run them from
the README. The helpers below drive the server through the same API calls the UI makes:
`create_flow_run_from_deployment` (Quick run / Custom run) and `set_state` with an
`AwaitingRetry` scheduled state (the Retry button).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import Artifact, FlowRun
from prefect.client.schemas.responses import DeploymentResponse
from prefect.states import State, StateType

REPO = Path(__file__).resolve().parents[2]
POOL = "newslake-pool"  # the work pool named in prefect.yaml

# Settings every process of the stack gets; the rest of os.environ is inherited.
QUIET_PREFECT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_CLI_COLORS": "false",
    "PREFECT_CLI_WRAP_LINES": "false",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


class StackError(RuntimeError):
    """A process of the stack failed; the message carries the tail of its log."""


def free_port() -> int:
    """A port nobody listens on right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def log_tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"(no log at {path})"
    text = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return "\n".join(text[-lines:])


@dataclass
class Proc:
    """A long-running process in its own session, with its output in a log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def fail(self, message: str) -> StackError:
        return StackError(f"{self.name}: {message}\n--- {self.log} ---\n{log_tail(self.log)}")

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM the process group, SIGKILL what is left after `grace` seconds."""
        if self.popen.poll() is not None:
            _kill_group(self.popen.pid, signal.SIGKILL)  # orphans of a dead leader
            return
        _kill_group(self.popen.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=grace)
        _kill_group(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)


def _kill_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _spawn(name: str, args: Sequence[str], env: Mapping[str, str], cwd: Path, log: Path) -> Proc:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        popen = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: teardown reaches every child
        )
    return Proc(name, popen, log)


@dataclass
class PrefectServer:
    """A running `prefect server start` and how to talk to it."""

    url: str  # the API URL, ending in /api
    root: Path  # temporary folder holding every home and log of the stack
    proc: Proc
    started_in: float = 0.0  # seconds from spawn to a healthy /api/health
    timings: dict[str, float] = field(default_factory=dict)

    def env(self, home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        """Environment of a process that talks to this server, with its own PREFECT_HOME."""
        home.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(QUIET_PREFECT, PREFECT_HOME=str(home), PREFECT_API_URL=self.url)
        env.update(extra or {})
        return env

    def cli(
        self,
        *args: str,
        home: str = "cli",
        cwd: Path = REPO,
        extra_env: Mapping[str, str] | None = None,
        timeout: float = 120.0,
    ) -> subprocess.CompletedProcess[str]:
        """Run one `prefect ...` command against this server; raise with its output on failure."""
        env = self.env(self.root / f"home-{home}", extra_env)
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "prefect", "--no-prompt", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        self.timings[f"prefect {' '.join(args[:2])}"] = time.monotonic() - started
        if done.returncode != 0:
            raise StackError(
                f"prefect {' '.join(args)} exited {done.returncode}\n"
                f"--- stdout ---\n{done.stdout[-4000:]}\n--- stderr ---\n{done.stderr[-4000:]}"
            )
        return done

    def write_timings(self) -> Path:
        """Seconds each step of the stack took, as JSON beside its logs (for slow CI runs)."""
        path = self.root / "timings.json"
        rounded = {k: round(v, 2) for k, v in self.timings.items()}
        path.write_text(json.dumps(rounded, indent=1), encoding="utf-8")
        return path

    def client(self) -> SyncPrefectClient:
        """A client bound to this server whatever PREFECT_API_URL the test process has."""
        return SyncPrefectClient(api=self.url, httpx_settings={"timeout": 30.0})


@contextlib.contextmanager
def prefect_server(root: Path, *, startup_timeout: float = 120.0) -> Iterator[PrefectServer]:
    """`prefect server start` on a free port, SQLite in a fresh PREFECT_HOME; stopped on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    home = root / "home-server"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        QUIET_PREFECT,
        PREFECT_HOME=str(home),
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        PREFECT_SERVER_UI_ENABLED="false",  # tests need the API only; saves start-up time
        # The cron deployment gets its scheduled runs within seconds, not the default minute.
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="5",
        # A run queued behind its deployment's limit (ENQUEUE) tries again after 2 s, not 30 s.
        PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS="2",
    )
    args = [sys.executable, "-m", "prefect", "server", "start"]
    args += ["--host", "127.0.0.1", "--port", str(port)]
    with _serving("prefect server", args, env, root, url, startup_timeout) as server:
        yield server


def lake_worker_env(db: Path, lake: Path, fault_file: Path) -> dict[str, str]:
    """A worker's environment for a test lake, as an operator would set it (no NEWSLAKE_HOME)."""
    return {
        "NEWSLAKE_DB": str(db),
        "NEWSLAKE_LAKE": str(lake),
        "NEWSLAKE_FAULT_FILE": str(fault_file),  # absent file: no fault
        "NEWSLAKE_WORKERS": "2",
    }


def copy_samples(root: Path, name: str, files: Sequence[str]) -> Path:
    """A folder `root/name` holding copies of some bundled sample pages, for a run's `paths`."""
    from newslake.settings import SAMPLES_DIR

    folder = root / name
    folder.mkdir(exist_ok=True)
    for file in files:
        shutil.copy2(SAMPLES_DIR / file, folder / file)
    return folder


@contextlib.contextmanager
def make_server(
    root: Path, port: int, *, startup_timeout: float = 240.0
) -> Iterator[PrefectServer]:
    """The README's `PREFECT_PORT=N make server`, UI included, with its home under `root`.

    The Makefile is run as it is (its Python is this one's, so no second venv is made); only
    SERVER_HOME moves the server's SQLite file out of the checkout.
    """
    url = f"http://127.0.0.1:{port}/api"
    home = root / "home-server"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        QUIET_PREFECT,
        PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS="2",
        # SQLite waits this long for its lock before the API answers 503; the Python client
        # retries a 503, the UI's forms do not (10 s is not enough on a busy 2-core machine).
        PREFECT_SERVER_DATABASE_TIMEOUT="60",
    )
    args = ["make", "--no-print-directory", "-C", str(REPO), "-o", ".venv/.installed", "server"]
    args += [f"PREFECT_PORT={port}", f"SERVER_HOME={home}", f"BIN={Path(sys.executable).parent}"]
    with _serving("make server", args, env, root, url, startup_timeout) as server:
        yield server


@contextlib.contextmanager
def _serving(
    name: str, args: list[str], env: dict[str, str], root: Path, url: str, timeout: float
) -> Iterator[PrefectServer]:
    """A server process, once it answers its health check; stopped on exit."""
    started = time.monotonic()
    proc = _spawn(name, args, env, root, root / "server.log")
    try:
        _wait_healthy(proc, url, timeout)
        server = PrefectServer(url, root, proc, started_in=time.monotonic() - started)
        server.timings["server start"] = server.started_in
        yield server
    finally:
        proc.stop()


def _wait_healthy(proc: Proc, url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise proc.fail(f"exited with {proc.popen.returncode} before it was healthy")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=2.0).status_code == 200:
                return
        time.sleep(0.5)
    raise proc.fail(f"/api/health did not answer within {timeout:.0f} s")


def create_pool(server: PrefectServer, pool: str = POOL) -> None:
    """The README's `prefect work-pool create POOL --type process`."""
    server.cli("work-pool", "create", pool, "--type", "process", "--overwrite")


def deploy_all(server: PrefectServer, *, cwd: Path = REPO) -> str:
    """The README's `prefect deploy --all`, from the repository's prefect.yaml."""
    return server.cli("deploy", "--all", cwd=cwd, timeout=180.0).stdout


@dataclass
class Worker:
    proc: Proc
    pool: str


@contextlib.contextmanager
def prefect_worker(
    server: PrefectServer,
    *,
    pool: str = POOL,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
    startup_timeout: float = 60.0,
) -> Iterator[Worker]:
    """`prefect worker start --pool POOL --type process`; flow runs inherit `env`.

    Returns once the server has seen the worker's first heartbeat, so a run created next is
    picked up on the worker's next poll. Polling every second keeps the tests short.
    """
    extra = {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_HEARTBEAT_SECONDS": "5"}
    full_env = server.env(server.root / "home-worker", {**extra, **(env or {})})
    args = [sys.executable, "-m", "prefect", "worker", "start"]
    args += ["--pool", pool, "--type", "process", "--name", "test-worker"]
    started = time.monotonic()
    proc = _spawn("prefect worker", args, full_env, cwd, server.root / "worker.log")
    try:
        _wait_worker_online(server, proc, pool, startup_timeout)
        server.timings["worker online"] = time.monotonic() - started
        yield Worker(proc, pool)
    finally:
        proc.stop()


def _wait_worker_online(server: PrefectServer, proc: Proc, pool: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    with server.client() as client:
        while time.monotonic() < deadline:
            if not proc.alive():
                raise proc.fail(f"exited with {proc.popen.returncode} before it came online")
            if any(w.name == "test-worker" for w in client.read_workers_for_work_pool(pool)):
                return
            time.sleep(0.5)
    raise proc.fail(f"no heartbeat within {timeout:.0f} s")


# --- what the UI does --------------------------------------------------------------------------


def deployment(client: SyncPrefectClient, name: str, flow: str = "ingest") -> DeploymentResponse:
    """A deployment by its `flow/deployment` name."""
    return client.read_deployment_by_name(f"{flow}/{name}")


def run_deployment_like_ui(
    client: SyncPrefectClient, deployment_id: UUID, parameters: Mapping[str, Any] | None = None
) -> FlowRun:
    """Quick run (no parameters) or Custom run (form values) of a deployment.

    The UI posts to /deployments/{id}/create_flow_run with the parameters and a Scheduled state
    for now; the worker polling the deployment's pool then picks the run up.
    """
    return client.create_flow_run_from_deployment(deployment_id, parameters=dict(parameters or {}))


TERMINAL = {
    StateType.COMPLETED,
    StateType.FAILED,
    StateType.CANCELLED,
    StateType.CRASHED,
}


def wait_for_terminal(
    client: SyncPrefectClient, flow_run_id: UUID, *, timeout: float = 90.0, poll: float = 0.5
) -> FlowRun:
    """The flow run once it reached a terminal state; TimeoutError naming its last state."""
    deadline = time.monotonic() + timeout
    run = client.read_flow_run(flow_run_id)
    while time.monotonic() < deadline:
        run = client.read_flow_run(flow_run_id)
        if run.state is not None and run.state.type in TERMINAL:
            return run
        time.sleep(poll)
    state = run.state.name if run.state else None
    raise TimeoutError(f"flow run {flow_run_id} still {state} after {timeout:.0f} s")


def retry_like_ui(client: SyncPrefectClient, flow_run_id: UUID) -> State:
    """Press the Retry button of a failed flow run; returns the state the server accepted.

    The UI's Retry (prefect-ui-library src/components/FlowRunRetryButton.vue ->
    api.flowRuns.retryFlowRun) calls `setFlowRunState(id, {state: {type: 'scheduled',
    name: 'AwaitingRetry', message: 'Retry from the UI'}}, false)`, i.e.
    POST /api/flow_runs/{id}/set_state with force=false; the same function is in the UI bundle
    shipped with prefect 3.8.8 (prefect/server/ui/assets/index-*.js). The server then runs the
    same flow run id again and its engine renames the next Running state "Retrying"
    (prefect/server/orchestration/core_policy.py, RenameReruns).
    """
    state = State(type=StateType.SCHEDULED, name="AwaitingRetry", message="Retry from the UI")
    result = client.set_flow_run_state(flow_run_id, state, force=False)
    if result.status.value != "ACCEPT":
        raise StackError(f"retry of {flow_run_id} not accepted: {result.status} {result.details}")
    return result.state


def read_artifacts(client: SyncPrefectClient, flow_run_id: UUID) -> list[Artifact]:
    """Every artifact the flow run published (the run page's Artifacts tab)."""
    flow_runs = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    return client.read_artifacts(flow_run_filter=flow_runs)


def table_rows(artifact: Artifact) -> list[dict[str, Any]]:
    """The rows of a table artifact (stored as JSON text)."""
    data = artifact.data
    return json.loads(data) if isinstance(data, str) else list(data or [])


def scheduled_runs(client: SyncPrefectClient, deployment_id: UUID) -> list[FlowRun]:
    """Flow runs the scheduler created for a deployment (future, Scheduled state)."""
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )

    deployments = DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id]))
    scheduled = FlowRunFilter(
        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
    )
    return client.read_flow_runs(deployment_filter=deployments, flow_run_filter=scheduled)


def flow_run_logs(
    client: SyncPrefectClient, flow_run_id: UUID, *, containing: str = "", wait: float = 15.0
) -> list[str]:
    """The messages of a flow run's logs (its Logs tab), waiting a while for one `containing` text:
    the API receives them in batches, a moment after the run has ended."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    logs_of = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))
    deadline = time.monotonic() + wait
    while True:
        messages = [log.message for log in client.read_logs(log_filter=logs_of)]
        if any(containing in m for m in messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.5)
