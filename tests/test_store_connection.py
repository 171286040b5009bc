"""The one way into DuckDB: schema applied idempotently, transactions, named statements, lock waits."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newslake.store.connection import (
    LakeBusyError,
    apply_schema,
    reading,
    run_sql,
    schema_files,
    writing,
)

HOLD = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); "
    "sys.stdin.readline()"
)


def test_schema_applies_twice_and_views_follow_v_documents(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    for _ in range(2):
        with writing(db, timeout=5) as con:
            apply_schema(con)
    names = [p.name for p in schema_files()]
    assert names.index("v_documents.sql") < names.index("v_indicators.sql")
    with reading(db, timeout=5) as con:
        assert con.execute("select count(*) from v_documents").fetchone() == (0,)


def test_a_failed_write_is_rolled_back(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    with writing(db, timeout=5) as con:
        apply_schema(con)
    with pytest.raises(RuntimeError), writing(db, timeout=5) as con:
        run_sql(con, "save_journal_offset", offset=42, tail="")
        raise RuntimeError("boom")
    with reading(db, timeout=5) as con:
        assert run_sql(con, "journal_offset").rows == [(0, None)]


def test_named_statements_take_only_the_parameters_they_name(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    with writing(db, timeout=5) as con:
        apply_schema(con)
        run_sql(con, "save_journal_offset", offset=7, tail="", unused="ignored")
        result = run_sql(con, "journal_offset")
    assert result.rows == [(7, "")] and len(result.columns) == 2  # the offset and the tail


def test_reading_a_missing_lake_says_how_to_make_one(tmp_path: Path) -> None:
    with (
        pytest.raises(FileNotFoundError, match="newslake run"),
        reading(tmp_path / "x.duckdb", timeout=1),
    ):
        pass


def test_a_writer_waits_for_the_lock_then_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(LakeBusyError, match=rf"{holder.pid}"), writing(db, timeout=1.5):
            pass
        assert time.monotonic() - started >= 1.5
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    with writing(db, timeout=5) as con:  # free again
        assert con.execute("select 1").fetchone() == (1,)
