"""robots.txt for the fetcher: read once per site, then asked before every request to that site.

Parsing is the standard library's `urllib.robotparser`; what a failed fetch of robots.txt means
follows RFC 9309 (a 4xx means no rules; an unreachable robots.txt means stay away).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_MAX_BYTES = 512_000  # RFC 9309 asks crawlers to parse at least 500 KiB


@dataclass(frozen=True)
class RobotsFetched:
    """What fetching a site's robots.txt gave: a body, an HTTP status, or a failure reason."""

    body: bytes | None = None
    status: int | None = None
    failure: str | None = None


@dataclass(frozen=True)
class RobotsRules:
    """The rules of one site for our User-Agent, or why the whole site is off limits."""

    parser: RobotFileParser | None  # None: no robots.txt (anything goes)
    unreachable: str | None = None  # set when robots.txt could not be read at all

    def refusal(self, url: str, user_agent: str) -> str | None:
        """Why `url` must not be fetched, or None when it may be."""
        if self.unreachable:
            return f"robots.txt unreachable ({self.unreachable})"
        if self.parser is not None and not self.parser.can_fetch(user_agent, url):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, user_agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def site_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def rules_from(fetched: RobotsFetched) -> RobotsRules:
    """Turn the outcome of fetching robots.txt into rules (RFC 9309 section 2.3.1)."""
    if fetched.body is not None:
        parser = RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return RobotsRules(parser)
    if fetched.status is not None and 400 <= fetched.status < 500:
        return RobotsRules(None)
    return RobotsRules(None, unreachable=fetched.failure or f"HTTP {fetched.status}")


class RobotsCache:
    """One robots.txt fetch per site per run, shared by every request that waits for it."""

    def __init__(self, fetch: Callable[[str], Awaitable[RobotsFetched]]) -> None:
        self._fetch = fetch
        self._tasks: dict[str, asyncio.Task[RobotsRules]] = {}

    async def rules(self, url: str) -> RobotsRules:
        key = site_key(url)
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(robots_url(url)))
            self._tasks[key] = task
        return await asyncio.shield(task)

    async def _load(self, url: str) -> RobotsRules:
        return rules_from(await self._fetch(url))
