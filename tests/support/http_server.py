"""A real HTTP server on 127.0.0.1 for tests: scripted replies, and a log of every request it saw.

`LocalHTTPServer(routes)` runs in a thread on a free port. A route is a fixed `Reply` or a
function of the request (`Seen`), so an endpoint can answer 500 first and 200 after, or 304 when
the right If-None-Match comes; `revalidating(route)` adds that to any route, as a web server does
for static files. `news_site_routes()` is the site the fetching issue asks for.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Reply:
    """What the server answers: status, headers, body; `delay` before the status line."""

    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0
    content_length: bool = True  # False: no Content-Length, the body ends when the socket closes


@dataclass
class Seen:
    """One request as the server saw it, with server-side monotonic times."""

    path: str
    headers: dict[str, str]  # lower-case names
    at: float  # time.monotonic() when the request line arrived
    nth: int  # 1 for the first request to this path, 2 for the second...
    # When the reply began to go out (or the client went away): the client cannot have finished
    # before it, so [at, done_at] lies within the time the client held the request open.
    done_at: float | None = None
    status: int | None = None  # the status the route answered
    body_bytes: int = 0  # body bytes written before the reply ended or the client went away


Route = Reply | Callable[[Seen], Reply]


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that drops a kept-alive connection is normal here, not an error to print."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalHTTPServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a free port; use it as a context manager."""

    def __init__(self, routes: Mapping[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self._seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # lifecycle

    def start(self) -> LocalHTTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes handlers sleeping in a delay
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LocalHTTPServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # what tests ask

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def seen(self, path: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self._seen if path is None or s.path == path]

    def count(self, path: str | None = None) -> int:
        return len(self.seen(path))

    def mark(self) -> int:
        """A point in the request log; `since(mark)` is what came after it."""
        with self._lock:
            return len(self._seen)

    def since(self, mark: int) -> list[Seen]:
        with self._lock:
            return list(self._seen[mark:])

    # the handler

    def _record(self, path: str, headers: dict[str, str]) -> Seen:
        with self._lock:
            nth = 1 + sum(1 for s in self._seen if s.path == path)
            seen = Seen(path, headers, time.monotonic(), nth)
            self._seen.append(seen)
            return seen

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen = server._record(self.path, headers)
                try:
                    route = server.routes.get(self.path, Reply(404, b"not found"))
                    reply = route(seen) if callable(route) else route
                    seen.status = reply.status
                    if reply.delay and server._stopping.wait(reply.delay):
                        return
                    self._send(reply, seen)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (timeout, size cap)
                finally:
                    if seen.done_at is None:
                        seen.done_at = time.monotonic()

            def _send(self, reply: Reply, seen: Seen) -> None:
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.content_length:
                    self.send_header("Content-Length", str(len(reply.body)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                seen.done_at = time.monotonic()
                self.end_headers()
                for start in range(0, len(reply.body), 4096):
                    chunk = reply.body[start : start + 4096]
                    self.wfile.write(chunk)
                    seen.body_bytes += len(chunk)
                self.wfile.flush()

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep test output quiet

        return Handler


# --- the news site of the fetching issue -------------------------------------------------------

ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
ETAG = '"v1-etag"'
LAST_MODIFIED = "Wed, 01 Jan 2025 08:00:00 GMT"

# Short pieces written for the tests (not copied from any site).
GBK_TEXT = (
    "成渝地区双城经济圈建设稳步推进。今年上半年，重庆市地区生产总值同比增长5.8%，"
    "社会消费品零售总额增长4.6%。四川省成都市外贸进出口保持增长。"
)
BIG5_TEXT = "成渝地區雙城經濟圈建設穩步推進。今年上半年，四川省地區生產總值同比增長5.6%。"
HTML = "<!DOCTYPE html><html><head><title>{title}</title></head><body><p>{text}</p></body></html>"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def html_page(title: str, text: str) -> str:
    return HTML.format(title=title, text=text)


def article(n: int) -> bytes:
    text = f"第{n}篇：成渝两地共建西部陆海新通道，货运量同比增长{n}.5%。"
    return html_page(f"新闻{n}", text).encode("utf-8")


def listing_page() -> bytes:
    links = [
        '<a href="/n/1.html">第1篇</a>',
        '<a href="n/2.html#top">第2篇</a>',  # relative, with a fragment
        '<a href="http://{host}/n/2.html">第2篇（重复）</a>',
        '<a href="/n/3.html">第3篇</a>',
        '<a href="/about.html">关于我们</a>',  # does not match the link pattern
        '<a href="mailto:news@example.com">来信</a>',
    ]
    return html_page("新闻列表", "".join(links)).encode("utf-8")


def listing_of(paths: Sequence[str], title: str = "新闻列表") -> bytes:
    """A listing page linking to `paths`, with a link that no article pattern should match."""
    links = "".join(f'<a href="{p}">{p}</a>' for p in paths) + '<a href="/about.html">关于</a>'
    return html_page(title, links).encode("utf-8")


def revalidating(route: Route, *, last_modified: str = LAST_MODIFIED) -> Route:
    """`route` as a web server serves static files: each 200 carries an ETag (a hash of the body)
    and Last-Modified, and a request whose If-None-Match / If-Modified-Since matches gets 304.
    """

    def answer(seen: Seen) -> Reply:
        reply = route(seen) if callable(route) else route
        if reply.status != 200:
            return reply
        etag = '"' + hashlib.sha256(reply.body).hexdigest()[:16] + '"'
        validators = {"ETag": etag, "Last-Modified": last_modified}
        if seen.headers.get("if-none-match") == etag or (
            "if-none-match" not in seen.headers
            and seen.headers.get("if-modified-since") == last_modified
        ):
            return Reply(304, headers=validators, delay=reply.delay)
        return replace(reply, headers={**reply.headers, **validators})

    return answer


def _gbk(seen: Seen) -> Reply:
    return Reply(200, html_page("成渝经济", GBK_TEXT).encode("gbk"), {"Content-Type": "text/html"})


def _first_fails(first: Reply) -> Route:
    ok = Reply(200, article(9), {"Content-Type": "text/html; charset=utf-8"})
    return lambda seen: first if seen.nth == 1 else ok


def _etag(seen: Seen) -> Reply:
    if seen.headers.get("if-none-match") == ETAG:
        return Reply(304, headers={"ETag": ETAG})
    return Reply(200, article(7), {"Content-Type": "text/html; charset=utf-8", "ETag": ETAG})


def _last_modified(seen: Seen) -> Reply:
    if seen.headers.get("if-modified-since") == LAST_MODIFIED:
        return Reply(304)
    headers = {"Content-Type": "text/html; charset=utf-8", "Last-Modified": LAST_MODIFIED}
    return Reply(200, article(8), headers)


def _listing(seen: Seen) -> Reply:
    tag = '"list-v1"'
    if seen.headers.get("if-none-match") == tag:
        return Reply(304, headers={"ETag": tag})
    body = listing_page().replace(b"{host}", seen.headers.get("host", "").encode())
    return Reply(200, body, {"Content-Type": "text/html; charset=utf-8", "ETag": tag})


def news_site_routes(*, huge: int = 20_000) -> dict[str, Route]:
    """Every endpoint of the fetching issue; `huge` is the size of the oversize bodies."""
    utf8 = {"Content-Type": "text/html; charset=utf-8"}
    routes: dict[str, Route] = {
        "/robots.txt": Reply(200, ROBOTS_TXT.encode(), {"Content-Type": "text/plain"}),
        "/gbk.html": _gbk,
        "/big5.html": Reply(
            200,
            html_page("成渝經濟", BIG5_TEXT).encode("big5"),
            {"Content-Type": "text/html; charset=big5"},
        ),
        "/flaky.html": _first_fails(Reply(500, b"oops")),
        "/busy.html": _first_fails(Reply(429, b"slow down", {"Retry-After": "1"})),
        "/broken.html": Reply(503, b"down"),
        "/slow.html": Reply(200, article(5), utf8, delay=2.0),
        "/missing.html": Reply(404, b"not found"),
        "/huge.html": Reply(200, b"x" * huge, utf8),
        "/huge-stream.html": Reply(200, b"x" * huge, utf8, content_length=False),
        "/loop/a": Reply(302, headers={"Location": "/loop/b"}),
        "/loop/b": Reply(302, headers={"Location": "/loop/a"}),
        "/moved.html": Reply(301, headers={"Location": "/n/4.html"}),
        "/to-ftp.html": Reply(302, headers={"Location": "ftp://127.0.0.1/file.html"}),
        "/logo.png": Reply(200, PNG_BYTES, {"Content-Type": "image/png"}),
        "/etag.html": _etag,
        "/lastmod.html": _last_modified,
        "/plain.html": Reply(200, article(6), utf8),
        "/list.html": _listing,
        "/about.html": Reply(200, html_page("关于", "关于我们").encode(), utf8),
        "/private/secret.html": Reply(200, article(0), utf8),
    }
    for n in range(1, 5):
        routes[f"/n/{n}.html"] = Reply(200, article(n), utf8)
    return routes
