"""Fetching: the sources' pages, over HTTP(S), into the raw zone, politely and incrementally.

Bytes and response headers go to the raw zone the moment a body arrives, before any parsing, so a
run that dies later loses nothing it fetched. Every page that cannot be had becomes a Reject with a
reason a person can read. Article pages are not decoded here (see newslake/decode.py); listing pages
are, with the same decoder, only to read their links.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
import random
import socket
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newslake import rawzone
from newslake.records import RawRef, Reject, Validators
from newslake.settings import FetchSettings, load_settings
from newslake.sources.config import Source
from newslake.sources.listing import article_links
from newslake.sources.robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsFetched
from newslake.sources.urls import (
    address_problem,
    backoff_delay,
    clean_url,
    host_key,
    media_type,
    retry_after_seconds,
    scheme_problem,
    site_of,
)

LOG = logging.getLogger("newslake.fetch")
STAGE = "fetch"
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class FetchReport:
    """What a fetch did: pages stored (by source), unchanged, rejected, and validators to keep."""

    stored: list[tuple[str, RawRef]] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    requests: int = 0
    validators: dict[str, Validators] = field(default_factory=dict)
    listings: int = 0  # listing pages read
    discovered: int = 0  # article links found on listings that were not known yet
    recovered: list[str] = field(default_factory=list)  # stored by a run that died: not refetched
    # The source name of every article URL this run named or read on a listing, fetched or not:
    # what v_documents.source_key shows, also for pages a dead run stored.
    source_of: dict[str, str] = field(default_factory=dict)


def fetch_sources(
    sources: Sequence[Source],
    *,
    known: Mapping[str, Validators],
    lake: Path,
    settings: FetchSettings | None = None,
    progress: Callable[[int, int], None] | None = None,
    run_id: str | None = None,
) -> FetchReport:
    """Fetch every source's pages into the raw zone; callable from plain synchronous code.

    `known` holds the validators kept from earlier runs. A URL known with no validators at all was
    stored by a run that died before keeping them: it is already in the raw zone (and will be
    processed from there), so it is not requested again; its validators come from the journal.
    """
    settings = settings or load_settings().fetch

    def run() -> FetchReport:
        return asyncio.run(_crawl(sources, known, Path(lake), settings, progress, run_id))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    # Called from inside an event loop: ours gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="newslake-fetch") as pool:
        return pool.submit(run).result()


def recover_validators(lake: Path, urls: set[str]) -> dict[str, Validators]:
    """Validators of `urls` from the raw-zone journal (latest entry wins), for pages a dead run stored.

    Reads the whole journal, so it is called only when such pages exist (after a crash).
    """
    found: dict[str, Validators] = {}
    if not urls:
        return found
    entries, _end = rawzone.read_journal(lake)
    for ref, headers in entries:
        if ref.location in urls:
            lower = {k.lower(): v for k, v in headers.items()}
            found[ref.location] = Validators(
                etag=lower.get("etag"), last_modified=lower.get("last-modified"), sha256=ref.sha256
            )
    return found


def _attempts_text(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


# --- outcomes of one request -------------------------------------------------------------------


@dataclass(frozen=True)
class _Page:
    body: bytes
    headers: dict[str, str]
    content_type: str | None
    charset: str | None
    final_url: str


@dataclass(frozen=True)
class _NotModified:
    headers: dict[str, str]


@dataclass(frozen=True)
class _Failed:
    reason: str
    status: int | None = None


@dataclass(frozen=True)
class _Redirect:
    location: str


@dataclass(frozen=True)
class _Retry:
    reason: str
    retry_after: float | None = None


_Outcome = _Page | _NotModified | _Failed


# --- where the crawler may connect -------------------------------------------------------------


class RefusedAddress(Exception):
    """A host that resolves to a loopback, link-local or private address (never retried)."""


def _refusal(host: str, problem: str) -> str:
    return f"refused: {host} is a {problem} (NEWSLAKE_FETCH_ALLOW_PRIVATE=true allows it)"


async def _public_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, or RefusedAddress if any of them is not public."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        problem = address_problem(address)
        if problem:
            raise RefusedAddress(_refusal(host, problem))
    return addresses


class _PublicOnly(httpcore.AsyncNetworkBackend):
    """Connects only to public addresses, checked when connecting: a host name that resolved to a
    public address for the check and to 127.0.0.1 a moment later (DNS rebinding) is still refused."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await _public_addresses(host, port)
        except OSError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        return await self.inner.connect_tcp(
            addresses[0], port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(f"refused: unix socket {path}")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _PublicTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool that connects to public addresses only."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PublicOnly(),
        )


# --- the crawler -------------------------------------------------------------------------------


class _HostGate:
    """Politeness for one host: at most N requests at once, starts at least `delay` apart."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self.slots = asyncio.Semaphore(concurrency)
        self.turn = asyncio.Lock()
        self.delay = delay
        self.next_start = 0.0

    def hold_off(self, seconds: float) -> None:
        self.next_start = max(self.next_start, asyncio.get_running_loop().time() + seconds)


class _Crawler:
    def __init__(
        self, client: httpx.AsyncClient, settings: FetchSettings, lake: Path, report: FetchReport
    ) -> None:
        self.client = client
        self.settings = settings
        self.lake = lake
        self.report = report
        self.global_slots = asyncio.Semaphore(settings.global_concurrency)
        self.gates: dict[str, _HostGate] = {}
        self.robots = RobotsCache(self._fetch_robots)
        self.rng = random.Random()
        self.refused: dict[str, str | None] = {}  # host -> why it may not be fetched, per run

    # politeness

    def gate(self, url: str) -> _HostGate:
        key = host_key(url)
        if key not in self.gates:
            s = self.settings
            self.gates[key] = _HostGate(s.per_host_concurrency, s.per_host_delay)
        return self.gates[key]

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        gate = self.gate(url)
        loop = asyncio.get_running_loop()
        async with gate.slots:
            async with gate.turn:
                wait = gate.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                # The global slot is taken after the host's wait, so no slot idles while waiting.
                await self.global_slots.acquire()
                gate.next_start = loop.time() + gate.delay
            try:
                yield
            finally:
                self.global_slots.release()

    async def _fetch_robots(self, url: str) -> RobotsFetched:
        outcome = await self.get(url, {}, for_robots=True)
        if isinstance(outcome, _Page):
            return RobotsFetched(body=outcome.body)
        if isinstance(outcome, _Failed):
            return RobotsFetched(status=outcome.status, failure=outcome.reason)
        return RobotsFetched(status=304, failure="HTTP 304")

    async def refusal(self, url: str) -> str | None:
        if not self.settings.respect_robots:
            return None
        rules = await self.robots.rules(url)
        delay = rules.crawl_delay(self.settings.user_agent)
        if delay is not None:
            gate = self.gate(url)
            gate.delay = max(gate.delay, min(delay, self.settings.max_crawl_delay))
        return rules.refusal(url, self.settings.user_agent)

    async def address_refusal(self, url: str) -> str | None:
        """Why the URL's host must not be fetched (it resolves to a private address), or None."""
        if self.settings.allow_private:
            return None
        parts = urlsplit(url)
        host = parts.hostname or ""
        if host not in self.refused:
            try:
                port = parts.port or (443 if parts.scheme == "https" else 80)
                await _public_addresses(host, port)
                self.refused[host] = None
            except RefusedAddress as exc:
                self.refused[host] = str(exc)
            except (OSError, ValueError):
                return None  # unresolvable: the request fails as a connection error
        return self.refused[host]

    # one URL, following redirects hop by hop so each hop is checked and paced

    async def get(
        self,
        url: str,
        headers: Mapping[str, str],
        *,
        for_robots: bool = False,
        hosts: frozenset[str] | None = None,
    ) -> _Outcome:
        """`hosts`: the only hosts the URL may lead to (links read on a listing), redirects too."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            problem = scheme_problem(current)
            if problem:
                return _Failed(problem)
            if hosts is not None and site_of(current) not in hosts:
                return _Failed(
                    f"redirect to {site_of(current)}, not the listing's host or allowed_hosts"
                )
            refused = await self.address_refusal(current)
            if refused:
                return _Failed(refused)
            if not for_robots:
                refusal = await self.refusal(current)
                if refusal:
                    return _Failed(refusal)
            outcome = await self._with_retries(current, headers, for_robots=for_robots)
            if not isinstance(outcome, _Redirect):
                return outcome
            current = clean_url(urljoin(current, outcome.location))
        return _Failed("too many redirects")

    async def _with_retries(
        self, url: str, headers: Mapping[str, str], *, for_robots: bool
    ) -> _Outcome | _Redirect:
        s = self.settings
        attempts = s.max_retries + 1
        for attempt in range(1, attempts + 1):
            retry_after = None
            try:
                outcome = await self._once(url, headers, for_robots=for_robots)
            except (httpx.TimeoutException, TimeoutError):
                failure = "timeout"
            except httpx.DecodingError:
                return _Failed("bad content encoding")
            except RefusedAddress as exc:
                return _Failed(str(exc))
            except httpx.TransportError as exc:
                failure = f"connection error ({type(exc).__name__})"
            else:
                if not isinstance(outcome, _Retry):
                    return outcome
                failure, retry_after = outcome.reason, outcome.retry_after
            if attempt == attempts:
                return _Failed(f"{failure} after {_attempts_text(attempts)}")
            wait = backoff_delay(attempt, s.backoff_base, s.backoff_max, self.rng)
            if retry_after is not None:
                asked = min(retry_after, s.retry_after_max)
                self.gate(url).hold_off(asked)  # the whole host asked us to wait, not one page
                wait = max(wait, asked)
            LOG.debug("retrying %s in %.2fs after %s", url, wait, failure)
            await asyncio.sleep(wait)
        raise AssertionError("unreachable")

    async def _once(
        self, url: str, headers: Mapping[str, str], *, for_robots: bool
    ) -> _Outcome | _Redirect | _Retry:
        limit = ROBOTS_MAX_BYTES if for_robots else self.settings.max_bytes
        async with self.slot(url):
            self.report.requests += 1
            async with (
                asyncio.timeout(self.settings.page_timeout),
                self.client.stream("GET", url, headers=dict(headers)) as response,
            ):
                return await self._read(response, limit, check_type=not for_robots)

    async def _read(
        self, response: httpx.Response, limit: int, *, check_type: bool
    ) -> _Outcome | _Redirect | _Retry:
        status = response.status_code
        if status in REDIRECTS:
            location = response.headers.get("location")
            if not location:
                return _Failed(f"HTTP {status} without Location", status)
            return _Redirect(location)
        if status == 304:
            return _NotModified(dict(response.headers))
        if status == 429 or 500 <= status < 600:
            return _Retry(
                f"HTTP {status}", retry_after_seconds(response.headers.get("retry-after"))
            )
        if status != 200:
            return _Failed(f"HTTP {status}", status)
        mtype = media_type(response.headers.get("content-type"))
        # A missing Content-Type is let through: decoding and cleaning judge the bytes later.
        if check_type and mtype is not None and mtype not in self.settings.allowed_types:
            return _Failed(f"content-type {mtype} not allowed", status)
        too_large = _Failed(f"too large: > {limit} bytes", status)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return too_large
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                return too_large  # leaving the stream early closes the connection
        charset = response.charset_encoding
        return _Page(
            body=bytes(body),
            headers=dict(response.headers),
            content_type=mtype,
            charset=charset.strip().lower() if charset else None,
            final_url=str(response.url),
        )

    # what the run asks for

    def reject(self, url: str, reason: str) -> None:
        LOG.debug("reject %s: %s", url, reason)
        self.report.rejects.append(Reject(url, STAGE, reason, datetime.now(UTC)))

    async def safe_get(
        self, url: str, known: Validators | None, hosts: frozenset[str] | None = None
    ) -> _Outcome:
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        try:
            return await self.get(url, headers, hosts=hosts)
        except httpx.InvalidURL as exc:
            return _Failed(f"invalid URL: {exc}")

    def keep_validators(
        self, url: str, headers: Mapping[str, str], sha: str | None, *, old: Validators | None
    ) -> None:
        """Validators to send next time; a 304 may omit them, then the old ones still hold."""
        self.report.validators[url] = Validators(
            etag=headers.get("etag") or (old.etag if old else None),
            last_modified=headers.get("last-modified") or (old.last_modified if old else None),
            sha256=sha,
        )

    async def article(
        self,
        name: str,
        url: str,
        known: Validators | None,
        hosts: frozenset[str] | None,
        run_id: str | None,
    ) -> None:
        outcome = await self.safe_get(url, known, hosts)
        if isinstance(outcome, _Failed):
            self.reject(url, outcome.reason)
        elif isinstance(outcome, _NotModified):
            if known is None:
                self.reject(url, "HTTP 304 to an unconditional request")
                return
            self.keep_validators(url, outcome.headers, known.sha256, old=known)
            self.report.unchanged.append(url)
        else:
            sha = hashlib.sha256(outcome.body).hexdigest()
            if known is not None and known.sha256 == sha:
                self.report.unchanged.append(url)
            else:
                ref = rawzone.store_bytes(
                    self.lake,
                    url,
                    outcome.body,
                    content_type=outcome.content_type,
                    declared_charset=outcome.charset,
                    headers=outcome.headers,
                    seen_at=datetime.now(UTC),
                    run_id=run_id,
                    final_url=outcome.final_url,
                )
                self.report.stored.append((name, ref))
            self.keep_validators(url, outcome.headers, sha, old=None)

    async def listing(self, url: str, known: Validators | None) -> _Page | None:
        """A listing page's body; None when it failed or is unchanged since the last run."""
        outcome = await self.safe_get(url, known)
        if isinstance(outcome, _Failed):
            self.reject(url, outcome.reason)
            return None
        self.report.listings += 1
        if isinstance(outcome, _NotModified):
            # Unchanged listing: every link on it was already offered to an earlier run.
            if known is not None:
                self.keep_validators(url, outcome.headers, known.sha256, old=known)
            return None
        sha = hashlib.sha256(outcome.body).hexdigest()
        self.keep_validators(url, outcome.headers, sha, old=None)
        return outcome


async def _crawl(
    sources: Sequence[Source],
    known: Mapping[str, Validators],
    lake: Path,
    settings: FetchSettings,
    progress: Callable[[int, int], None] | None,
    run_id: str | None = None,
) -> FetchReport:
    report = FetchReport()
    # Pages a dead run stored but kept no validators for: take them from the journal, fetch no more.
    orphans = {u for u, v in known.items() if v == Validators()}
    recovered = recover_validators(lake, orphans)
    if recovered:
        report.validators.update(recovered)
        report.recovered.extend(recovered)
        LOG.info("%d page(s) stored by an earlier run that died: not fetched again", len(recovered))
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    client_headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
        "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    }
    limits = httpx.Limits(
        max_connections=settings.global_concurrency,
        max_keepalive_connections=settings.global_concurrency,
    )
    transport = None if settings.allow_private else _PublicTransport(limits)
    async with httpx.AsyncClient(
        headers=client_headers,
        timeout=timeout,
        limits=limits,
        follow_redirects=False,
        transport=transport,
    ) as client:
        crawler = _Crawler(client, settings, lake, report)

        # Explicit URLs are always asked for (conditionally when known); a URL is fetched once.
        jobs: dict[str, str] = {}
        # Links read on a listing may lead only to these hosts (explicit URLs: any public host).
        job_hosts: dict[str, frozenset[str]] = {}
        off_host = 0
        for source in sources:
            for url in map(clean_url, source.urls):
                report.source_of.setdefault(url, source.name)
                if url not in recovered:
                    jobs.setdefault(url, source.name)

        # A listing shared by several sources is fetched once and read with each one's pattern.
        listing_urls = list(dict.fromkeys(clean_url(s.list_url) for s in sources if s.list_url))
        pages = await asyncio.gather(*(crawler.listing(u, known.get(u)) for u in listing_urls))
        by_url = dict(zip(listing_urls, pages, strict=True))
        for source in sources:
            if source.list_url is None:
                continue
            page = by_url.get(clean_url(source.list_url))
            if page is None:
                continue
            links = article_links(
                page.body, page.final_url, source.link_pattern or "", page.charset
            )
            hosts = frozenset(
                {site_of(source.list_url), site_of(page.final_url), *source.allowed_hosts}
            )
            for link in links:
                if site_of(link) not in hosts:
                    off_host += 1
                    LOG.debug("not following %s: another host than the listing's", link)
                    continue
                if link not in by_url:
                    report.source_of.setdefault(link, source.name)
                if link not in known and link not in jobs and link not in by_url:
                    jobs[link] = source.name
                    job_hosts[link] = hosts
                    report.discovered += 1
        if off_host:
            LOG.info(
                "ignored %d listing link(s) to other hosts (a source's allowed_hosts lists more)",
                off_host,
            )
        if listing_urls:
            LOG.info(
                "read %d listing page(s): %d new article link(s)",
                report.listings,
                report.discovered,
            )

        total, done = len(jobs), 0
        last_log = time.monotonic()
        if progress:
            progress(0, total)

        async def one(url: str, name: str) -> None:
            nonlocal done, last_log
            await crawler.article(name, url, known.get(url), job_hosts.get(url), run_id)
            done += 1
            if progress:
                progress(done, total)
            now = time.monotonic()
            due = now - last_log >= settings.log_interval
            if done % settings.log_every == 0 or done == total or due:
                last_log = now
                _log_progress(report, done, total)

        await asyncio.gather(*(one(url, name) for url, name in jobs.items()))
    return report


def _log_progress(report: FetchReport, done: int, total: int) -> None:
    LOG.info(
        "fetched %d/%d pages: %d stored, %d unchanged, %d rejected, %d requests",
        done,
        total,
        len(report.stored),
        len(report.unchanged),
        len(report.rejects),
        report.requests,
    )
