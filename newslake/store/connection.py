"""Opening the DuckDB lake: schema and views from sql/, and waiting politely for the file lock.

The rest of the store goes through `writing`, `reading` and `run_sql`; nothing else connects.

DuckDB lets one process write and blocks every other process meanwhile, readers included, so every
caller opens the file for one short unit of work and closes it again. Runs write a working file
that analysts never open (`newslake/store/publish.py` publishes copies of it), and every file we
create is in storage format v1.4.0, which duckdb 1.4, 1.5 and 2.0 and their CLIs all read.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from newslake.settings import SQL_DIR

# duckdb 2.0 writes its own format by default, which 1.x (and duckdb-cli 1.5.6) refuse to open.
STORAGE_VERSION = "v1.4.0"
_WRITE_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "storage_compatibility_version": STORAGE_VERSION
}

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


class LakeBusyError(RuntimeError):
    """The DuckDB file stayed locked by another process for longer than we were willing to wait."""


# What callers outside the store catch, so that nothing but the store imports duckdb.
DatabaseError = duckdb.Error
DatabaseIOError = duckdb.IOException


def sql_text(name: str) -> str:
    """A statement kept in sql/queries/ (SQL lives in .sql files, not in Python strings)."""
    return (SQL_DIR / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def schema_files() -> list[Path]:
    """Tables in numbered order, then views with v_documents first (the others build on it)."""
    tables = sorted((SQL_DIR / "schema").glob("*.sql"))
    views = sorted(
        (SQL_DIR / "views").glob("v_*.sql"), key=lambda p: (p.name != "v_documents.sql", p.name)
    )
    return tables + views


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create tables and (re)create views; every file is idempotent."""
    for path in schema_files():
        con.execute(path.read_text(encoding="utf-8"))


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc)
    return "lock" in text.lower() and ("Conflicting" in text or "Could not set lock" in text)


def describe_holder(exc: Exception) -> str:
    match = _LOCK_HOLDER.search(str(exc))
    if match:
        return f"process {match.group(2)} ({match.group(1)})"
    return "another process"


def connect_with_retry(
    db: Path, *, read_only: bool, timeout: float, what: str
) -> duckdb.DuckDBPyConnection:
    """Open the lake, retrying with jittered backoff while another process holds the lock."""
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            if read_only:
                return duckdb.connect(str(db), read_only=True)
            return duckdb.connect(str(db), config=_WRITE_CONFIG)
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise LakeBusyError(
                    f"{what}: {db} is locked by {describe_holder(exc)}; waited {timeout:.0f} s. "
                    "Close that process (or its DuckDB connection) and try again."
                ) from exc
            time.sleep(
                min(delay, max(deadline - time.monotonic(), 0.01)) * random.uniform(0.8, 1.2)
            )
            delay = min(delay * 2, 2.0)


@contextmanager
def writing(
    db: Path, *, timeout: float, tables: Mapping[str, object] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short write transaction on the lake; committed on success, rolled back on error.

    `tables` (Arrow tables by name) are registered for the statements to read; they go with the
    connection, which closes at the end.
    """
    db.parent.mkdir(parents=True, exist_ok=True)
    con = connect_with_retry(db, read_only=False, timeout=timeout, what="writing the lake")
    try:
        _register(con, tables)
        con.execute("begin transaction")
        try:
            yield con
        except BaseException:
            con.execute("rollback")
            raise
        con.execute("commit")
    finally:
        con.close()


@contextmanager
def reading(
    db: Path, *, timeout: float, tables: Mapping[str, object] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection (with `tables` registered); waits while a run holds the lock."""
    if not db.exists():
        raise FileNotFoundError(f"no lake at {db}: run `newslake run` first")
    con = connect_with_retry(db, read_only=True, timeout=timeout, what="reading the lake")
    try:
        _register(con, tables)
        yield con
    finally:
        con.close()


def checkpoint(db: Path, *, timeout: float) -> None:
    """Fold the write-ahead log into the file, so the file alone holds every commit."""
    con = connect_with_retry(db, read_only=False, timeout=timeout, what="checkpointing the lake")
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def run_between_files(name: str, **files: object) -> None:
    """Run sql/queries/<name>.sql on a connection of its own, which attaches the files it names.

    ATTACH takes no parameters: each `{placeholder}` becomes a quoted literal of the value given.
    """
    literals = {key: "'" + str(value).replace("'", "''") + "'" for key, value in files.items()}
    con = duckdb.connect(":memory:")
    try:
        for statement in _statements(sql_text(name).format(**literals)):
            con.execute(statement)
    finally:
        con.close()


def storage_version(con: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """The open database's storage format, e.g. (1, 4, 0) for v1.4.0+ (2.0's own is (2, 0, 0))."""
    row = con.execute(sql_text("storage_version")).fetchone()
    digits = re.findall(r"\d+", str(row[0] if row else ""))
    return tuple(int(d) for d in digits[:3])


def _register(con: duckdb.DuckDBPyConnection, tables: Mapping[str, object] | None) -> None:
    for name, table in (tables or {}).items():
        con.register(name, table)


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True, slots=True)
class SqlResult:
    columns: list[str]
    rows: list[tuple]


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> SqlResult:
    """Execute every statement of sql/queries/<name>.sql, each with the parameters it names.

    Every result is read to the end (DuckDB refuses new work while one is unread); the last
    statement's rows are returned.
    """
    result = SqlResult([], [])
    for statement in _statements(sql_text(name)):
        wanted = {key: params[key] for key in _PARAM.findall(statement)}
        cur = con.execute(statement, wanted) if wanted else con.execute(statement)
        columns = [d[0] for d in cur.description] if cur.description else []
        result = SqlResult(columns, cur.fetchall())
    return result


def _statements(text: str) -> list[str]:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in body.split(";") if part.strip()]
