"""Locks of a lake directory: who may write it, and which runs are still alive.

Both are `flock`s on small files in the lake directory. The kernel drops a flock when its process
dies, SIGKILL included, so a lock a crashed run left behind never blocks anyone; the JSON in the
file (pid, host, run, since) only feeds messages. One lock per lake directory, whatever file the
database is in.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

WRITE_LOCK = ".write.lock"
RUNS_DIR = ".runs"


class LakeLockTimeout(TimeoutError):
    """Another live process kept the lake's write lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class Holder:
    """What a lock's holder wrote into the lock file."""

    pid: int | None = None
    host: str | None = None
    run_id: str | None = None
    since: str | None = None
    servers: tuple[int, ...] = ()  # temporary Prefect API servers the holder started
    error: str | None = None  # why the run failed, when it could not say so in the database
    extra: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        if self.pid is None:
            return "another process"
        where = "" if self.host in (None, socket.gethostname()) else f" on {self.host}"
        run = f" (run {self.run_id})" if self.run_id else ""
        since = f" since {self.since}" if self.since else ""
        return f"pid {self.pid}{where}{run}{since}"

    @property
    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read(fd: int) -> Holder | None:
    for _attempt in range(3):  # the holder may be rewriting it this instant
        with suppress(OSError, ValueError, TypeError):
            data = json.loads(os.pread(fd, 65536, 0) or b"null")
            if isinstance(data, dict):
                data["servers"] = tuple(data.get("servers") or ())
                return Holder(**data)
        time.sleep(0.02)
    return None


def _write(fd: int, holder: Holder) -> None:
    data = json.dumps(asdict(holder)).encode()
    os.pwrite(fd, data.ljust(os.fstat(fd).st_size), 0)  # never empty while rewritten: padded
    os.ftruncate(fd, len(data))


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@contextmanager
def write_lock(
    lake: Path,
    *,
    timeout: float,
    run_id: str | None = None,
    servers: Sequence[int] = (),
    on_wait: Callable[[Holder | None, float], None] | None = None,
    wait_report_every: float = 30.0,
) -> Iterator[Holder | None]:
    """Hold the lake's write lock, waiting up to `timeout` s for a live holder; yields what the
    previous holder recorded (None for a fresh lake), so its leftovers can be cleaned up.

    `on_wait(holder, waited)` is called every `wait_report_every` s of waiting (the first time
    after at most 5 s), so a wait is never silent and a short one is not alarming.
    """
    lake.mkdir(parents=True, exist_ok=True)
    fd = os.open(lake / WRITE_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        started = time.monotonic()
        next_report = started + min(5.0, wait_report_every)
        delay = 0.05
        while not _try_flock(fd):
            waited = time.monotonic() - started
            if waited >= timeout:
                holder = _read(fd)
                raise LakeLockTimeout(
                    f"the lake {lake} is being written by "
                    f"{holder.describe() if holder else 'another process'}; "
                    f"gave up after {timeout:.0f} s (NEWSLAKE_WRITE_TIMEOUT)"
                )
            if on_wait is not None and time.monotonic() >= next_report:
                on_wait(_read(fd), waited)
                next_report += wait_report_every
            time.sleep(min(delay, max(timeout - waited, 0.01)))
            delay = min(delay * 2, 1.0)
        previous = _read(fd)
        _write(
            fd,
            Holder(
                pid=os.getpid(),
                host=socket.gethostname(),
                run_id=run_id,
                since=_now(),
                servers=tuple(servers),
            ),
        )
        yield previous
    finally:
        os.close(fd)  # releases the flock


class RunLock:
    """Held by a run for its whole life (lake/.runs/<run id>.lock): while it is held the run is
    alive; once its process is gone, any other process can tell."""

    def __init__(self, lake: Path, run_id: str) -> None:
        self.path = run_lock_path(lake, run_id)
        self.run_id = run_id
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_flock(fd):  # the same run id alive elsewhere: a second attempt of one run
            os.close(fd)
            raise LakeLockTimeout(f"run {self.run_id} is already running ({self.path})")
        self._fd = fd
        _write(
            fd, Holder(pid=os.getpid(), host=socket.gethostname(), run_id=self.run_id, since=_now())
        )
        return self

    def record_error(self, error: str) -> None:
        """Keep why the run failed where the next run finds it, when the lake could not take it."""
        if self._fd is None:
            return
        with suppress(OSError):
            holder = _read(self._fd) or Holder()
            _write(
                self._fd, Holder(**{**asdict(holder), "servers": holder.servers, "error": error})
            )

    def close(self, *, forget: bool) -> None:
        """Release the lock; `forget` removes the file (the run closed itself in the lake)."""
        if self._fd is None:
            return
        if forget:
            with suppress(OSError):
                self.path.unlink()
        os.close(self._fd)
        self._fd = None

    def __exit__(self, *exc: object) -> None:
        self.close(forget=False)


def run_lock_path(lake: Path, run_id: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)
    return lake / RUNS_DIR / f"{safe}.lock"


def dead_run(lake: Path, run_id: str) -> Holder | None:
    """What is known of a run whose process is gone (its record, possibly empty); None while
    a process still holds the run's lock."""
    path = run_lock_path(lake, run_id)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return Holder(run_id=run_id)  # no lock file: a run from before locks, or its file is gone
    try:
        if not _try_flock(fd):
            return None
        return _read(fd) or Holder(run_id=run_id)
    finally:
        os.close(fd)


def forget_run(lake: Path, run_id: str) -> None:
    with suppress(OSError):
        run_lock_path(lake, run_id).unlink()


def alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
