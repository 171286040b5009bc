"""Publishing the lake: snapshots renamed into place, in a format every DuckDB 1.4+ client reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from newslake.settings import working_db
from newslake.store import contract, publish
from newslake.store.connection import apply_schema, reading, run_sql, storage_version, writing

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # duckdb-cli, from the dev extras

HOLD_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("select value from lake_state where key = 'journal_offset'").fetchall()[0][0], flush=True)
sys.stdin.readline()
print(con.execute("select value from lake_state where key = 'journal_offset'").fetchall()[0][0], flush=True)
"""


def _lake(tmp_path: Path, offset: int, **connect: object) -> tuple[Path, Path]:
    db = tmp_path / "lake" / "newslake.duckdb"
    work = working_db(db)
    work.parent.mkdir(parents=True, exist_ok=True)
    with writing(work, timeout=5) as con:
        apply_schema(con)
        run_sql(con, "save_journal_offset", offset=offset, tail="")
    return db, work


def _offset(db: Path) -> int:
    with reading(db, timeout=5) as con:
        return int(run_sql(con, "journal_offset").rows[0][0])


def _save_offset(work: Path, offset: int) -> None:
    with writing(work, timeout=5) as con:
        run_sql(con, "save_journal_offset", offset=offset, tail="")


def _cli(db: Path, sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(DUCKDB_CLI), "-readonly", "-csv", "-noheader", str(db), sql],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_published_file_opens_in_the_duckdb_cli_with_every_view(tmp_path: Path) -> None:
    db, work = _lake(tmp_path, 7)
    publish.publish(work, db, timeout=5)
    with reading(db, timeout=5) as con:
        assert storage_version(con) == (1, 4, 0)
    counts = " union all ".join(f"select count(*) from {v.name}" for v in contract.views())
    out = _cli(db, counts)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0"] * len(contract.views())
    assert oct(db.stat().st_mode & 0o777) == "0o444"


def test_a_reader_keeps_its_snapshot_and_a_new_connection_sees_the_next(tmp_path: Path) -> None:
    db, work = _lake(tmp_path, 1)
    publish.publish(work, db, timeout=5)
    reader = subprocess.Popen(
        [sys.executable, "-c", HOLD_READER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "1"
        _save_offset(work, 2)  # the reader's open file does not stop the run or its publish
        publish.publish(work, db, timeout=5)
        assert _offset(db) == 2
        out, _ = reader.communicate("\n", timeout=30)
        assert out.strip() == "1"  # the old snapshot, whole, for as long as it stays open
    finally:
        reader.kill()


def test_a_crash_between_copy_and_rename_leaves_the_previous_snapshot(tmp_path: Path) -> None:
    db, work = _lake(tmp_path, 1)
    publish.publish(work, db, timeout=5)
    _save_offset(work, 2)
    staged = publish.stage_snapshot(work, db, timeout=5)  # ... and the process dies here
    assert staged.exists() and staged.parent == db.parent
    assert _offset(db) == 1
    assert (
        _cli(db, "select value from lake_state where key = 'journal_offset'").stdout.strip() == "1"
    )
    # The next run removes the leftover before it writes.
    assert publish.prepare_working_file(work, db, timeout=5) is None
    assert not staged.exists()
    publish.publish(work, db, timeout=5)
    assert _offset(db) == 2


def test_a_stale_wal_beside_the_analysts_file_is_removed_on_publish(tmp_path: Path) -> None:
    db, work = _lake(tmp_path, 3)
    db.with_name(db.name + ".wal").write_bytes(b"left by a crashed read-write session")
    publish.publish(work, db, timeout=5)
    assert not db.with_name(db.name + ".wal").exists()
    assert _offset(db) == 3


@pytest.mark.parametrize("layout", ["old-layout", "2.0-working-file"])
def test_a_lake_in_duckdb_2_format_is_rewritten_once_for_1x_readers(
    tmp_path: Path, layout: str
) -> None:
    db = tmp_path / "lake" / "newslake.duckdb"
    work = working_db(db)
    target = db if layout == "old-layout" else work
    target.parent.mkdir(parents=True)
    with duckdb.connect(str(target)) as con:  # what duckdb 2.0 writes by default
        apply_schema(con)
        run_sql(con, "save_journal_offset", offset=42, tail="")
        assert storage_version(con) == (2, 0, 0)
    done = publish.prepare_working_file(work, db, timeout=5)
    assert done is not None and "v1.4.0" in done
    with reading(work, timeout=5) as con:
        assert storage_version(con) == (1, 4, 0)
        assert run_sql(con, "journal_offset").rows[0][0] == 42
    assert publish.prepare_working_file(work, db, timeout=5) is None  # once
    with writing(work, timeout=5) as con:
        apply_schema(con)  # what the run does next
    publish.publish(work, db, timeout=5)
    assert (
        _cli(db, "select value from lake_state where key = 'journal_offset'").stdout.strip() == "42"
    )
