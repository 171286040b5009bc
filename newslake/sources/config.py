"""The sources file: which sites a run fetches, read from TOML and checked before any request.

A mistake in the file stops the run with a message naming the file and the entry, rather than
turning into hundreds of rejects later.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_KEYS = frozenset({"name", "urls", "list_url", "link_pattern", "allowed_hosts"})


class SourcesError(ValueError):
    """The sources file cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Source:
    """One site or channel: explicit article URLs and/or a listing page whose links are followed."""

    name: str
    urls: tuple[str, ...] = ()
    list_url: str | None = None
    link_pattern: str | None = None
    # Hosts besides the listing's own whose links may be followed ("host" or "host:port").
    allowed_hosts: tuple[str, ...] = ()


def load_sources(path: Path) -> list[Source]:
    """Read and check every `[[source]]` of a sources file, in file order."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read sources file: {exc}") from None
    return parse_sources(text, origin=str(path))


def parse_sources(text: str, *, origin: str = "<sources>") -> list[Source]:
    """Parse the TOML text of a sources file; `origin` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{origin}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"source"})
    if extra:
        raise SourcesError(
            f"{origin}: unknown top-level key(s) {', '.join(extra)}; expected [[source]] tables"
        )
    entries = data.get("source")
    if not entries:
        raise SourcesError(f"{origin}: no [[source]] entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourcesError(f"{origin}: 'source' must be an array of tables ([[source]])")

    sources: list[Source] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        source = _parse_entry(entry, where=_where(origin, index, entry))
        if source.name in seen:
            raise SourcesError(
                f"{_where(origin, index, entry)}: name {source.name!r} already used by "
                f"source #{seen[source.name]}"
            )
        seen[source.name] = index
        sources.append(source)
    return sources


def _where(origin: str, index: int, entry: dict) -> str:
    name = entry.get("name")
    label = f" ({name!r})" if isinstance(name, str) and name.strip() else ""
    return f"{origin}: source #{index}{label}"


def _parse_entry(entry: dict, *, where: str) -> Source:
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise SourcesError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}"
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where}: 'name' must be a non-empty string")

    urls = entry.get("urls", [])
    if not isinstance(urls, list):
        raise SourcesError(f"{where}: 'urls' must be a list of URL strings")
    for url in urls:
        _check_url(url, where=where, key="urls")

    list_url = entry.get("list_url")
    link_pattern = entry.get("link_pattern")
    if list_url is not None:
        _check_url(list_url, where=where, key="list_url")
        if link_pattern is None:
            raise SourcesError(f"{where}: 'list_url' needs a 'link_pattern' for article links")
    if link_pattern is not None:
        if list_url is None:
            raise SourcesError(f"{where}: 'link_pattern' is only used with 'list_url'")
        if not isinstance(link_pattern, str) or not link_pattern:
            raise SourcesError(f"{where}: 'link_pattern' must be a non-empty regex string")
        try:
            re.compile(link_pattern)
        except re.error as exc:
            raise SourcesError(
                f"{where}: 'link_pattern' is not a valid regex ({exc}): {link_pattern!r}"
            ) from None
    if not urls and list_url is None:
        raise SourcesError(f"{where}: give 'urls' or 'list_url' (with 'link_pattern')")
    allowed_hosts = entry.get("allowed_hosts", [])
    if not isinstance(allowed_hosts, list) or not all(
        isinstance(h, str) and h.strip() and "/" not in h for h in allowed_hosts
    ):
        raise SourcesError(
            f"{where}: 'allowed_hosts' must be a list of host names (\"news.example\" or "
            f'"news.example:8080"), got {allowed_hosts!r}'
        )
    if allowed_hosts and list_url is None:
        raise SourcesError(f"{where}: 'allowed_hosts' is only used with 'list_url'")

    return Source(
        name=name.strip(),
        urls=tuple(dict.fromkeys(u.strip() for u in urls)),
        list_url=list_url.strip() if list_url else None,
        link_pattern=link_pattern,
        allowed_hosts=tuple(dict.fromkeys(h.strip().lower().rstrip(".") for h in allowed_hosts)),
    )


def _check_url(url: object, *, where: str, key: str) -> None:
    # Only absolute URLs are checked here; the scheme is judged at fetch time, as a reject.
    if not isinstance(url, str) or not url.strip():
        raise SourcesError(f"{where}: {key!r} entries must be non-empty strings, got {url!r}")
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        raise SourcesError(f"{where}: {key!r} has a URL that is not absolute: {url!r}")
