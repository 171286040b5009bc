"""Listing pages: article links resolved, deduplicated and filtered, with the page decoder."""

from __future__ import annotations

from newslake.sources.listing import article_links


def test_article_links_resolve_dedupe_and_filter():
    body = (
        b'<html><head><base href="http://news.example/c/"></head><body>'
        b'<a href="n/1.html#x">a</a><a href="/c/n/1.html">b</a><a href=" n/2.html ">c</a>'
        b'<a href="javascript:void(0)">d</a><a href="/about.html">e</a></body></html>'
    )
    assert article_links(body, "http://other.example/", r"/n/\d+\.html$") == [
        "http://news.example/c/n/1.html",
        "http://news.example/c/n/2.html",
    ]
    assert article_links(b"", "http://x/", ".") == []


def test_article_links_of_a_gbk_listing_without_charset_keep_chinese_hrefs():
    """The listing is decoded like any page (meta, then detection), not guessed as Latin-1."""
    body = (
        "<html><head><title>成渝新闻列表</title></head><body>"
        '<a href="/新闻/成渝-1.html">成渝地区双城经济圈建设稳步推进</a>'
        '<a href="/新闻/成渝-2.html">重庆市地区生产总值同比增长</a>'
        '<a href="/关于.html">关于我们</a></body></html>'
    ).encode("gbk")
    assert article_links(body, "http://news.example/", r"/新闻/成渝-\d+\.html$") == [
        "http://news.example/新闻/成渝-1.html",
        "http://news.example/新闻/成渝-2.html",
    ]
    xhtml = (
        '<?xml version="1.0" encoding="gbk"?><html><body><a href="/n/1.html">一</a></body></html>'
    )
    assert article_links(xhtml.encode("gbk"), "http://x/", r"/n/") == ["http://x/n/1.html"]
