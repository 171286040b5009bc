"""Extraction on real pages: ../shared/corpus/realworld through the whole path, scored by the
corpus's own scorer (../shared/tools/score_realworld.py) on a fresh lake.

The lake is built with the flow's steps called directly (bench.bench_pipeline.run_direct: same
functions, batches and loads as `newslake run`, without Prefect), so one measurement takes
seconds. Run: `.venv/bin/python -m bench.eval_realworld [--misses] [--json]`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "realworld"
SCORER = SHARED / "tools" / "score_realworld.py"


def available() -> bool:
    return (CORPUS / "pages").is_dir() and SCORER.is_file()


def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_realworld", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_lake(pages: Path, root: Path, workers: int = 1) -> Path:
    from bench.bench_pipeline import run_direct
    from newslake.store import runs

    db, lake = root / "lake" / "newslake.duckdb", root / "lake"
    runs.start_run(db, "schema", None, timeout=60)  # creates the lake
    run_direct(pages, db, lake, batch_size=200, workers=workers)
    return db


def score_pages(
    pages: Path = CORPUS / "pages", gold: Path = CORPUS / "gold.json"
) -> dict[str, Any]:
    """The scorer's report for a fresh lake made of `pages`."""
    with tempfile.TemporaryDirectory(prefix="newslake-rw-") as tmp:
        db = build_lake(pages, Path(tmp))
        return scorer().score(db, gold)


def summary_row(out: dict[str, Any]) -> dict[str, Any]:
    keys = ("recall", "value_recall", "precision", "core_hit", "core_total", "precision_rows")
    row = {k: out[k] for k in keys}
    row.update(trap_rows=out["trap_rows"], unlabelled_rows=out["unlabelled_rows"])
    row["field_errors"] = out["field_errors"]
    row["precision_field_errors"] = out["precision_field_errors"]
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the scorer's full report")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--pages", type=Path, default=CORPUS / "pages")
    parser.add_argument("--gold", type=Path, default=CORPUS / "gold.json")
    args = parser.parse_args(argv)
    if not available():
        print(f"real-world corpus not found at {CORPUS}: nothing to score")
        return
    out = score_pages(args.pages, args.gold)
    if args.json:
        print(json.dumps(out, ensure_ascii=False, default=str))
    elif args.misses:
        scorer().print_text(out, 0)
    else:
        print(json.dumps(summary_row(out), ensure_ascii=False))


if __name__ == "__main__":
    main()
