"""Arrow tables from the record dataclasses: columns are the scalar fields, with their types."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow as pa

from newslake.records import Document, Indicator, Quality, RawRef
from newslake.store.tables import columns, constant, records_table


def test_columns_are_the_scalar_fields_in_order() -> None:
    names = [name for name, _ in columns(Document)]
    assert names[:4] == ["doc_id", "location", "raw_sha256", "seen_at"]
    assert "quality" not in names and "indicators" not in names and "mentions" not in names
    assert "extraction_text" not in names  # a property, not a field


def test_types_follow_the_annotations() -> None:
    kinds = dict(columns(Document))
    assert kinds["seen_at"] == pa.timestamp("us", tz="UTC")
    assert kinds["published_at"] == pa.timestamp("us")  # local wall time, as the page wrote it
    assert kinds["is_html"] == pa.bool_() and kinds["similarity"] == pa.float64()
    assert dict(columns(Quality))["lines_removed"] == pa.map_(pa.string(), pa.int64())
    assert dict(columns(Indicator))["period_start"] == pa.date32()


def test_a_table_has_lead_fields_and_extra_columns() -> None:
    refs = [
        RawRef("a", "1" * 64, 3, datetime(2025, 1, 1, tzinfo=UTC)),
        RawRef("b", "2" * 64, 4, datetime(2025, 1, 2, tzinfo=UTC), "text/html"),
    ]
    table = records_table(
        refs,
        RawRef,
        exclude=("declared_charset", "run_id", "final_url", "mtime_ns"),
        lead={"n": pa.array([1, 2], pa.int32())},
        extra={"run": constant("r1", 2, pa.string())},
    )
    assert table.column_names == [
        "n",
        "location",
        "sha256",
        "size",
        "seen_at",
        "content_type",
        "run",
    ]
    assert table.to_pylist()[1]["content_type"] == "text/html"
    assert table.column("size").to_pylist() == [3, 4]


def test_an_empty_batch_still_has_typed_columns() -> None:
    table = records_table([], Indicator)
    assert table.num_rows == 0 and table.schema.field("period_end").type == pa.date32()
    assert (
        records_table(
            [Indicator("m", None, date(2024, 1, 1), None, None, 1.0, "元", "1元")], Indicator
        ).num_rows
        == 1
    )
