"""Paragraph-level boilerplate: per-source line frequencies and stripping (newslake/boilerplate.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newslake import boilerplate
from newslake.boilerplate import LineCounts, line_key, line_keys, page_keys, site_key
from newslake.clean import clean_page
from newslake.clean.script import detect_script, to_simplified
from newslake.records import Document, Quality

PAIRS_DIR = Path(__file__).parent / "expected" / "duplicates"
FOOTER = "巴渝财经网原创稿件，转载请注明出处"
SLOGAN = "“双城记”融媒报道，讲好成渝故事"


def doc(doc_id: str, text: str, *, host: str = "news.example.cn", restored: str | None = None):
    return Document(
        doc_id=doc_id,
        location=f"https://{host}/{doc_id}.html",
        raw_sha256="0" * 64,
        seen_at=datetime(2024, 1, 1, tzinfo=UTC),
        text=text,
        restored_text=restored,
        quality=Quality(chars_after=len(text)),
    )


def article(n: int) -> str:
    """A distinct article body of two paragraphs."""
    return (
        f"第{n}号报道：川渝两地今年共推进重大项目{100 + n}个，完成投资{2000 + 7 * n}亿元。\n"
        f"据介绍，第{n}批项目涉及电子信息、汽车等产业，带动就业{300 + n}人。"
    )


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("https://www.CQNews.example.cn:8080/a/b.html?x=1", "cqnews.example.cn"),
        ("http://m.cqnews.example.cn/a.html", "m.cqnews.example.cn"),
        ("/data/pages/cqnews/2024/a.html", "/data/pages/cqnews/2024"),
        ("C:\\pages\\site\\a.htm", "C:/pages/site"),
        ("a.html", "."),
    ],
)
def test_site_key_is_the_host_or_the_folder(location: str, expected: str) -> None:
    assert site_key(location) == expected


def test_line_key_folds_width_punctuation_and_spacing() -> None:
    assert line_key(FOOTER) == line_key("  巴渝财经网原创稿件,转载请注明出处 ")
    assert line_key("ＡＢＣ１２３新闻") == line_key("abc123新闻")
    assert line_key(FOOTER) != line_key(SLOGAN)
    assert line_key("。") is None and line_key("图") is None
    assert -(2**63) <= line_key(FOOTER) < 2**63  # fits a BIGINT column


def test_page_keys_are_distinct_and_aligned_keys_keep_order() -> None:
    text = f"{FOOTER}\n正文一段\n{FOOTER}\n。"
    keys = line_keys(text)
    assert len(keys) == 4 and keys[0] == keys[2] and keys[3] is None
    assert page_keys(text) == {line_key(FOOTER), line_key("正文一段")}


def test_a_line_needs_min_pages_and_min_share() -> None:
    counts = LineCounts(min_pages=3, min_share=0.5)
    key = line_key(FOOTER)
    for _ in range(2):
        counts.add("a.example", {key})
    assert not counts.is_boilerplate("a.example", key)  # 2 pages < min_pages
    counts.add("a.example", {key})
    assert counts.is_boilerplate("a.example", key)  # 3 of 3 pages
    for _ in range(4):
        counts.add("a.example", set())
    assert not counts.is_boilerplate("a.example", key)  # 3 of 7 pages < half
    assert not counts.is_boilerplate("b.example", key)  # per source
    assert not counts.is_boilerplate("a.example", None)


def test_counts_round_trip_through_rows() -> None:
    counts = LineCounts()
    counts.add("a.example", {1, 2})
    counts.add("a.example", {2})
    rows_pages = list(counts.pages.items())
    rows_lines = [(s, k, n) for (s, k), n in counts.lines.items()]
    again = LineCounts.from_rows(rows_pages, rows_lines, min_pages=2, min_share=0.5)
    assert again.pages == counts.pages and again.lines == counts.lines
    assert again.boilerplate("a.example") == {2}


def test_strip_text_drops_only_boilerplate_lines() -> None:
    counts = LineCounts(min_pages=2, min_share=0.1)
    for _ in range(3):
        counts.add("a.example", {line_key(FOOTER), line_key(SLOGAN)})
    text = f"{SLOGAN}\n{article(1)}\n{FOOTER}"
    stripped, dropped = boilerplate.strip_text(text, "a.example", counts)
    assert stripped == article(1) and dropped == 2
    assert boilerplate.strip_text(text, "b.example", counts) == (text, 0)


def test_a_page_that_is_nearly_all_recurring_lines_is_left_whole() -> None:
    """A site that ran one story five times: its lines are frequent but they are the story."""
    counts = LineCounts(min_pages=5, min_share=0.05)
    story = article(7)
    for _ in range(5):
        counts.add("a.example", page_keys(story))
    assert boilerplate.strip_text(story, "a.example", counts) == (story, 0)


def test_strip_lines_needs_aligned_keys() -> None:
    with pytest.raises(ValueError, match="keys"):
        boilerplate.strip_lines("a\nb", [1], {1})


def test_strip_batch_judges_on_the_counts_plus_the_batch_and_changes_neither() -> None:
    docs = [doc(f"d{n}", f"{SLOGAN}\n{article(n)}\n{FOOTER}") for n in range(6)]
    counts = LineCounts()
    seen = boilerplate.strip_batch(docs, counts)
    assert counts.pages == {} and counts.lines == {}  # a snapshot, safe to share
    for n, d in enumerate(docs):
        assert d.text == article(n)
        assert d.quality.lines_removed["boilerplate"] == 2
        assert d.quality.chars_after == len(article(n))
        source, keys = seen[d.doc_id]
        assert source == "news.example.cn"
        assert keys == page_keys(f"{SLOGAN}\n{article(n)}\n{FOOTER}")  # before stripping
    counts.update(seen)
    assert counts.pages == {"news.example.cn": 6}
    assert counts.lines[("news.example.cn", line_key(FOOTER))] == 6


def test_a_sites_first_pages_keep_their_lines_until_it_has_shown_enough() -> None:
    counts = LineCounts()
    first = [doc(f"d{n}", f"{article(n)}\n{FOOTER}") for n in range(3)]
    counts.update(boilerplate.strip_batch(first, counts))
    assert all(d.text.endswith(FOOTER) for d in first)
    later = [doc(f"e{n}", f"{article(10 + n)}\n{FOOTER}") for n in range(3)]
    counts.update(boilerplate.strip_batch(later, counts))  # 6 pages now carry the footer
    assert [d.text for d in later] == [article(10 + n) for n in range(3)]
    other_site = [doc("f0", f"{article(20)}\n{FOOTER}", host="other.example.cn")]
    boilerplate.strip_batch(other_site, counts)
    assert other_site[0].text.endswith(FOOTER)


def test_batches_judged_on_one_snapshot_do_not_depend_on_their_order() -> None:
    """As the flow's process pool runs them: every batch sees the lake as the run found it."""
    lake = LineCounts()
    lake.update({f"old{n}": ("news.example.cn", page_keys(FOOTER)) for n in range(3)})
    snapshot = lake.digest()
    one = [doc("a", f"{article(1)}\n{FOOTER}")]
    two = [doc("b", f"{article(2)}\n{FOOTER}"), doc("c", f"{article(3)}\n{FOOTER}")]
    boilerplate.strip_batch(two, lake)
    boilerplate.strip_batch(one, lake)
    assert lake.digest() == snapshot
    assert one[0].text.endswith(FOOTER)  # 3 + 1 pages: not yet MIN_PAGES
    assert [d.text for d in two] == [article(2), article(3)]  # 3 + 2 pages


def test_digest_follows_the_counts() -> None:
    a, b = LineCounts(), LineCounts()
    assert a.digest() == b.digest()
    a.add("s", {1})
    assert a.digest() != b.digest()
    b.add("s", {1})
    assert a.digest() == b.digest()
    assert LineCounts(min_pages=3).digest() != LineCounts().digest()


def test_restored_text_loses_the_same_lines() -> None:
    docs = [
        doc(f"d{n}", f"{article(n)}\n{FOOTER}", restored=f"{article(n)}!\n{FOOTER}")
        for n in range(5)
    ]
    boilerplate.strip_batch(docs, LineCounts())
    assert docs[0].restored_text == f"{article(0)}!"
    assert docs[0].extraction_text == f"{article(0)}!"


def test_on_the_labelled_pages_only_site_lines_are_stripped() -> None:
    """tests/expected/duplicates pages: a page's last `own` lines are its site's recurring lines."""
    rows = [json.loads(line) for line in (PAIRS_DIR / "documents.jsonl").open(encoding="utf-8")]
    counts = LineCounts()
    stripped_site = stripped_other = site_lines = 0
    for start in range(0, len(rows), 200):
        batch = rows[start : start + 200]
        docs, before = [], {}
        for row in batch:
            page = clean_page(row["page"], is_html=False)
            d = doc(row["doc_id"], page.text, host=row["site"])
            before[d.doc_id] = page.text
            docs.append(d)
        counts.update(boilerplate.strip_batch(docs, counts))
        for row, d in zip(batch, docs, strict=True):
            own = row["page"].split("\n")[-row["own"] :] if row["own"] else []
            if detect_script(row["page"]) == "hant":
                own = [to_simplified(line) for line in own]
            own_keys = {line_key(line) for line in own}
            kept = set(line_keys(d.text))
            for key in line_keys(before[d.doc_id]):
                site_lines += key in own_keys
                if key is not None and key not in kept:
                    stripped_site += key in own_keys
                    stripped_other += key not in own_keys
    assert stripped_other == 0  # no article line was ever taken for boilerplate
    assert stripped_site / site_lines >= 0.95  # the few missed are each site's first pages
