"""The run's temporary Prefect API: one real start and stop of the server process (it takes about
7 s), the registry of running servers the lake's write lock relies on, and how its port is chosen."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import httpx
import pytest

from newslake.tasks.api import EPHEMERAL_ENV, STARTUP_FAILURE, TemporaryAPI, _free_port, _port_taken


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode(errors="replace").split("\0") if item)


def _refused(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The server's SQLite database goes to a home of its own, not the user's ~/.prefect."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    monkeypatch.setenv("PREFECT_HOME", str(home))
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    return home


def test_a_new_api_has_no_port_and_no_process_until_started() -> None:
    api = TemporaryAPI()
    assert (api.port, api.process, api.url) == (0, None, "http://127.0.0.1:0/api")
    assert api not in TemporaryAPI.running


def test_the_api_starts_answers_its_health_check_and_stops(prefect_home: Path) -> None:
    api = TemporaryAPI.start()
    try:
        # start returns at once, with the port chosen and the process registered
        assert api.process is not None and api.process.poll() is None
        assert 1024 <= api.port <= 65535
        assert TemporaryAPI.running.count(api) == 1
        assert api.url == f"http://127.0.0.1:{api.port}/api"
        env = _environ(api.process.pid)
        assert {k: env.get(k) for k in EPHEMERAL_ENV} == EPHEMERAL_ENV
        assert env["PREFECT_HOME"] == str(prefect_home)

        url = api.wait_ready(timeout=120)
        assert url == api.url
        assert httpx.get(f"{url}/health", timeout=10).json() is True
        assert any(prefect_home.glob("*.db")), "the server's database is in PREFECT_HOME"
        server = api.process
        assert server is not None
    finally:
        api.stop()
    assert server.returncode in (0, -signal.SIGTERM)  # went on SIGTERM, no kill needed
    assert api.process is None
    assert api not in TemporaryAPI.running
    assert _refused(api.port)
    api.stop()  # a second stop is harmless
    assert api not in TemporaryAPI.running


def test_a_server_that_dies_before_answering_is_reported_with_its_status(
    prefect_home: Path,
) -> None:
    api = TemporaryAPI.start()
    try:
        assert api.process is not None
        os.kill(api.process.pid, signal.SIGKILL)  # before it has imported Prefect's server
        with pytest.raises(
            RuntimeError, match=r"^the temporary Prefect API exited with status -9$"
        ):
            api.wait_ready(timeout=30)
    finally:
        api.stop()
    assert api not in TemporaryAPI.running


def test_waiting_on_a_stopped_api_fails_at_once() -> None:
    api = TemporaryAPI()
    with pytest.raises(AssertionError, match="stopped"):
        api.wait_ready(timeout=5)


def test_a_free_port_is_a_loopback_port_nobody_listens_on() -> None:
    port = _free_port()
    assert 1024 <= port <= 65535
    assert _refused(port)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))  # still free for the server to bind a moment later


def test_the_startup_failure_status_is_uvicorns() -> None:
    from uvicorn.config import STARTUP_FAILURE as UVICORN_STARTUP_FAILURE

    assert STARTUP_FAILURE == UVICORN_STARTUP_FAILURE == 3


def test_a_port_someone_listens_on_is_taken_and_a_free_one_is_not() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert _port_taken(sock.getsockname()[1])
    assert not _port_taken(_free_port())


def test_a_server_that_cannot_open_its_database_is_not_respawned_as_if_its_port_were_taken(
    prefect_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unopenable = prefect_home / "no-such-folder" / "prefect.db"
    monkeypatch.setenv("PREFECT_API_DATABASE_CONNECTION_URL", f"sqlite+aiosqlite:///{unopenable}")
    api = TemporaryAPI.start()
    try:
        with pytest.raises(RuntimeError, match="exited with status 3"):
            api.wait_ready(timeout=8)
    finally:
        api.stop()
