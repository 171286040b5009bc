"""Ad-hoc queries for `newslake sql`: read statements only, checked by DuckDB's own parser.

The lake is opened read-only, which stops writes to the database, but not `copy … to`, `export
database`, `attach`, `install` or `set`, which write files or change what later statements may
do. Every statement must be a select (describe, show, summarize and from-first queries parse as
one) or a plain explain; reading Parquet, CSV or JSON files in a select stays allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from newslake.store.connection import SqlResult, reading

_ANALYZE = re.compile(r"\banaly[sz]e\b", re.IGNORECASE)


class QueryRefused(ValueError):
    """A statement that is not a read; the message names it."""


def check_read_only(con: duckdb.DuckDBPyConnection, query: str) -> None:
    """Raise QueryRefused unless every statement of `query` only reads."""
    statements = con.extract_statements(query)
    if not statements:
        raise QueryRefused("no statement to run")
    for statement in statements:
        kind = statement.type
        if kind == duckdb.StatementType.SELECT:
            continue
        # explain analyze runs its statement (explain analyze copy … writes the file)
        if kind == duckdb.StatementType.EXPLAIN and not _ANALYZE.search(statement.query):
            continue
        name = str(kind).rsplit(".", 1)[-1]
        if kind == duckdb.StatementType.EXPLAIN:
            name = "EXPLAIN ANALYZE"
        raise QueryRefused(
            "only read statements run here (select, describe, show, summarize, explain); "
            f"refused {name}: {statement.query.strip()[:80]!r}"
        )


def run_query(db: Path, query: str, *, timeout: float) -> SqlResult:
    """Run an analyst's read-only query against the lake; the last statement's rows come back."""
    with reading(db, timeout=timeout) as con:
        check_read_only(con, query)
        cur = con.execute(query)
        columns = [d[0] for d in cur.description] if cur.description else []
        return SqlResult(columns, cur.fetchall() if columns else [])
