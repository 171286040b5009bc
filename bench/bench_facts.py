"""What facts cost on a lake: settling every key, a batch's key marking, and analysts' queries.

    python -m bench.bench_facts LAKE.duckdb                # the lake as it is
    python -m bench.bench_facts LAKE.duckdb --scale 5      # its documents copied 5 times over

Works on a copy of the file (the lake itself is never written). `--scale k` adds k-1 copies of
every document with new ids and locations (their clusters copied too), so a 20k-page lake from
bench_pipeline stands in for a 100k one: five times the documents, indicator rows and reports per
fact. Measures, each as wall and CPU seconds of this process (DuckDB's threads included):
  settle_all    the facts step with every key pending and no facts yet (a fresh lake's first run)
  settle_same   every key pending again, nothing changed (a reprocess): reads and compares only
  mark_batch    sql/queries/mark_fact_keys.sql for one batch of 200 documents, twice as a load runs
                it for replaced pages (median of --repeat batches)
  v_facts       select * from v_facts where region = '成都市' (best of 5)
  view_instead  the same filter on a view that groups v_indicators on the fly (counts only, no
                rounding rules): what computing facts in a view would cost at least
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa

from newslake.store import facts
from newslake.store.connection import run_sql, writing

TIMEOUT = 60.0
REGION = "成都市"
_COPY = [
    """insert into documents by name
       select * replace (doc_id || '~' || $k as doc_id, location || '#' || $k as location)
       from documents where doc_id not like '%~%'""",
    """insert into doc_clusters by name
       select * replace (doc_id || '~' || $k as doc_id, cluster_id || '~' || $k as cluster_id,
                         matched_doc_id || '~' || $k as matched_doc_id)
       from doc_clusters where doc_id not like '%~%'""",
    """insert into doc_quality by name
       select * replace (doc_id || '~' || $k as doc_id) from doc_quality where doc_id not like '%~%'""",
    """insert into indicators by name
       select * replace (doc_id || '~' || $k as doc_id) from indicators where doc_id not like '%~%'""",
]
_VIEW_INSTEAD = """
    with facts_view as (
        select
            i.fact_id, i.metric, i.region, i.period_start, i.period_end, i.kind,
            max(i.value) as value, max(i.yoy_pct) as yoy_pct,
            count(distinct i.doc_id) as n_documents, count(distinct d.source) as n_sources,
            min(d.published_at) as first_reported_at, max(d.published_at) as last_reported_at
        from v_indicators i
        join v_documents d using (doc_id)
        group by all
    )
    select * from facts_view where region = $region
"""


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def scale_lake(db: Path, k: int) -> None:
    with writing(db, timeout=TIMEOUT) as con:
        for copy in range(1, k):
            for statement in _COPY:
                con.execute(statement, {"k": str(copy)})


def reset_facts(db: Path, *, keep: bool) -> None:
    """Every key pending; without `keep`, no facts stored yet (as a fresh lake's first run)."""
    with writing(db, timeout=TIMEOUT) as con:
        if not keep:
            for table in ("facts", "fact_reports", "fact_changes"):
                con.execute(f"delete from {table}")
        con.execute("insert or ignore into facts_pending select distinct fact_id from indicators")


def mark_batch(db: Path, doc_ids: list[str]) -> float:
    """One batch's key marking, as load_documents runs it (twice: before and after), rolled back."""
    with duckdb.connect(str(db)) as con:
        con.register("batch_docs", pa.table({"doc_id": pa.array(doc_ids, pa.string())}))
        con.execute("begin transaction")
        start = time.perf_counter()
        run_sql(con, "mark_fact_keys")
        run_sql(con, "mark_fact_keys")
        seconds = time.perf_counter() - start
        con.execute("rollback")
    return seconds


def best_query(db: Path, sql: str, params: dict[str, object], repeat: int = 5) -> tuple[float, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        best, rows = float("inf"), 0
        for _ in range(repeat):
            start = time.perf_counter()
            rows = len(con.execute(sql, params).fetchall())
            best = min(best, time.perf_counter() - start)
    return best, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="batches to time mark_batch on")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-facts-") as tmp:
        db = Path(tmp) / "lake.duckdb"
        shutil.copy(args.db, db)
        if args.scale > 1:
            scale_lake(db, args.scale)
        with duckdb.connect(str(db), read_only=True) as con:
            size = dict(
                zip(
                    ("documents", "indicators"),
                    con.execute(
                        "select (select count(*) from documents), (select count(*) from indicators)"
                    ).fetchone()
                    or (0, 0),
                    strict=True,
                )
            )
            doc_ids = [r[0] for r in con.execute("select doc_id from documents").fetchall()]
        record: dict[str, object] = {"bench": "facts", "scale": args.scale, **size}
        reset_facts(db, keep=False)
        wall, cpu, update = timed(lambda: facts.update_facts(db, "bench", timeout=TIMEOUT))
        assert isinstance(update, facts.FactUpdate)
        record |= {
            "facts": len(update.new),
            "settle_all_s": round(wall, 2),
            "settle_all_cpu_s": round(cpu, 2),
        }
        reset_facts(db, keep=True)
        wall, cpu, update = timed(lambda: facts.update_facts(db, "bench2", timeout=TIMEOUT))
        assert isinstance(update, facts.FactUpdate) and not update.changed and not update.new
        record |= {"settle_same_s": round(wall, 2), "settle_same_cpu_s": round(cpu, 2)}
        rng = random.Random(1)
        marks = [
            mark_batch(db, rng.sample(doc_ids, min(200, len(doc_ids)))) for _ in range(args.repeat)
        ]
        record["mark_batch_ms"] = round(1000 * statistics.median(marks), 1)
        seconds, rows = best_query(
            db, "select * from v_facts where region = $region", {"region": REGION}
        )
        record |= {"v_facts_ms": round(1000 * seconds, 1), "v_facts_rows": rows}
        seconds, rows = best_query(db, _VIEW_INSTEAD, {"region": REGION})
        record |= {"view_instead_ms": round(1000 * seconds, 1)}
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
