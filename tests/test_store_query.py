"""`newslake sql`'s queries: read statements run, anything that could write is refused unparsed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from newslake.store.query import QueryRefused, run_query


@pytest.mark.parametrize(
    ("query", "refused"),
    [
        ("copy (select 1) to '{out}'", "COPY"),
        ("copy v_runs to '{out}' (format parquet)", "COPY"),
        ("export database '{out}'", "EXPORT"),
        ("attach '{out}' as other", "ATTACH"),
        ("explain analyze copy (select 1) to '{out}'", "EXPLAIN ANALYZE"),
        ("select 1; copy (select 1) to '{out}'", "COPY"),
        ("install httpfs", "LOAD"),
        ("set enable_external_access = true", "SET"),
        ("pragma enable_profiling", "PRAGMA"),
        ("create table t as select 1", "CREATE"),
        ("checkpoint", "CALL"),
    ],
)
def test_statements_that_could_write_are_refused(
    db: Path, tmp_path: Path, query: str, refused: str
) -> None:
    out = tmp_path / "written"
    with pytest.raises(QueryRefused, match=f"refused {refused}: "):
        run_query(db, query.format(out=out), timeout=5)
    assert not out.exists()


def test_reads_run_including_files_beside_the_lake(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "extra.csv"
    csv.write_text("region,value\n重庆市,1\n", encoding="utf-8")
    parquet = tmp_path / "extra.parquet"
    duckdb.execute(f"copy (select 2 as value) to '{parquet}' (format parquet)")
    assert run_query(db, f"select region, value from '{csv}'", timeout=5).rows == [("重庆市", 1)]
    assert run_query(db, f"from read_parquet('{parquet}')", timeout=5).rows == [(2,)]
    assert run_query(db, "describe v_runs", timeout=5).rows
    assert run_query(db, "explain select * from v_runs", timeout=5).rows
    result = run_query(
        db, "with r as (select count(*) as n from v_runs) select n from r", timeout=5
    )
    assert (result.columns, result.rows) == (["n"], [(0,)])
