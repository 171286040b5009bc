"""Runs that die, with real processes: SIGKILL, a lake lock that stays taken, a full disk.

Every `newslake run` here is a process of its own with its own PREFECT_HOME and no PREFECT_API_URL,
so it starts a temporary Prefect API on that home's database, as an operator's runs do.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from newslake import lakelock, rawzone
from newslake.settings import SAMPLES_DIR
from newslake.store.connection import LakeBusyError
from tests.conftest import Lake
from tests.support.holders import first_line, holding
from tests.support.http_server import LocalHTTPServer, Reply, article

pytestmark = pytest.mark.slow

NEWSLAKE = str(Path(sys.executable).with_name("newslake"))


def _pages(folder: Path, copies: int) -> Path:
    """Distinct pages made from three samples."""
    folder.mkdir(parents=True)
    for i in range(copies):
        for sample in sorted(SAMPLES_DIR.glob("0[1-3]_*.html")):
            text = sample.read_text(encoding="utf-8")
            text = text.replace("</body>", f"<p>第{i}号附注:本页为第{i}份转载测试页面。</p></body>")
            (folder / f"{i:03d}_{sample.name}").write_text(text, encoding="utf-8")
    return folder


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", **extra)
    return env


def _run_args(lake: Lake, *args: str) -> list[str]:
    return [NEWSLAKE, "run", *args, "--db", str(lake.db), "--lake", str(lake.lake)]


def _count(db: Path, sql: str) -> int:
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
    except duckdb.Error:  # not there yet, or the run holds the file this instant
        return -1


def _wait_for(what: str, check: object, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] != "Z"


@pytest.mark.parametrize("kill", ["process-group", "main-process"])
def test_a_run_killed_while_writing_does_not_hang_the_next_one(tmp_path: Path, kill: str) -> None:
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    pages = _pages(tmp_path / "pages", 20)  # 60 pages in 30 batches
    env = _env(tmp_path / "prefect-home")
    args = _run_args(lake, str(pages), "--batch-size", "2", "--runner", "inline")
    first = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        # Loading has begun: the run holds the lake's write lock and its Prefect slot.
        _wait_for(
            "a few batches loaded", lambda: _count(lake.work, "select count(*) from documents") >= 4
        )
        holder = json.loads((lake.lake / lakelock.WRITE_LOCK).read_text())
        assert holder["pid"] == first.pid and holder["servers"]
        if kill == "process-group":
            os.killpg(first.pid, signal.SIGKILL)  # the OOM killer's or a reboot's way
        else:
            os.kill(first.pid, signal.SIGKILL)  # kill -9 <pid>: its temporary API lives on
    finally:
        first.kill()
        first.wait(timeout=60)
    [server] = holder["servers"]
    assert _alive(server) == (kill == "main-process")

    started = time.monotonic()
    second = subprocess.run(args, env=env, capture_output=True, text=True, timeout=280)
    seconds = time.monotonic() - started
    assert second.returncode == 0, second.stderr[-3000:]
    assert seconds < 200, f"the rerun took {seconds:.0f} s"
    assert "freed the lake's write slot" in second.stdout + second.stderr
    assert not _alive(server)  # a leftover temporary API server was stopped
    assert lake.query("select count(*) from v_documents")[0][0] == 60
    runs = lake.query("select status, error from v_runs order by started_at")
    assert [status for status, _ in runs] == ["crashed", "completed"]
    assert f"pid {first.pid}" in runs[0][1] and "ended without closing the run" in runs[0][1]
    crashed = lake.query("select documents, finished_at > started_at from v_runs limit 1")
    assert crashed[0][0] >= 4 and crashed[0][1]  # what is known of it: its rows, its last sign


@pytest.mark.usefixtures("prefect_api")
def test_a_run_waits_for_a_live_writer_then_names_it(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom newslake import lakelock\n"
            "with lakelock.write_lock(Path(sys.argv[1]), timeout=5, run_id='backfill'):\n"
            "    print('held', flush=True); time.sleep(600)\n",
            str(lake.lake),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setenv("NEWSLAKE_WRITE_TIMEOUT", "3")
        started = time.monotonic()
        with pytest.raises(
            lakelock.LakeLockTimeout, match=rf"being written by pid {holder.pid} \(run backfill\)"
        ):
            lake.ingest([SAMPLES_DIR / "01_cq_gdp_2023.html"])
        assert 3 <= time.monotonic() - started < 60
    finally:
        holder.kill()
        holder.wait(timeout=30)
    monkeypatch.delenv("NEWSLAKE_WRITE_TIMEOUT")
    assert lake.ingest([SAMPLES_DIR / "01_cq_gdp_2023.html"])["documents"] == 1


HOLD_DB_WHEN_RUNNING = """
import sys, time, duckdb
db = sys.argv[1]
while True:  # wait until the run has recorded itself, then take the file from it
    try:
        with duckdb.connect(db, read_only=True) as con:
            if con.execute("select count(*) from runs").fetchone()[0]:
                break
    except duckdb.Error:
        pass
    time.sleep(0.05)
while True:
    try:
        con = duckdb.connect(db)
        break
    except duckdb.Error:
        time.sleep(0.02)
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.mark.usefixtures("prefect_api")
def test_a_run_that_cannot_record_its_end_is_marked_crashed_by_the_next(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = _pages(tmp_path / "pages", 10)
    monkeypatch.setenv("NEWSLAKE_LOCK_TIMEOUT", "2")
    with holding(HOLD_DB_WHEN_RUNNING, str(lake.work)) as holder:
        with pytest.raises(LakeBusyError, match=f"PID {holder.pid}|process {holder.pid}"):
            lake.ingest([pages], batch_size=2)
        assert first_line(holder) == "locked"
    # The failure could not be written: the lake still shows the run running.
    [(run_id, status)] = lake.query("select run_id, status from v_runs", work=True)
    assert status == "running"

    monkeypatch.setenv("NEWSLAKE_LOCK_TIMEOUT", "60")
    assert lake.ingest([pages], batch_size=2)["documents"] == 30
    runs = dict(lake.query("select run_id, status from v_runs"))
    assert runs.pop(run_id) == "crashed" and list(runs.values()) == ["completed"]
    [(error,)] = lake.query("select error from v_runs where run_id = ?", [run_id])
    assert "ended without closing the run" in error and "LakeBusyError" in error


PAGES_FETCHED = 8
RELEASE = threading.Event()  # the slow site answers page 3 only once the test says so


@pytest.fixture
def slow_site() -> Iterator[LocalHTTPServer]:
    utf8 = {"Content-Type": "text/html; charset=utf-8"}

    def held(seen: object) -> Reply:
        RELEASE.wait(timeout=240)
        return Reply(200, article(103), utf8)

    routes: dict = {"/robots.txt": Reply(404)}
    for n in range(1, PAGES_FETCHED + 1):
        routes[f"/s/{n}.html"] = held if n == 3 else Reply(200, article(100 + n), utf8)
    RELEASE.clear()
    with LocalHTTPServer(routes) as server:
        yield server
    RELEASE.set()


@pytest.mark.timeout(600)
def test_a_concurrent_run_neither_claims_nor_steals_a_live_runs_pages(
    tmp_path: Path, slow_site: LocalHTTPServer
) -> None:
    lake = Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    sources = tmp_path / "sources.toml"
    urls = ", ".join(f'"{slow_site.url(f"/s/{n}.html")}"' for n in range(1, PAGES_FETCHED + 1))
    sources.write_text(f'[[source]]\nname = "slow"\nurls = [{urls}]\n', encoding="utf-8")
    fetch_env = _env(
        tmp_path / "home-a",
        NEWSLAKE_FETCH_ALLOW_PRIVATE="true",
        NEWSLAKE_FETCH_PER_HOST_DELAY="0",
        NEWSLAKE_FETCH_PER_HOST_CONCURRENCY="1",  # one page after the other
        NEWSLAKE_FETCH_READ_TIMEOUT="300",
        NEWSLAKE_FETCH_PAGE_TIMEOUT="300",
    )
    fetching = subprocess.Popen(
        _run_args(lake, "--sources", str(sources)),
        env=fetch_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        journal = lake.lake / rawzone.JOURNAL_NAME
        _wait_for(
            "two pages fetched", lambda: journal.exists() and journal.read_bytes().count(b"\n") >= 2
        )
        other = subprocess.run(  # a second run, on one page, while the first still fetches
            # --verbose: the console shows the run's INFO lines, which say what it left alone
            _run_args(lake, str(SAMPLES_DIR / "01_cq_gdp_2023.html"), "--verbose"),
            env=_env(tmp_path / "home-b"),
            capture_output=True,
            text=True,
            timeout=280,
        )
        assert other.returncode == 0, other.stderr[-3000:]
        assert fetching.poll() is None  # still waiting for page 3
        RELEASE.set()
        output = fetching.communicate(timeout=280)[0]
    finally:
        fetching.kill()
        fetching.wait(timeout=60)
    assert fetching.returncode == 0, output[-3000:]
    logged = other.stdout + other.stderr
    assert "died" not in logged
    assert "registered 2 pages that run" in logged and "still running, stored" in logged
    assert "left 2 pages to run" in logged  # for it to process, and count
    # The fetching run counts every page it brought, whoever registered them.
    runs = lake.query("select run_id, pages_new, documents from v_runs order by started_at")
    fetch_run = next(run for run in runs if run[1:] == (PAGES_FETCHED, PAGES_FETCHED))
    stored_by = lake.query("select distinct run_id from pages_raw where location like 'http%'")
    assert stored_by == [(fetch_run[0],)]


def _mounted_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.usefixtures("prefect_api")
def test_a_full_disk_fails_the_run_clearly_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    # Room for the working file, the published snapshot and a snapshot being published.
    if not _mounted_tmpfs(disk, "40m"):
        pytest.skip("needs to mount a small tmpfs (root)")
    try:
        lake = Lake(db=disk / "lake" / "newslake.duckdb", lake=disk / "lake")
        pages = tmp_path / "pages"
        pages.mkdir()
        for sample in sorted(SAMPLES_DIR.glob("0[1-3]_*.html")):
            (pages / sample.name).write_bytes(sample.read_bytes())
        lake.ingest([pages])
        big = pages / "zz_big.txt"
        big.write_bytes(("成渝" * 8_000_000).encode())  # 48 MB: more than the disk holds
        with pytest.raises(OSError, match="No space left on device"):
            lake.ingest([pages])
        assert [p.name for p in (lake.lake / "raw").rglob(".*.tmp")] == []
        [(status, error)] = lake.query(
            "select status, error from v_runs order by started_at desc limit 1", work=True
        )
        assert status == "failed" and "No space left on device" in error
        big.unlink()  # the operator frees space; the next run recovers
        assert lake.ingest([pages])["pages_unchanged"] == 3
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
