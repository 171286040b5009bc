"""newslake/sources/crawler.py against a real HTTP server on 127.0.0.1: what is stored, rejected and requested."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newslake import rawzone
from newslake.sources.config import Source
from newslake.sources.crawler import (
    FetchReport,
    FetchSettings,
    Validators,
    fetch_sources,
)
from tests.support.http_server import (
    BIG5_TEXT,
    ETAG,
    GBK_TEXT,
    LAST_MODIFIED,
    LocalHTTPServer,
    Reply,
    article,
    listing_of,
    news_site_routes,
)

UA = "newslake-test/1.0"
FAST = FetchSettings(
    user_agent=UA,
    connect_timeout=1.0,
    read_timeout=0.3,
    page_timeout=5.0,
    max_retries=2,
    backoff_base=0.02,
    backoff_max=0.1,
    retry_after_max=2.0,
    per_host_delay=0.0,
    per_host_concurrency=4,
    global_concurrency=8,
    max_bytes=10_000,
    max_redirects=3,
    allow_private=True,  # the test site is on 127.0.0.1
)


@pytest.fixture
def site() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer(news_site_routes()) as server:
        yield server


def fetch(
    site: LocalHTTPServer,
    lake: Path,
    *paths: str,
    known: dict[str, Validators] | None = None,
    settings: FetchSettings = FAST,
) -> FetchReport:
    urls = tuple(p if "://" in p else site.url(p) for p in paths)
    sources = [Source(name="test", urls=urls, list_url=None, link_pattern=None)]
    return fetch_sources(sources, known=known or {}, lake=lake, settings=settings)


def reasons(report: FetchReport) -> dict[str, str]:
    return {r.location: r.reason for r in report.rejects}


def journal(lake: Path) -> list[str]:
    return [ref.location for ref, _ in rawzone.read_journal(lake)[0]]


def known_after(report: FetchReport) -> dict[str, Validators]:
    """What the flow keeps between runs: the validators of every page fetched."""
    return dict(report.validators)


# --- encodings: bytes stored as served, with the HTTP charset only ----------------------------


def test_gbk_page_without_header_charset_is_stored_byte_for_byte(site, tmp_path):
    report = fetch(site, tmp_path, "/gbk.html")
    [(name, ref)] = report.stored
    body = rawzone.read_bytes(tmp_path, ref.sha256)
    assert name == "test"
    assert ref.location == site.url("/gbk.html")
    assert ref.declared_charset is None
    assert ref.content_type == "text/html"
    assert GBK_TEXT.encode("gbk") in body
    [(_, headers)] = rawzone.read_journal(tmp_path)[0]
    assert headers["content-type"] == "text/html"


def test_big5_page_passes_the_header_charset_on(site, tmp_path):
    [(_, ref)] = fetch(site, tmp_path, "/big5.html").stored
    assert ref.declared_charset == "big5"
    assert BIG5_TEXT.encode("big5") in rawzone.read_bytes(tmp_path, ref.sha256)


def test_user_agent_is_sent(site, tmp_path):
    fetch(site, tmp_path, "/plain.html")
    assert {s.headers["user-agent"] for s in site.seen()} == {UA}


# --- retries -----------------------------------------------------------------------------------


def test_500_then_200_is_retried_once_and_stored(site, tmp_path):
    report = fetch(site, tmp_path, "/flaky.html")
    assert [ref.location for _, ref in report.stored] == [site.url("/flaky.html")]
    assert site.count("/flaky.html") == 2
    assert report.rejects == []


def test_5xx_every_time_is_rejected_after_all_attempts(site, tmp_path):
    report = fetch(site, tmp_path, "/broken.html")
    assert reasons(report) == {site.url("/broken.html"): "HTTP 503 after 3 attempts"}
    assert site.count("/broken.html") == 3


def test_429_waits_for_retry_after_seconds(site, tmp_path):
    report = fetch(site, tmp_path, "/busy.html")
    first, second = site.seen("/busy.html")
    assert len(report.stored) == 1
    assert second.at - first.at >= 0.95


def test_retry_after_is_capped(site, tmp_path):
    site.routes["/busy.html"] = lambda seen: (
        Reply(429, headers={"Retry-After": "3600"}) if seen.nth == 1 else Reply(200, article(1))
    )
    report = fetch(site, tmp_path, "/busy.html", settings=replace(FAST, retry_after_max=0.2))
    first, second = site.seen("/busy.html")
    assert len(report.stored) == 1
    assert 0.15 <= second.at - first.at < 2


def test_slow_response_times_out_after_every_attempt(site, tmp_path):
    report = fetch(site, tmp_path, "/slow.html")
    assert reasons(report) == {site.url("/slow.html"): "timeout after 3 attempts"}
    assert site.count("/slow.html") == 3
    assert report.stored == []


def test_404_is_rejected_without_retry(site, tmp_path):
    report = fetch(site, tmp_path, "/missing.html")
    assert reasons(report) == {site.url("/missing.html"): "HTTP 404"}
    assert site.count("/missing.html") == 1
    assert [r.stage for r in report.rejects] == ["fetch"]


def _gone_url() -> str:
    with LocalHTTPServer() as gone:
        return gone.url("/page.html")  # nothing listens there once the server has stopped


def test_connection_refused_is_retried_then_rejected(tmp_path):
    url = _gone_url()
    settings = replace(FAST, respect_robots=False)
    report = fetch_sources(
        [Source("x", (url,), None, None)], known={}, lake=tmp_path, settings=settings
    )
    assert reasons(report) == {url: "connection error (ConnectError) after 3 attempts"}
    assert report.requests == 3


def test_unreachable_robots_txt_keeps_us_off_the_host(tmp_path):
    url = _gone_url()
    urls = (url, url.replace("/page.html", "/other.html"))
    report = fetch_sources([Source("x", urls, None, None)], known={}, lake=tmp_path, settings=FAST)
    assert set(reasons(report).values()) == {
        "robots.txt unreachable (connection error (ConnectError) after 3 attempts)"
    }
    assert report.requests == 3  # robots.txt tried once per run, the pages never


# --- limits ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/huge.html", "/huge-stream.html"])
def test_oversize_body_is_rejected_and_nothing_stored(site, tmp_path, path):
    report = fetch(site, tmp_path, path)
    assert reasons(report) == {site.url(path): "too large: > 10000 bytes"}
    assert report.stored == []
    assert journal(tmp_path) == []
    assert site.count(path) == 1


def test_image_is_rejected_by_content_type(site, tmp_path):
    report = fetch(site, tmp_path, "/logo.png")
    assert reasons(report) == {site.url("/logo.png"): "content-type image/png not allowed"}
    assert journal(tmp_path) == []


def test_redirect_loop_stops_at_the_limit(site, tmp_path):
    report = fetch(site, tmp_path, "/loop/a")
    assert reasons(report) == {site.url("/loop/a"): "too many redirects"}
    assert site.count("/loop/a") + site.count("/loop/b") == FAST.max_redirects + 1


def test_redirect_is_followed_and_stored_under_the_requested_url(site, tmp_path):
    [(_, ref)] = fetch(site, tmp_path, "/moved.html").stored
    assert ref.location == site.url("/moved.html")
    assert ref.final_url == site.url("/n/4.html")  # where it ended is recorded
    [(journaled, _)] = rawzone.read_journal(tmp_path)[0]
    assert journaled.final_url == site.url("/n/4.html")
    assert rawzone.read_bytes(tmp_path, ref.sha256) == article(4)


def test_only_http_and_https(site, tmp_path):
    report = fetch(site, tmp_path, "ftp://127.0.0.1/file.html", "/to-ftp.html")
    assert reasons(report) == {
        "ftp://127.0.0.1/file.html": "unsupported scheme ftp",
        site.url("/to-ftp.html"): "unsupported scheme ftp",
    }


# --- robots.txt --------------------------------------------------------------------------------


def test_robots_txt_disallowed_path_is_never_requested(site, tmp_path):
    report = fetch(site, tmp_path, "/private/secret.html", "/plain.html", "/n/1.html")
    assert reasons(report) == {site.url("/private/secret.html"): "disallowed by robots.txt"}
    assert site.count("/private/secret.html") == 0
    assert site.count("/robots.txt") == 1
    assert len(report.stored) == 2


def test_robots_txt_can_be_ignored_when_told(site, tmp_path):
    settings = replace(FAST, respect_robots=False)
    report = fetch(site, tmp_path, "/private/secret.html", settings=settings)
    assert len(report.stored) == 1
    assert site.count("/robots.txt") == 0


def test_robots_txt_for_our_agent_and_crawl_delay(site, tmp_path):
    rules = f"User-agent: *\nDisallow: /\n\nUser-agent: {UA.split('/')[0]}\nDisallow: /n/\n"
    site.routes["/robots.txt"] = Reply(200, (rules + "Crawl-delay: 1\n").encode())
    report = fetch(site, tmp_path, "/n/1.html", "/plain.html", "/gbk.html")
    assert reasons(report) == {site.url("/n/1.html"): "disallowed by robots.txt"}
    first, second = (s.at for s in site.seen() if s.path != "/robots.txt")
    assert second - first >= 0.95


def test_missing_robots_txt_allows_everything(site, tmp_path):
    del site.routes["/robots.txt"]
    report = fetch(site, tmp_path, "/private/secret.html")
    assert len(report.stored) == 1


# --- politeness --------------------------------------------------------------------------------


def test_minimum_delay_between_requests_to_one_host(site, tmp_path):
    paths = ["/plain.html", "/gbk.html", "/big5.html", *(f"/n/{n}.html" for n in range(1, 5))]
    fetch(site, tmp_path, *paths, settings=replace(FAST, per_host_delay=0.1))
    starts = sorted(s.at for s in site.seen())
    assert len(starts) == len(paths) + 1  # + robots.txt
    gaps = sorted(b - a for a, b in itertools.pairwise(starts))
    # Arrival times at the server jitter by a few ms around the client's 0.1 s spacing.
    assert gaps[0] >= 0.075 and gaps[len(gaps) // 2] >= 0.095, gaps


def _most_at_once(servers: list[LocalHTTPServer]) -> int:
    events = []
    for server in servers:
        for s in server.seen():
            events += [(s.at, 1), (s.done_at, -1)]
    busy = most = 0
    for _, step in sorted(events, key=lambda e: (e[0], e[1])):
        busy += step
        most = max(most, busy)
    return most


def _slow_pages(server: LocalHTTPServer, n: int) -> list[str]:
    for i in range(n):
        server.routes[f"/s/{i}.html"] = Reply(200, article(i), delay=0.1)
    return [server.url(f"/s/{i}.html") for i in range(n)]


def test_per_host_concurrency_is_bounded(site, tmp_path):
    urls = _slow_pages(site, 6)
    settings = replace(FAST, per_host_concurrency=2, respect_robots=False)
    report = fetch_sources(
        [Source("x", tuple(urls), None, None)], known={}, lake=tmp_path, settings=settings
    )
    assert len(report.stored) == 6
    assert _most_at_once([site]) == 2


def test_global_concurrency_is_bounded_across_hosts(tmp_path):
    with LocalHTTPServer() as one, LocalHTTPServer() as two:
        urls = _slow_pages(one, 3) + _slow_pages(two, 3)
        settings = replace(FAST, per_host_concurrency=3, global_concurrency=2, respect_robots=False)
        sources = [Source("x", tuple(urls), None, None)]
        report = fetch_sources(sources, known={}, lake=tmp_path, settings=settings)
        assert len(report.stored) == 6
        assert _most_at_once([one, two]) == 2


# --- incremental -------------------------------------------------------------------------------


def test_etag_is_sent_back_and_304_is_unchanged(site, tmp_path):
    first = fetch(site, tmp_path, "/etag.html")
    url = site.url("/etag.html")
    assert first.validators[url].etag == ETAG
    second = fetch(site, tmp_path, "/etag.html", known=known_after(first))
    assert site.seen("/etag.html")[-1].headers["if-none-match"] == ETAG
    assert second.unchanged == [url]
    assert second.stored == []
    assert second.validators[url] == first.validators[url]
    assert journal(tmp_path) == [url]


def test_last_modified_is_sent_back_and_304_is_unchanged(site, tmp_path):
    first = fetch(site, tmp_path, "/lastmod.html")
    second = fetch(site, tmp_path, "/lastmod.html", known=known_after(first))
    assert site.seen("/lastmod.html")[-1].headers["if-modified-since"] == LAST_MODIFIED
    assert second.unchanged == [site.url("/lastmod.html")]
    assert second.stored == []


def test_same_body_without_validators_is_unchanged(site, tmp_path):
    first = fetch(site, tmp_path, "/plain.html")
    second = fetch(site, tmp_path, "/plain.html", known=known_after(first))
    assert "if-none-match" not in site.seen("/plain.html")[-1].headers
    assert second.unchanged == [site.url("/plain.html")]
    assert second.stored == []
    assert len(journal(tmp_path)) == 1


def test_changed_body_is_stored_again(site, tmp_path):
    first = fetch(site, tmp_path, "/plain.html")
    site.routes["/plain.html"] = Reply(200, article(99), {"Content-Type": "text/html"})
    second = fetch(site, tmp_path, "/plain.html", known=known_after(first))
    assert len(second.stored) == 1
    assert (
        second.validators[site.url("/plain.html")].sha256 == hashlib.sha256(article(99)).hexdigest()
    )


def _listing_source(site: LocalHTTPServer) -> Source:
    return Source("list", (), site.url("/list.html"), r"/n/\d+\.html$")


def test_listing_fetches_only_links_not_yet_known(site, tmp_path):
    known = {site.url("/n/1.html"): Validators(sha256="0" * 64)}
    report = fetch_sources([_listing_source(site)], known=known, lake=tmp_path, settings=FAST)
    stored = sorted(ref.location for _, ref in report.stored)
    assert stored == [site.url("/n/2.html"), site.url("/n/3.html")]
    assert all(name == "list" for name, _ in report.stored)
    assert site.count("/n/1.html") == 0
    assert site.count("/n/2.html") == 1  # linked twice, fetched once
    assert site.count("/about.html") == 0
    assert report.listings == 1
    assert report.discovered == 2
    assert site.url("/list.html") not in journal(tmp_path)


def test_listing_shared_by_two_sources_is_fetched_once(site, tmp_path):
    list_url = site.url("/list.html")
    sources = [Source("one", (), list_url, r"/n/1\.html$"), Source("two", (), list_url, r"/n/3")]
    report = fetch_sources(sources, known={}, lake=tmp_path, settings=FAST)
    assert site.count("/list.html") == 1
    assert sorted((name, ref.location) for name, ref in report.stored) == [
        ("one", site.url("/n/1.html")),
        ("two", site.url("/n/3.html")),
    ]


def test_failed_listing_is_a_reject(site, tmp_path):
    source = Source("gone", (), site.url("/missing.html"), r"/n/")
    report = fetch_sources([source], known={}, lake=tmp_path, settings=FAST)
    assert reasons(report) == {site.url("/missing.html"): "HTTP 404"}
    assert report.listings == 0


def test_explicit_url_also_on_a_listing_is_fetched_once(site, tmp_path):
    sources = [_listing_source(site), Source("explicit", (site.url("/n/3.html"),), None, None)]
    report = fetch_sources(sources, known={}, lake=tmp_path, settings=FAST)
    assert site.count("/n/3.html") == 1
    assert len(report.stored) == 3


def test_second_run_sends_conditional_requests_and_stores_nothing(site, tmp_path):
    paths = ("/gbk.html", "/big5.html", "/etag.html", "/lastmod.html", "/plain.html")
    sources = [
        Source("pages", tuple(site.url(p) for p in paths), None, None),
        _listing_source(site),
    ]
    first = fetch_sources(sources, known={}, lake=tmp_path, settings=FAST)
    assert len(first.stored) == 8  # five pages and three articles from the listing
    assert first.rejects == []
    lines = journal(tmp_path)

    cut = len(site.seen())
    second = fetch_sources(sources, known=known_after(first), lake=tmp_path, settings=FAST)
    again = site.seen()[cut:]
    assert second.stored == []
    assert second.rejects == []
    assert sorted(second.unchanged) == sorted(site.url(p) for p in paths)
    assert journal(tmp_path) == lines
    assert {s.path for s in again} == {*paths, "/list.html", "/robots.txt"}
    for s in again:
        if s.path in ("/etag.html", "/list.html"):
            assert "if-none-match" in s.headers
        if s.path == "/lastmod.html":
            assert "if-modified-since" in s.headers
    assert [s.path for s in again].count("/list.html") == 1


def test_pages_a_dead_run_stored_are_not_fetched_again(site, tmp_path):
    """The flow knows such pages only by URL (validators never saved): the journal supplies them."""
    paths = ("/etag.html", "/plain.html")
    first = fetch(site, tmp_path, *paths)
    assert len(first.stored) == 2
    cut = len(site.seen())
    orphans = {site.url(p): Validators() for p in paths}
    second = fetch(site, tmp_path, *paths, "/n/1.html", known=orphans)
    assert [s.path for s in site.seen()[cut:]] == ["/robots.txt", "/n/1.html"]
    assert sorted(second.recovered) == sorted(orphans)
    assert second.validators[site.url("/etag.html")] == first.validators[site.url("/etag.html")]
    assert second.validators[site.url("/plain.html")] == first.validators[site.url("/plain.html")]
    assert [ref.location for _name, ref in second.stored] == [site.url("/n/1.html")]
    # Next time they are asked for like any known page: conditionally where the site allows it.
    fetch(site, tmp_path, *paths, known=known_after(second))
    assert site.seen("/etag.html")[-1].headers["if-none-match"] == ETAG


def test_every_article_url_is_attributed_to_its_source_fetched_or_not(site, tmp_path):
    sources = [
        Source("pages", (site.url("/plain.html"), site.url("/n/3.html")), None, None),
        _listing_source(site),
    ]
    known = {site.url("/n/1.html"): Validators(sha256="0" * 64)}
    report = fetch_sources(sources, known=known, lake=tmp_path, settings=FAST)
    assert report.source_of == {
        site.url("/plain.html"): "pages",
        site.url("/n/3.html"): "pages",  # explicit wins over the listing that also links it
        site.url("/n/1.html"): "list",  # known, so not fetched, but still the listing's
        site.url("/n/2.html"): "list",
    }
    assert site.count("/n/1.html") == 0


def test_an_orphan_missing_from_the_journal_is_fetched(site, tmp_path):
    report = fetch(site, tmp_path, "/plain.html", known={site.url("/plain.html"): Validators()})
    assert report.recovered == []
    assert len(report.stored) == 1


def test_pages_are_in_the_raw_zone_before_the_run_ends(site, tmp_path):
    class Crash(Exception):
        pass

    def crash_after_first(done: int, total: int) -> None:
        if done == 1:
            raise Crash

    source = Source("x", (site.url("/plain.html"),), None, None)
    with pytest.raises(Crash):
        fetch_sources([source], known={}, lake=tmp_path, settings=FAST, progress=crash_after_first)
    assert journal(tmp_path) == [site.url("/plain.html")]


# --- running and reporting ---------------------------------------------------------------------


def test_progress_and_log_lines(site, tmp_path, caplog):
    calls: list[tuple[int, int]] = []
    source = Source("x", tuple(site.url(f"/n/{n}.html") for n in range(1, 5)), None, None)
    settings = replace(FAST, log_every=2)
    with caplog.at_level(logging.INFO, logger="newslake.fetch"):
        report = fetch_sources(
            [source],
            known={},
            lake=tmp_path,
            settings=settings,
            progress=lambda d, t: calls.append((d, t)),
        )
    assert calls == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert sum("fetched" in r.getMessage() for r in caplog.records) == 2
    assert report.requests == 5


def test_callable_from_inside_a_running_event_loop(site, tmp_path):
    async def inside() -> FetchReport:
        return fetch(site, tmp_path, "/plain.html")

    assert len(asyncio.run(inside()).stored) == 1


def test_fetch_sources_reads_its_settings_from_the_environment(site, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSLAKE_FETCH_USER_AGENT", "from-env/1.0")
    monkeypatch.setenv("NEWSLAKE_FETCH_PER_HOST_DELAY", "0")
    monkeypatch.setenv("NEWSLAKE_FETCH_ALLOW_PRIVATE", "true")
    source = Source("x", (site.url("/plain.html"),), None, None)
    assert len(fetch_sources([source], known={}, lake=tmp_path).stored) == 1
    assert {s.headers["user-agent"] for s in site.seen()} == {"from-env/1.0"}


# --- hostile listings: other hosts, loopback and private addresses --------------------------------


def _hostile_routes(other: LocalHTTPServer, port: int) -> dict:
    """A listing whose article-like links lead to another server and to localhost."""
    utf8 = {"Content-Type": "text/html; charset=utf-8"}
    links = ["/a/1.html", other.url("/a/2.html"), f"http://localhost:{port}/a/3.html", "/a/4.html"]
    return {
        "/robots.txt": Reply(404),
        "/list.html": Reply(200, listing_of(links), utf8),
        "/a/1.html": Reply(200, article(1), utf8),
        "/a/3.html": Reply(200, article(3), utf8),
        "/a/4.html": Reply(302, headers={"Location": other.url("/a/5.html")}),  # off-host hop
    }


@pytest.fixture
def two_sites() -> Iterator[tuple[LocalHTTPServer, LocalHTTPServer]]:
    utf8 = {"Content-Type": "text/html; charset=utf-8"}
    other_routes = {
        "/robots.txt": Reply(404),
        "/a/2.html": Reply(200, article(2), utf8),
        "/a/5.html": Reply(200, article(5), utf8),
    }
    with LocalHTTPServer(other_routes) as other, LocalHTTPServer() as listing:
        port = int(listing.base_url.rsplit(":", 1)[1])
        listing.routes.update(_hostile_routes(other, port))
        yield listing, other


def test_listing_links_are_followed_to_the_listings_own_host_only(two_sites, tmp_path):
    listing, other = two_sites
    source = Source("list", (), listing.url("/list.html"), r"/a/\d+\.html$")
    report = fetch_sources([source], known={}, lake=tmp_path, settings=FAST)
    assert [ref.location for _, ref in report.stored] == [listing.url("/a/1.html")]
    assert other.count() == 0  # neither its link nor the redirect to it was followed
    assert listing.count("/a/3.html") == 0  # localhost:<port> is another host name
    assert reasons(report) == {
        listing.url("/a/4.html"): f"redirect to {other.base_url[7:]}, not the listing's host "
        "or allowed_hosts"
    }


def test_allowed_hosts_lets_a_listing_lead_to_more_hosts(two_sites, tmp_path):
    listing, other = two_sites
    allowed = (other.base_url.removeprefix("http://"),)
    source = Source("list", (), listing.url("/list.html"), r"/a/\d+\.html$", allowed)
    report = fetch_sources([source], known={}, lake=tmp_path, settings=FAST)
    assert sorted(ref.location for _, ref in report.stored) == sorted(
        [listing.url("/a/1.html"), other.url("/a/2.html"), listing.url("/a/4.html")]
    )
    assert other.count("/a/5.html") == 1  # the redirect to an allowed host is followed


def test_loopback_and_private_addresses_are_refused_unless_allowed(site, tmp_path):
    strict = replace(FAST, allow_private=False)
    urls = (site.url("/plain.html"), site.url("/moved.html").replace("127.0.0.1", "localhost"))
    report = fetch_sources(
        [Source("x", urls, None, None)], known={}, lake=tmp_path, settings=strict
    )
    assert site.count() == 0  # not even robots.txt
    assert reasons(report) == {
        urls[0]: "refused: 127.0.0.1 is a loopback address 127.0.0.1 "
        "(NEWSLAKE_FETCH_ALLOW_PRIVATE=true allows it)",
        urls[1]: "refused: localhost is a loopback address 127.0.0.1 "
        "(NEWSLAKE_FETCH_ALLOW_PRIVATE=true allows it)",
    }
    listing = Source("list", (), site.url("/list.html"), r"/n/")
    report = fetch_sources([listing], known={}, lake=tmp_path, settings=strict)
    assert [r.reason.split(" (")[0] for r in report.rejects] == [
        "refused: 127.0.0.1 is a loopback address 127.0.0.1"
    ]


def test_the_connection_itself_refuses_private_addresses(site):
    """Checked again when connecting, so a name that resolves elsewhere later is still refused."""
    import httpx

    from newslake.sources.crawler import RefusedAddress, _PublicTransport

    async def get() -> None:
        async with httpx.AsyncClient(transport=_PublicTransport(httpx.Limits())) as client:
            await client.get(site.url("/plain.html"))

    with pytest.raises(RefusedAddress, match="loopback"):
        asyncio.run(get())
    assert site.count() == 0
