"""Documents in the lake: a batch replaces its documents' rows whole, however often it is loaded."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from newslake.records import Document, Indicator, Mention, Quality
from newslake.store import documents
from newslake.store.connection import reading


def _doc(doc_id: str, value: float, *, published: datetime | None = None) -> Document:
    doc = Document(doc_id, f"/p/{doc_id}.txt", "0" * 64, datetime(2025, 1, 2, tzinfo=UTC))
    doc.text = f"全年地区生产总值{value}亿元。"
    doc.text_hash = f"h-{doc_id}-{value}"
    doc.published_at = published
    doc.quality = Quality(chars_before=100, chars_after=20, lines_removed={"menu": 2})
    doc.cluster_id = doc_id
    doc.indicators = [
        Indicator(
            "地区生产总值",
            "重庆市",
            date(2024, 1, 1),
            date(2024, 12, 31),
            "全年",
            value * 1e8,
            "元",
            f"{value}亿元",
        )
    ]
    doc.mentions = [Mention("org", "重庆市统计局")]
    return doc


def _counts(db: Path) -> dict[str, int]:
    with reading(db, timeout=5) as con:
        return {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in (
                "documents",
                "doc_quality",
                "doc_clusters",
                "indicators",
                "mentions",
                "doc_lines",
                "doc_signatures",
            )
        }


def test_loading_twice_leaves_one_copy_and_the_latest_values(db: Path) -> None:
    lines = {"a": ("site", frozenset({1, 2}))}
    documents.load_documents(
        db, [_doc("a", 1.0)], {"a": b"sig"}, "v1", "r1", lines=lines, timeout=5
    )
    once = _counts(db)
    documents.load_documents(
        db, [_doc("a", 2.0)], {"a": b"sig"}, "v2", "r2", lines=lines, timeout=5
    )
    assert (
        _counts(db)
        == once
        == {
            "documents": 1,
            "doc_quality": 1,
            "doc_clusters": 1,
            "indicators": 1,
            "mentions": 1,
            "doc_lines": 2,
            "doc_signatures": 1,
        }
    )
    with reading(db, timeout=5) as con:
        row = con.execute("select value_text, extractor_version from indicators").fetchone()
        quality = con.execute("select lines_removed['menu'] from doc_quality").fetchone()
    assert row == ("2.0亿元", "v2") and quality == (2,)


def test_columns_are_matched_by_name_and_local_times_stay_local(db: Path) -> None:
    published = datetime(2025, 3, 6, 9, 20)
    documents.load_documents(db, [_doc("a", 1.0, published=published)], {}, "v1", "r1", timeout=5)
    with reading(db, timeout=5) as con:
        row = con.execute(
            "select published_at, text_chars, run_id, first_seen_at from documents"
        ).fetchone()
    assert row[0] == published and row[1] == len("全年地区生产总值1.0亿元。") and row[2] == "r1"
    assert row[3] == datetime(2025, 1, 2, tzinfo=UTC)


def test_known_documents_leave_out_those_being_replaced(db: Path) -> None:
    documents.load_documents(
        db, [_doc("a", 1.0), _doc("b", 1.0)], {"a": b"s"}, "v1", "r1", timeout=5
    )
    known = documents.known_documents(db, replaced=["/p/b.txt"], timeout=5)
    assert [(k.doc_id, k.signature) for k in known] == [("a", b"s")]
