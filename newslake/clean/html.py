"""Pull an HTML page's article text (trafilatura) and what its <meta> tags say about it.

trafilatura was chosen over jusText and readability-lxml by measurement on our pages
(bench/bench_clean.py --extractors); it keeps paragraphs as lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html
import trafilatura
from lxml import etree

from newslake.clean.byline import Byline, parse_datetime
from newslake.clean.lines import split_lines

_LOCAL = ZoneInfo("Asia/Shanghai")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||-{1,2}|—{1,2}|::)\s*")
_COLUMN_TAG = re.compile(r"^【[^】]{1,10}】")  # a column label such as 【区域观察】
_BLOCKS = {"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "section"}

# <meta> keys (name, property or itemprop; lower-case) by field, best first.
_META_KEYS = {
    "title": ("og:title", "twitter:title", "articletitle", "title", "headline"),
    "published_at": (
        "article:published_time", "og:article:published_time", "og:release_date",
        "datepublished", "publishdate", "pubdate", "publish_time", "publishtime",
        "originalpublicationdate", "dc.date.issued", "date",
    ),
    "author": ("author", "article:author", "byline", "dc.creator"),
    "source": ("source", "contentsource", "article:publisher"),
    "site_name": ("og:site_name", "application-name"),
    "editor": ("editor", "responsibleeditor"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page gives cleaning: its title, byline fields and main text."""

    title: str | None
    byline: Byline  # from <meta>; the caller fills gaps from `page_text` once it is normalised
    text: str
    page_text: str  # every visible line of the page, where bylines outside the article sit
    site_name: str | None  # og:site_name, the source of last resort


def _meta(root: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in root.iter("meta"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        content = (el.get("content") or "").strip()
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def parse_meta_datetime(value: str) -> datetime | None:
    """ISO or Chinese-written date; aware times are moved to Shanghai and made naive."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return parse_datetime(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(_LOCAL).replace(tzinfo=None)
    return moment


def _first(meta: dict[str, str], field: str) -> str | None:
    for key in _META_KEYS[field]:
        value = meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


def _heading_title(root: lxml.html.HtmlElement) -> str | None:
    """A heading that <title> repeats, else the single <h1>, else the longest part of <title>."""
    title_el = root.find(".//title")
    title = " ".join(title_el.text_content().split()) if title_el is not None else ""
    headings = [
        text
        for el in root.iter("h1", "h2", "h3")
        if len(text := " ".join(el.text_content().split())) >= 4
    ]
    for heading in headings:
        if heading in title:
            return heading
    h1 = [" ".join(el.text_content().split()) for el in root.iter("h1")]
    if len(h1) == 1 and h1[0]:
        return h1[0]
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p]
    return _COLUMN_TAG.sub("", max(parts, key=len)) if parts else None


def _visible_lines(root: lxml.html.HtmlElement) -> list[str]:
    """Every text line of the page, block elements on lines of their own (for bylines in chrome)."""
    body = root.find(".//body")
    body = body if body is not None else root
    for el in body.iter(etree.Comment, "script", "style"):
        el.text = ""
    for el in body.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    return split_lines(body.text_content())


def parse_root(html: str) -> lxml.html.HtmlElement:
    """Parse HTML text with lxml; an XML declaration would make lxml refuse a str."""
    return lxml.html.fromstring(_XML_DECL.sub("", html, count=1) or "<html></html>")


def extract_html(html: str) -> HtmlPage:
    """Main text by trafilatura; title and bylines from <meta>, then from the page's own lines."""
    # fast=True skips trafilatura's fallback extractors (readability, jusText): they changed the
    # text of none of 186 synthetic HTML pages (nor any sample test) and cost a quarter of its CPU.
    text = (
        trafilatura.extract(
            html, include_comments=False, include_tables=True, deduplicate=False, fast=True
        )
        or ""
    )
    try:
        root = parse_root(html)
    except (etree.ParserError, ValueError):
        return HtmlPage(None, Byline(), text, "", None)
    meta = _meta(root)
    date_text = _first(meta, "published_at")
    from_meta = Byline(
        published_at=parse_meta_datetime(date_text) if date_text else None,
        source=_first(meta, "source"),
        author=_first(meta, "author"),
        editor=_first(meta, "editor"),
    )
    title = _first(meta, "title") or _heading_title(root)
    page_text = "\n".join(_visible_lines(root))
    return HtmlPage(title, from_meta, text, page_text, _first(meta, "site_name"))
