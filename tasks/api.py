"""The run's temporary Prefect API: a server process started before Prefect is even imported.

What `prefect.server.api.server.SubprocessASGIServer` does (uvicorn on Prefect's app factory, in
ephemeral mode), without importing Prefect's server modules in the caller (seconds of imports):
`newslake run` starts it first thing, so the server boots while the flow's code is imported.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import ClassVar

# SubprocessASGIServer's own settings for a server that lives as long as one process needs it.
EPHEMERAL_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1"}
EPHEMERAL_ENV["PREFECT__SERVER_FINAL"] = "1"
# uvicorn's exit status when it fails to start: a port taken meanwhile, but also an app that
# cannot start (its database, say), so the port is checked before trying another.
STARTUP_FAILURE = 3
RESPAWNS = 3


class TemporaryAPI:
    """A Prefect API server on a free port of 127.0.0.1, for one `newslake run`."""

    # The servers this process runs: the lake's write lock records their pids, so that a run
    # finding its writer killed with -9 can stop the server it left behind.
    running: ClassVar[list[TemporaryAPI]] = []

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @classmethod
    def start(cls) -> TemporaryAPI:
        """Spawn the server and return at once; `wait_ready` waits for its health check."""
        api = cls()
        api._spawn()
        return api

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def _spawn(self) -> None:
        self.port = _free_port()
        spec = importlib.util.find_spec("prefect")
        assert spec is not None and spec.origin is not None, "prefect is not installed"
        site = str(Path(spec.origin).parent.parent)
        args = [sys.executable, "-m", "uvicorn", "--app-dir", site, "--factory"]
        args += ["prefect.server.api.server:create_app", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--log-level", "error", "--lifespan", "on"]
        self.process = subprocess.Popen(args, env={**os.environ, **EPHEMERAL_ENV})
        if self not in TemporaryAPI.running:
            TemporaryAPI.running.append(self)

    def wait_ready(self, timeout: float = 120.0) -> str:
        """Block until the API answers its health check; return its URL."""
        import httpx

        deadline = time.monotonic() + timeout
        respawns = 0
        with httpx.Client(timeout=5.0) as client:
            while time.monotonic() < deadline:
                assert self.process is not None, "stopped"
                status = self.process.poll()
                taken = status == STARTUP_FAILURE and _port_taken(self.port)
                if taken and respawns < RESPAWNS:  # someone took the port meanwhile
                    respawns += 1
                    self._spawn()
                    continue
                if status is not None:
                    self.stop()
                    raise RuntimeError(f"the temporary Prefect API exited with status {status}")
                try:
                    if client.get(f"{self.url}/health").status_code == 200:
                        return self.url
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the temporary Prefect API did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        """Terminate the server (kill it if it does not go within 5 s)."""
        process, self.process = self.process, None
        if self in TemporaryAPI.running:
            TemporaryAPI.running.remove(self)
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
