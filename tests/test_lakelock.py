"""Locks of a lake directory with real processes: a holder killed with SIGKILL frees them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslake import lakelock

HOLD = """
import sys, time
from pathlib import Path
from newslake import lakelock
lake, what = Path(sys.argv[1]), sys.argv[2]
if what == "write":
    with lakelock.write_lock(lake, timeout=5, run_id="holder-run"):
        print("held", flush=True)
        time.sleep(600)
else:
    with lakelock.RunLock(lake, what):
        print("held", flush=True)
        time.sleep(600)
"""


def _holder(lake: Path, what: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(lake), what], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_a_live_writer_is_waited_for_then_named(tmp_path: Path) -> None:
    holder = _holder(tmp_path, "write")
    try:
        started = time.monotonic()
        waits: list[float] = []
        with (
            pytest.raises(lakelock.LakeLockTimeout, match=rf"pid {holder.pid} \(run holder-run\)"),
            lakelock.write_lock(
                tmp_path, timeout=1.5, on_wait=lambda h, s: waits.append(s), wait_report_every=0.5
            ),
        ):
            pass
        assert 1.5 <= time.monotonic() - started < 10
        assert waits  # the wait is reported, not silent
    finally:
        _kill(holder)


def test_a_writer_killed_with_sigkill_frees_the_lock_at_once(tmp_path: Path) -> None:
    holder = _holder(tmp_path, "write")
    _kill(holder)
    started = time.monotonic()
    with lakelock.write_lock(tmp_path, timeout=5) as previous:
        assert time.monotonic() - started < 1
        assert previous is not None and previous.pid == holder.pid  # who held it last
        assert previous.run_id == "holder-run"


def test_a_run_is_alive_while_its_process_is(tmp_path: Path) -> None:
    holder = _holder(tmp_path, "run-1")
    try:
        assert lakelock.dead_run(tmp_path, "run-1") is None
    finally:
        _kill(holder)
    dead = lakelock.dead_run(tmp_path, "run-1")
    assert dead is not None and dead.pid == holder.pid
    assert lakelock.dead_run(tmp_path, "never-seen") is not None  # no lock file: nobody alive


def test_a_run_lock_keeps_the_error_the_lake_could_not_take(tmp_path: Path) -> None:
    lock = lakelock.RunLock(tmp_path, "run-2").__enter__()
    assert lakelock.dead_run(tmp_path, "run-2") is None  # held, even from this process
    lock.record_error("OSError(28, 'No space left on device')")
    lock.close(forget=False)
    dead = lakelock.dead_run(tmp_path, "run-2")
    assert dead is not None and dead.error == "OSError(28, 'No space left on device')"
    with lakelock.RunLock(tmp_path, "run-3") as lock3:
        lock3.close(forget=True)
    assert not lakelock.run_lock_path(tmp_path, "run-3").exists()
