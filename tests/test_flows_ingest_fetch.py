"""`newslake run --sources FILE` end to end: the real CLI in a subprocess, a real HTTP site on
127.0.0.1, a real Prefect API and a real DuckDB file.

Two runs share one lake: the first ingests every good page and rejects every bad one, the second
finds nothing changed (conditional requests only) and reprocesses nothing. Two more rehearse a
crash: a run is killed in the middle of fetching, and the next one processes what the dead one
stored without asking the site for those pages again, while following the one new link that has
appeared on the listing beside the links already seen.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from newslake import rawzone
from tests.support.http_server import (
    ETAG,
    LAST_MODIFIED,
    LocalHTTPServer,
    Reply,
    Seen,
    article,
    listing_of,
    news_site_routes,
    revalidating,
)

REPO = Path(__file__).resolve().parents[1]
NEWSLAKE = [str(Path(sys.executable).with_name("newslake"))]  # the installed console script
UA = "newslake-e2e/1.0 (+test)"
DELAY = 0.1  # NEWSLAKE_FETCH_PER_HOST_DELAY below
FETCH_ENV = {
    "NEWSLAKE_FETCH_USER_AGENT": UA,
    "NEWSLAKE_FETCH_CONNECT_TIMEOUT": "2",
    "NEWSLAKE_FETCH_READ_TIMEOUT": "0.5",
    "NEWSLAKE_FETCH_PAGE_TIMEOUT": "5",
    "NEWSLAKE_FETCH_MAX_RETRIES": "2",
    "NEWSLAKE_FETCH_BACKOFF_BASE": "0.05",
    "NEWSLAKE_FETCH_BACKOFF_MAX": "0.2",
    "NEWSLAKE_FETCH_RETRY_AFTER_MAX": "2",
    "NEWSLAKE_FETCH_PER_HOST_DELAY": str(DELAY),
    "NEWSLAKE_FETCH_PER_HOST_CONCURRENCY": "2",
    "NEWSLAKE_FETCH_MAX_BYTES": "10000",
    "NEWSLAKE_FETCH_MAX_REDIRECTS": "3",
    "NEWSLAKE_FETCH_ALLOW_PRIVATE": "true",  # the test site is on 127.0.0.1
}

# Pages of the "pages" source: what each must become.
GOOD = [
    "/gbk.html",  # GBK, no charset in the header or the page
    "/big5.html",  # Big5, charset in the header only
    "/flaky.html",  # 500, then 200
    "/busy.html",  # 429 with Retry-After: 1, then 200
    "/etag.html",  # ETag only; 304 on If-None-Match
    "/lastmod.html",  # Last-Modified only; 304 on If-Modified-Since
    "/moved.html",  # 301 to /n/4.html, stored under the URL asked for
]
BAD = {
    "/missing.html": "HTTP 404",
    "/broken.html": "HTTP 503 after 3 attempts",
    "/slow.html": "timeout after 3 attempts",
    "/huge.html": "too large: > 10000 bytes",
    "/huge-stream.html": "too large: > 10000 bytes",
    "/loop/a": "too many redirects",
    "/logo.png": "content-type image/png not allowed",
    "/private/secret.html": "disallowed by robots.txt",
    "/to-ftp.html": "unsupported scheme ftp",
}
LISTED = ["/n/1.html", "/n/2.html", "/n/3.html"]  # links on the listing


# --- running the command -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_url(prefect_api: None) -> str:
    """The test session's Prefect API, handed to each `newslake run` subprocess."""
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    assert url, "prefect_test_harness did not set an API URL"
    return url


def run_env(api_url: str, home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
    env.update(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="INFO",
        NEWSLAKE_WORKERS="1",
        **FETCH_ENV,
    )
    env.update(extra)
    return env


def run_args(sources: Path, db: Path, lake: Path) -> list[str]:
    """--verbose: the run's log lines (progress, politeness) on the console for the tests."""
    return [
        *NEWSLAKE,
        "run",
        "--sources",
        str(sources),
        "--db",
        str(db),
        "--lake",
        str(lake),
        "--verbose",
    ]


@dataclass
class Run:
    """One finished `newslake run`: exit status, output, what the site saw, the lake after it."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    requests: list[Seen]
    documents: dict[str, dict] = field(default_factory=dict)  # by path
    rejects: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (stage, reason)
    runs: list[dict] = field(default_factory=list)

    def summary(self, label: str) -> int:
        """A count from the printed summary, e.g. summary("unchanged")."""
        match = re.search(rf"^\s*{re.escape(label)}\s+(\d+)\s*$", self.stdout, re.MULTILINE)
        assert match, f"{label!r} not in the summary:\n{self.stdout}"
        return int(match.group(1))

    def to(self, path: str) -> list[Seen]:
        return [s for s in self.requests if s.path == path]


def rows(db: Path, sql: str) -> list[dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def path_of(site: LocalHTTPServer, url: str) -> str:
    assert url.startswith(site.base_url), url
    return url[len(site.base_url) :]


def newslake_run(
    site: LocalHTTPServer, sources: Path, db: Path, lake: Path, env: dict[str, str]
) -> Run:
    mark = site.mark()
    started = time.monotonic()
    proc = subprocess.run(
        run_args(sources, db, lake), cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    run = Run(
        proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started, site.since(mark)
    )
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr[-4000:]}"
    for doc in rows(db, "select * from v_documents"):
        run.documents[path_of(site, doc["url"])] = doc
    for rej in rows(db, "select location, stage, reason from v_rejects"):
        run.rejects[path_of(site, rej["location"])] = (rej["stage"], rej["reason"])
    run.runs = rows(db, "select * from v_runs order by started_at")
    return run


def sources_file(path: Path, site: LocalHTTPServer, pages: list[str], listing: str) -> Path:
    urls = ",\n    ".join(f'"{site.url(p)}"' for p in pages)
    path.write_text(
        f"""# written by tests/test_fetch_run.py
[[source]]
name = "pages"
urls = [
    {urls},
]

[[source]]
name = "listing"
list_url = "{site.url(listing)}"
link_pattern = '/n/\\d+\\.html$'
""",
        encoding="utf-8",
    )
    return path


# --- a first and a second run over one lake ----------------------------------------------------


@dataclass
class Scenario:
    site: LocalHTTPServer
    first: Run
    second: Run


def e2e_routes() -> dict:
    routes = news_site_routes()
    for path in ["/gbk.html", "/big5.html", "/flaky.html", "/busy.html", *LISTED, "/n/4.html"]:
        routes[path] = revalidating(routes[path])
    routes["/list.html"] = revalidating(
        Reply(200, listing_of(LISTED), {"Content-Type": "text/html; charset=utf-8"})
    )
    return routes


@pytest.fixture(scope="module")
def scenario(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    tmp = tmp_path_factory.mktemp("fetch_run")
    db, lake = tmp / "lake" / "newslake.duckdb", tmp / "lake"
    env = run_env(api_url, tmp / "prefect-home")
    with LocalHTTPServer(e2e_routes()) as site:
        sources = sources_file(tmp / "sources.toml", site, [*GOOD, *BAD], "/list.html")
        first = newslake_run(site, sources, db, lake, env)
        second = newslake_run(site, sources, db, lake, env)
        yield Scenario(site, first, second)


def test_first_run_ingests_every_good_page_with_the_right_text(scenario: Scenario) -> None:
    docs = scenario.first.documents
    assert sorted(docs) == sorted([*GOOD, *LISTED])
    gbk, big5 = docs["/gbk.html"], docs["/big5.html"]
    assert "成渝地区双城经济圈" in gbk["text"] and "社会消费品零售总额" in gbk["text"]
    assert "重庆市地区生产总值" in gbk["text"]
    assert gbk["encoding"] == "gb18030"
    # Big5 in, Simplified Chinese out, the original script remembered.
    assert "成渝地区双城经济圈" in big5["text"] and "四川省地区生产总值" in big5["text"]
    assert big5["original_script"] == "hant"
    assert "第4篇" in docs["/moved.html"]["text"]  # the redirect target's body, under /moved.html
    assert docs["/moved.html"]["final_url"] == scenario.site.url("/n/4.html")
    assert docs["/gbk.html"]["final_url"] is None
    assert "第9篇" in docs["/flaky.html"]["text"] and "第9篇" in docs["/busy.html"]["text"]


def test_first_run_rejects_every_bad_page_with_its_reason(scenario: Scenario) -> None:
    assert scenario.first.rejects == {path: ("fetch", reason) for path, reason in BAD.items()}


def test_first_run_summary_and_v_runs_count_the_same_pages(scenario: Scenario) -> None:
    first = scenario.first
    good, bad = len(GOOD) + len(LISTED), len(BAD)
    assert first.summary("pages seen") == good + bad
    assert first.summary("new") == good
    assert first.summary("unchanged") == 0
    assert first.summary("rejected") == bad
    assert first.summary("documents processed") == good
    [run] = first.runs
    assert run["status"] == "completed"
    assert (run["pages_seen"], run["pages_new"], run["pages_rejected"]) == (good + bad, good, bad)
    assert run["documents"] == good


def test_first_run_requests_politely_and_once_each(scenario: Scenario) -> None:
    first = scenario.first
    counts: dict[str, int] = {}
    for seen in first.requests:
        counts[seen.path] = counts.get(seen.path, 0) + 1
    attempts = 3  # 1 + NEWSLAKE_FETCH_MAX_RETRIES
    assert counts == {
        "/robots.txt": 1,
        "/list.html": 1,
        **{p: 1 for p in ["/gbk.html", "/big5.html", "/etag.html", "/lastmod.html", *LISTED]},
        "/moved.html": 1,
        "/n/4.html": 1,
        "/flaky.html": 2,  # retried after the 500
        "/busy.html": 2,  # retried after the 429
        "/broken.html": attempts,
        "/slow.html": attempts,
        "/missing.html": 1,  # a 404 is not retried
        "/huge.html": 1,
        "/huge-stream.html": 1,
        "/loop/a": 2,  # a -> b -> a -> b, then the limit of 3 redirects
        "/loop/b": 2,
        "/logo.png": 1,
        "/to-ftp.html": 1,  # its ftp: redirect is never followed
    }  # /private/secret.html: never asked for, robots.txt disallows it
    assert {s.headers.get("user-agent") for s in first.requests} == {UA}
    busy = first.to("/busy.html")
    assert busy[1].at - busy[0].at >= 1.0  # Retry-After: 1
    starts = sorted(s.at for s in first.requests)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= DELAY * 0.6, f"requests to one host {min(gaps):.3f} s apart"


def test_second_run_asks_conditionally_and_reprocesses_nothing(scenario: Scenario) -> None:
    first, second = scenario.first, scenario.second
    stored = [s for s in second.requests if s.path in {*GOOD, "/n/4.html", "/list.html"}]
    assert stored, "the second run asked for nothing"
    for seen in stored:
        conditional = {"if-none-match", "if-modified-since"} & seen.headers.keys()
        assert conditional, f"{seen.path} asked for without a validator"
        if seen.path != "/moved.html":
            assert (seen.status, seen.body_bytes) == (304, 0), f"{seen.path} downloaded again"
    assert second.to("/etag.html")[0].headers["if-none-match"] == ETAG
    assert second.to("/lastmod.html")[0].headers["if-modified-since"] == LAST_MODIFIED
    # The listing is unchanged (304), so none of its articles is asked for again.
    assert not [s for s in second.requests if s.path in LISTED]
    assert second.summary("new") == 0 and second.summary("changed") == 0
    assert second.summary("unchanged") == len(GOOD)
    assert second.summary("rejected") == len(BAD)  # asked again: a 404 may be fixed some day
    assert second.summary("documents processed") == 0
    assert second.documents.keys() == first.documents.keys()
    for path, doc in second.documents.items():
        assert doc["processed_at"] == first.documents[path]["processed_at"], path
    assert second.rejects == first.rejects
    run = second.runs[-1]
    assert (run["status"], run["pages_new"], run["pages_changed"], run["documents"]) == (
        "completed",
        0,
        0,
        0,
    )
    assert run["pages_unchanged"] == len(GOOD)


def test_documents_carry_the_source_name(scenario: Scenario) -> None:
    """v_documents.source_key is the `name` of the source in the sources file (contract)."""
    keys = {path: doc["source_key"] for path, doc in scenario.first.documents.items()}
    assert keys == {**{p: "pages" for p in GOOD}, **{p: "listing" for p in LISTED}}


def test_fetch_progress_is_a_prefect_artifact(scenario: Scenario) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    flow_run_id = scenario.first.runs[0]["flow_run_id"]
    assert flow_run_id
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    progress = [a for a in artifacts if a.type == "progress" and a.key == "fetch-progress"]
    assert progress, f"no fetch progress artifact among {[(a.key, a.type) for a in artifacts]}"
    assert float(progress[-1].data) == 100.0
    log = scenario.first.stdout + scenario.first.stderr
    assert re.search(r"pages fetched: \d+ of \d+", log), "no fetch progress log line"


# --- a run that dies while fetching ------------------------------------------------------------

CRASH_PAGES = ["/n/1.html", "/n/2.html", "/etag.html", "/hang.html"]
STORED_BEFORE_CRASH = ["/etag.html", "/n/1.html", "/n/2.html", "/n/3.html"]  # /n/3: on the listing
NEW_LINK = "/n/5.html"  # appears on the listing after the crash


def _hang_once(seen: Seen) -> Reply:
    """The first request hangs (the run is killed while it waits); later ones are answered."""
    body = article(12)
    return Reply(200, body, {"Content-Type": "text/html"}, delay=60.0 if seen.nth == 1 else 0.0)


@dataclass
class Crash:
    site: LocalHTTPServer
    stored_by_dead_run: list[str]
    next_run: Run


@pytest.fixture(scope="module")
def crash(api_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crash]:
    tmp = tmp_path_factory.mktemp("fetch_crash")
    db, lake = tmp / "lake" / "newslake.duckdb", tmp / "lake"
    routes = news_site_routes()
    routes.update({p: revalidating(routes[p]) for p in ["/n/1.html", "/n/2.html", "/n/3.html"]})
    routes[NEW_LINK] = revalidating(Reply(200, article(15), {"Content-Type": "text/html"}))
    routes["/hang.html"] = revalidating(_hang_once)
    routes["/list.html"] = Reply(200, listing_of(["/n/3.html"]), {"Content-Type": "text/html"})
    with LocalHTTPServer(routes) as site:
        sources = sources_file(tmp / "sources.toml", site, CRASH_PAGES, "/list.html")
        # The doomed run waits for /hang.html much longer than the test waits for it.
        env = run_env(
            api_url,
            tmp / "prefect-home",
            NEWSLAKE_FETCH_READ_TIMEOUT="120",
            NEWSLAKE_FETCH_PAGE_TIMEOUT="120",
        )
        doomed = subprocess.Popen(
            run_args(sources, db, lake),
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wanted = {site.url(p) for p in STORED_BEFORE_CRASH}
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and doomed.poll() is None:
                stored = {ref.location for ref, _ in rawzone.read_journal(lake)[0]}
                if stored >= wanted and site.count("/hang.html"):
                    break
                time.sleep(0.1)
        finally:
            os.killpg(doomed.pid, signal.SIGKILL)  # its own session: the run and any child
            doomed.wait(timeout=10)
        dead = [path_of(site, ref.location) for ref, _ in rawzone.read_journal(lake)[0]]
        listing = listing_of(["/n/3.html", NEW_LINK])  # one link seen, one new
        site.routes["/list.html"] = Reply(200, listing, {"Content-Type": "text/html"})
        next_run = newslake_run(site, sources, db, lake, run_env(api_url, tmp / "prefect-home"))
        yield Crash(site, dead, next_run)


def test_pages_stored_by_a_dead_run_are_processed_and_not_fetched_again(crash: Crash) -> None:
    assert sorted(crash.stored_by_dead_run) == STORED_BEFORE_CRASH
    again = crash.next_run
    assert sorted(again.documents) == sorted([*CRASH_PAGES, "/n/3.html", NEW_LINK])
    assert "第12篇" in again.documents["/hang.html"]["text"]
    asked = [s.path for s in again.requests]
    for path in STORED_BEFORE_CRASH:
        assert path not in asked, f"{path} fetched again after the crash"
    # The listing: the link already seen is left alone, the new one is fetched once.
    assert sorted(asked) == sorted(["/robots.txt", "/list.html", "/hang.html", NEW_LINK])
    dead_run, next_run = again.runs
    assert dead_run["status"] == "crashed"  # closed by the next run, which found it dead
    assert next_run["status"] == "completed"
    assert next_run["documents"] == len(STORED_BEFORE_CRASH) + 2
    assert again.rejects == {}


def test_pages_stored_by_a_dead_run_keep_their_source_name(crash: Crash) -> None:
    keys = {path: doc["source_key"] for path, doc in crash.next_run.documents.items()}
    assert keys == {
        **{p: "pages" for p in CRASH_PAGES},
        **{p: "listing" for p in ["/n/3.html", NEW_LINK]},
    }
