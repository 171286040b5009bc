"""Facts in the lake: the keys a run's loads touched, settled again and written only if they moved.

Loads mark the keys of the rows they replace in `facts_pending` (sql/queries/mark_fact_keys.sql),
in the load's own transaction, so a crash never loses a key. `update_facts` then reads the
reports of those keys, consolidates them outside any transaction (newslake/facts) and rewrites
only the facts whose fingerprint changed: an unchanged rerun writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa

from newslake.facts import consolidate_sorted, facts_version
from newslake.records import Fact, FactReport
from newslake.store.connection import reading, run_sql, sql_text, writing
from newslake.store.tables import constant, records_table

_TS = pa.timestamp("us", tz="UTC")
_CHUNK = 50_000  # reports turned into Python objects at a time (memory stays flat at 100k pages)


@dataclass
class FactUpdate:
    """What one facts step did: facts new, changed, removed, and how many of those conflict."""

    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflict: int = 0
    settled: int = 0  # keys looked at

    def counts(self) -> dict[str, int]:
        return {
            "facts_new": len(self.new),
            "facts_changed": len(self.changed),
            "facts_removed": len(self.removed),
            "facts_conflict": self.conflict,
        }


@dataclass(frozen=True)
class _Stored:
    fingerprint: str | None
    created_at: datetime | None
    status: str | None
    value: float | None
    yoy_pct: float | None
    exists: bool
    metric: str | None
    region: str | None
    period_start: date | None
    period_end: date | None
    kind: str | None


@dataclass(frozen=True)
class FactChange:
    """One line of the facts' change log (fact_changes), before run_id and time are added."""

    fact_id: str
    change: str  # new | changed | removed
    metric: str
    region: str | None
    period_start: date | None
    period_end: date | None
    kind: str
    status: str | None
    value: float | None
    yoy_pct: float | None
    before_status: str | None
    before_value: float | None
    before_yoy_pct: float | None


def update_facts(db: Path, run_id: str, *, timeout: float) -> FactUpdate:
    """Settle every key waiting in facts_pending; write the facts that are new, changed or gone."""
    with writing(db, timeout=timeout) as con:
        waiting = run_sql(con, "facts_prepare", version=facts_version()).rows[0][0]
        if not waiting:
            return FactUpdate()
        reports = con.sql(sql_text("facts_reports")).to_arrow_table()
        stored = {row[0]: _Stored(*row[1:]) for row in run_sql(con, "facts_existing").rows}
    update = FactUpdate(settled=len(stored))
    now = datetime.now(UTC)
    facts: list[Fact] = []
    fingerprints: list[str] = []
    verdicts: list[tuple[int, bool, bool]] = []  # (row in `reports`, agrees, chosen)
    changes: list[FactChange] = []
    seen: set[str] = set()
    offset = 0
    for group, result in consolidate_sorted(_report_records(reports)):
        fact, before = result.fact, stored.get(result.fact.fact_id)
        seen.add(fact.fact_id)
        start, offset = offset, offset + len(group)
        if before is not None and before.fingerprint == result.fingerprint:
            continue
        change = "changed" if before is not None and before.exists else "new"
        getattr(update, change).append(fact.fact_id)
        update.conflict += fact.status == "conflict"
        facts.append(fact)
        fingerprints.append(result.fingerprint)
        verdicts += [(start + i, ok, i == result.chosen) for i, ok in enumerate(result.agrees)]
        changes.append(_change(fact, change, before))
    for fact_id, before in stored.items():
        if before.exists and fact_id not in seen:
            update.removed.append(fact_id)
            key = (before.metric or "", before.region, before.period_start, before.period_end)
            changes.append(
                FactChange(
                    fact_id, "removed", *key, before.kind or "", None, None, None, *_before(before)
                )
            )
    created = [
        (stored[f.fact_id].created_at if f.fact_id in update.changed else None) or now
        for f in facts
    ]
    tables = {
        "batch_facts": records_table(
            facts,
            Fact,
            extra={
                "fingerprint": pa.array(fingerprints, pa.string()),
                "created_at": pa.array(created, _TS),
                "updated_at": constant(now, len(facts), _TS),
                "run_id": constant(run_id, len(facts), pa.string()),
            },
        ),
        "batch_fact_reports": _report_rows(reports, verdicts),
        "batch_fact_changes": records_table(changes, FactChange),
        "rewritten_facts": _ids(update.new + update.changed + update.removed),
        "settled_facts": _ids(list(stored)),
    }
    with writing(db, timeout=timeout, tables=tables) as con:
        run_sql(con, "facts_write", run_id=run_id, changed_at=now)
    return update


def _report_records(reports: pa.Table) -> Iterator[FactReport]:
    """The reports as records, a chunk at a time (the Arrow table itself is compact)."""
    names = [f.name for f in reports.schema]
    for start in range(0, reports.num_rows, _CHUNK):
        chunk = reports.slice(start, _CHUNK)
        columns = [chunk.column(n).to_pylist() for n in names]
        for values in zip(*columns, strict=True):
            yield FactReport(*values)


def _report_rows(reports: pa.Table, verdicts: Sequence[tuple[int, bool, bool]]) -> pa.Table:
    """fact_reports rows: fact_id, doc_id, seq taken from the input, with each verdict."""
    rows = pa.array([v[0] for v in verdicts], pa.int64())
    picked = reports.select(["fact_id", "doc_id", "seq"]).take(rows)
    return picked.append_column(
        "agrees", pa.array([v[1] for v in verdicts], pa.bool_())
    ).append_column("chosen", pa.array([v[2] for v in verdicts], pa.bool_()))


def _before(before: _Stored | None) -> tuple[str | None, float | None, float | None]:
    if before is None or not before.exists:
        return None, None, None
    return before.status, before.value, before.yoy_pct


def _change(fact: Fact, change: str, before: _Stored | None) -> FactChange:
    key = (fact.metric, fact.region, fact.period_start, fact.period_end, fact.kind)
    return FactChange(
        fact.fact_id, change, *key, fact.status, fact.value, fact.yoy_pct, *_before(before)
    )


def _ids(ids: Sequence[str]) -> pa.Table:
    return pa.table({"fact_id": pa.array(list(ids), pa.string())})


def read_facts(
    db: Path,
    *,
    metric: str | None = None,
    region: str | None = None,
    since: int | None = None,
    conflicts: bool = False,
    timeout: float,
) -> list[dict[str, object]]:
    """Facts of v_facts as `newslake facts` lists them (filters left as None match everything)."""
    with reading(db, timeout=timeout) as con:
        result = run_sql(
            con, "cli_facts", metric=metric, region=region, since=since, conflicts=conflicts
        )
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def read_fact_reports(
    db: Path, fact_ids: Sequence[str], *, timeout: float
) -> list[dict[str, object]]:
    """The reports (v_fact_reports) of these facts, agreeing ones first."""
    with reading(db, timeout=timeout) as con:
        result = run_sql(con, "cli_fact_reports", fact_ids=list(fact_ids))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]
