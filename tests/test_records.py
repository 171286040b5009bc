"""The records every step passes on: they must cross a process pool intact, and the lake's columns
are read off their fields, so a field's type and time zone decide what is stored."""

from __future__ import annotations

import dataclasses
import pickle
from datetime import UTC, date, datetime

import pyarrow as pa
import pytest

from newslake.records import (
    LOCAL_TIME,
    Document,
    Fact,
    FactReport,
    Indicator,
    KnownDocument,
    Mention,
    Quality,
    RawRef,
    Reject,
    Validators,
)
from newslake.store.tables import columns, records_table

SEEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
PUBLISHED = datetime(2025, 3, 4, 9, 30)  # Asia/Shanghai wall time, as the page wrote it

INDICATOR = Indicator(
    metric="地区生产总值",
    region="重庆市",
    period_start=date(2024, 1, 1),
    period_end=date(2024, 12, 31),
    period_text="2024年",
    value=3.2e12,
    unit="元",
    value_text="3.2万亿元",
    yoy_pct=5.7,
    region_source="sentence",
    period_source="sentence",
    sentence="2024年,重庆市地区生产总值3.2万亿元,同比增长5.7%。",
    char_start=10,
    char_end=16,
)

FLAT_RECORDS: list[object] = [
    RawRef("https://example.gov.cn/a.html", "a" * 64, 2048, SEEN, "text/html", "gbk", "run-1"),
    Reject("/data/b.html", "decode", "not a text page", SEEN, "b" * 64, retryable=True),
    Quality(900, 640, {"menu": 3, "boilerplate": 1}, 2, 0.05, 0.1, 4, 1, 2, "spun"),
    INDICATOR,
    Mention("person", "张明", "局长"),
    Validators('"etag-1"', "Tue, 04 Mar 2025 01:30:00 GMT", "c" * 64),
    KnownDocument("d1", "e" * 16, "d0", b"\x00\x01\xff"),
    FactReport(
        fact_id="f1",
        doc_id="d1",
        seq=0,
        metric="地区生产总值",
        region="重庆市",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        kind="actual",
        value=3.2e12,
        unit="元",
        value_text="3.2万亿元",
        yoy_pct=5.7,
        period_text="2024年",
        source="重庆日报",
        published_at=PUBLISHED,
    ),
    Fact(
        fact_id="f1",
        metric="地区生产总值",
        region="重庆市",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        kind="actual",
        value=3.2e12,
        unit="元",
        value_text="3.2万亿元",
        yoy_pct=5.7,
        share_pct=None,
        status="agreed",
        n_reports=3,
        n_agreeing=2,
        n_documents=3,
        n_sources=2,
        first_reported_at=PUBLISHED,
        period_text="2024年",
    ),
]


def document() -> Document:
    doc = Document(
        doc_id="0123456789abcdef",
        location="https://example.gov.cn/a.html",
        raw_sha256="a" * 64,
        seen_at=SEEN,
        encoding="utf-8",
        is_html=True,
        title="重庆经济稳中向好",
        published_at=PUBLISHED,
        text="2024年,重庆市地区生产总值3.2万亿元。",
        text_hash="e" * 16,
    )
    doc.quality.lines_removed["menu"] = 2
    doc.indicators.append(INDICATOR)
    doc.mentions.append(Mention("org", "重庆市统计局"))
    return doc


def test_a_document_with_its_quality_and_extractions_survives_pickling() -> None:
    doc = document()
    back = pickle.loads(pickle.dumps([doc], protocol=pickle.HIGHEST_PROTOCOL))[0]
    assert back == doc and back is not doc
    assert back.quality.lines_removed == {"menu": 2}
    assert back.indicators == [INDICATOR] and back.mentions == [Mention("org", "重庆市统计局")]
    assert back.published_at.tzinfo is None and back.seen_at.tzinfo is not None


@pytest.mark.parametrize("record", FLAT_RECORDS, ids=lambda r: type(r).__name__)
def test_every_record_survives_pickling(record: object) -> None:
    assert pickle.loads(pickle.dumps(record)) == record


@pytest.mark.parametrize(
    "cls", [Document, *(type(r) for r in FLAT_RECORDS)], ids=lambda c: c.__name__
)
def test_records_are_not_slotted_so_that_they_unpickle_fast(cls: type) -> None:
    assert "__slots__" not in vars(cls)


def test_extractors_read_the_restored_text_where_a_page_was_spun() -> None:
    doc = document()
    assert doc.extraction_text == doc.text
    doc.restored_text = "2024年,重庆市地区生产总值3.2万亿元。(已还原)"
    assert doc.extraction_text == doc.restored_text
    doc.restored_text = ""  # restored to nothing is still the restored text
    assert doc.extraction_text == ""


def test_each_document_starts_with_its_own_quality_and_lists() -> None:
    a = Document("a", "loc-a", "1" * 64, SEEN)
    b = Document("b", "loc-b", "2" * 64, SEEN)
    a.quality.lines_removed["menu"] = 1
    a.indicators.append(INDICATOR)
    a.mentions.append(Mention("place", "重庆市"))
    assert b.quality == Quality() and b.indicators == [] and b.mentions == []
    assert (b.quality.flag, b.original_script, b.is_html) == ("ok", "hans", False)


def _datetime_columns(cls: type) -> dict[str, pa.DataType]:
    return {n: t for n, t in columns(cls) if pa.types.is_timestamp(t)}


def test_only_fields_marked_local_time_are_naive_every_other_datetime_is_utc() -> None:
    local = set()
    for cls in (Document, *(type(r) for r in FLAT_RECORDS)):
        marked = {f.name for f in dataclasses.fields(cls) if f.metadata == LOCAL_TIME}
        for name, kind in _datetime_columns(cls).items():
            assert kind.tz == (None if name in marked else "UTC"), f"{cls.__name__}.{name}"
        local |= {f"{cls.__name__}.{name}" for name in marked}
    assert local == {
        "Document.published_at",
        "FactReport.published_at",
        "Fact.first_reported_at",
        "Fact.last_reported_at",
    }


@pytest.mark.parametrize("record", FLAT_RECORDS, ids=lambda r: type(r).__name__)
def test_every_field_of_a_flat_record_is_a_column(record: object) -> None:
    cls = type(record)
    assert [name for name, _ in columns(cls)] == [f.name for f in dataclasses.fields(cls)]


def test_a_document_stores_every_field_but_its_quality_and_extractions() -> None:
    stored = {name for name, _ in columns(Document)}
    fields = {f.name for f in dataclasses.fields(Document)}
    assert fields - stored == {"quality", "indicators", "mentions"}


@pytest.mark.parametrize("record", FLAT_RECORDS, ids=lambda r: type(r).__name__)
def test_a_record_comes_back_from_its_arrow_row_unchanged(record: object) -> None:
    cls = type(record)
    (row,) = records_table([record], cls).to_pylist()
    maps = {n for n, kind in columns(cls) if pa.types.is_map(kind)}
    row = {k: dict(v) if k in maps else v for k, v in row.items()}  # Arrow maps read as pairs
    assert cls(**row) == record


def test_a_document_row_keeps_the_local_time_as_written_and_the_seen_time_in_utc() -> None:
    doc = document()
    (row,) = records_table([doc], Document).to_pylist()
    assert row["published_at"] == PUBLISHED and row["published_at"].tzinfo is None
    assert row["seen_at"] == SEEN and row["seen_at"].utcoffset().total_seconds() == 0
    assert {k: v for k, v in row.items() if k not in ("published_at", "seen_at")} == {
        k: getattr(doc, k) for k in row if k not in ("published_at", "seen_at")
    }


def test_a_fact_report_is_rebuilt_from_its_columns_in_field_order() -> None:
    """store/facts.py reads reports back positionally: FactReport(*values) in column order."""
    report = FLAT_RECORDS[-2]
    table = records_table([report], FactReport)
    values = [table.column(name)[0].as_py() for name in table.column_names]
    assert FactReport(*values) == report


@pytest.mark.parametrize(("a", "b"), [(Indicator, FactReport), (FactReport, Fact)])
def test_a_column_shared_by_two_records_has_one_type(a: type, b: type) -> None:
    """A report is an indicator row read back, a fact is settled from reports: shared names
    must keep their type on the way."""
    types_a, types_b = dict(columns(a)), dict(columns(b))
    shared = set(types_a) & set(types_b)
    assert {"metric", "region", "period_start", "period_end", "value", "yoy_pct"} <= shared
    assert {n: types_a[n] for n in shared} == {n: types_b[n] for n in shared}
