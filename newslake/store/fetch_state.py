"""Fetch state in the lake: HTTP validators per URL and the source name of every fetched URL."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from newslake.records import Validators
from newslake.store.connection import reading, run_sql, writing
from newslake.store.tables import constant, records_table

_TS = pa.timestamp("us", tz="UTC")


def read_validators(db: Path, *, timeout: float) -> dict[str, Validators]:
    """What to send back per URL; a URL stored by a run that died has empty validators."""
    if not db.exists():
        return {}
    with reading(db, timeout=timeout) as con:
        rows = run_sql(con, "read_validators").rows
    return {url: Validators(etag, modified, sha) for url, etag, modified, sha in rows}


def save_validators(db: Path, validators: Mapping[str, Validators], *, timeout: float) -> None:
    if not validators:
        return
    n = len(validators)
    table = records_table(
        list(validators.values()),
        Validators,
        lead={"url": pa.array(list(validators), pa.string())},
        extra={"fetched_at": constant(datetime.now(UTC), n, _TS)},
    )
    with writing(db, timeout=timeout, tables={"batch_validators": table}) as con:
        run_sql(con, "save_validators")


def save_page_sources(db: Path, source_of: Mapping[str, str], *, timeout: float) -> None:
    """Remember the sources-file name of every URL a fetch saw (v_documents.source_key)."""
    if not source_of:
        return
    table = pa.table(
        {
            "location": pa.array(list(source_of), pa.string()),
            "source_key": pa.array(list(source_of.values()), pa.string()),
            "updated_at": constant(datetime.now(UTC), len(source_of), _TS),
        }
    )
    with writing(db, timeout=timeout, tables={"batch_page_sources": table}) as con:
        run_sql(con, "save_page_sources")
