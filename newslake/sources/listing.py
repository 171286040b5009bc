"""Listing pages: the article links a source's index page offers, read with the page decoder."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from newslake.decode import DecodeError, decode_page
from newslake.sources.urls import clean_url, scheme_problem


def article_links(
    body: bytes, page_url: str, pattern: str, charset: str | None = None
) -> list[str]:
    """Absolute http(s) links on a listing page that match `pattern`, in page order, once each."""
    doc = _listing_tree(body, charset)
    if doc is None:
        return []
    base = page_url
    for tag in doc.iter("base"):
        if tag.get("href"):
            base = urljoin(page_url, tag.get("href").strip())
            break
    regex = re.compile(pattern)
    links: dict[str, None] = {}
    for anchor in doc.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href:
            continue
        url = clean_url(urljoin(base, href))
        if scheme_problem(url) is None and regex.search(url):
            links[url] = None
    return list(links)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _listing_tree(body: bytes, charset: str | None) -> lxml.html.HtmlElement | None:
    """The listing parsed after decoding it as every page is decoded (HTTP charset, <meta>,
    detection), so links written in Chinese survive a GBK page served without a charset."""
    if not body.strip():
        return None
    try:
        text = decode_page(body, declared_charset=charset).text
    except DecodeError:
        text = None
    try:
        if text is not None:
            # lxml refuses str input that still declares a byte encoding.
            return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
        return lxml.html.document_fromstring(body)
    except (etree.ParserError, ValueError):
        return None
