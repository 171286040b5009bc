"""The `newslake` command: `run` ingests pages, `sql` queries the lake read-only, `facts` lists facts,
`export` writes the analysts' views as files."""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from newslake.settings import load_settings

if TYPE_CHECKING:
    from newslake.tasks.api import TemporaryAPI


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslake", description="A data lake for Chinese regional economic news."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, help="DuckDB file (default lake/newslake.duckdb)")
    common.add_argument("--lake", type=Path, help="raw zone directory (default lake/)")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", parents=[common], help="ingest pages into the lake")
    run.add_argument("paths", nargs="*", help="files or folders; default: the bundled samples")
    run.add_argument("--sources", type=Path, help="TOML file of sources to fetch over HTTP")
    run.add_argument("--reprocess", action="store_true", help="re-derive from the raw zone")
    run.add_argument("--batch-size", type=int, help="pages per task (default 200)")
    run.add_argument(
        "--rehash", action="store_true", help="read every file, even unchanged size and mtime"
    )
    run.add_argument(
        "--runner",
        choices=("process", "dask", "inline"),
        default="process",
        help="where CPU-bound steps run: a process pool (default), Dask, or this process",
    )
    run.add_argument("--address", help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (--runner dask)")
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="print Prefect's flow and task log lines instead of progress bars",
    )
    run.set_defaults(handler=_run)

    sql = sub.add_parser("sql", parents=[common], help="run one read-only query")
    sql.add_argument("query", help='e.g. "select * from v_indicators limit 5"')
    sql.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sql.set_defaults(handler=_sql)

    facts = sub.add_parser("facts", parents=[common], help="print consolidated facts (v_facts)")
    facts.add_argument("--metric", help="canonical metric name, e.g. 地区生产总值")
    facts.add_argument("--region", help="canonical region name, e.g. 成都市")
    facts.add_argument(
        "--since", type=int, metavar="YEAR", help="periods starting in YEAR or later"
    )
    facts.add_argument(
        "--conflicts", action="store_true", help="only facts whose reports disagree, with them"
    )
    facts.add_argument("--format", choices=("table", "csv", "json"), default="table")
    facts.set_defaults(handler=_facts)

    export = sub.add_parser("export", parents=[common], help="write every view to a file in DIR")
    export.add_argument("dir", type=Path, metavar="DIR", help="folder for <view>.parquet|csv")
    export.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    export.set_defaults(handler=_export)
    return parser


def _run(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from newslake.sources.config import SourcesError, load_sources
    from newslake.sources.files import InputPathError, check_paths

    try:
        settings = load_settings(db=args.db, lake=args.lake, batch_size=args.batch_size)
        check_paths(args.paths)
        if args.sources is not None:
            check_paths([args.sources])
            load_sources(args.sources)  # a mistake in the file stops here, before Prefect starts
    except (InputPathError, SourcesError, ValidationError, ValueError) as exc:
        print(f"newslake run: {exc}", file=sys.stderr)
        return 2
    if args.address and args.runner != "dask":
        print("newslake run: --address needs --runner dask", file=sys.stderr)
        return 2
    # Prefect reads its settings when first imported: set them before anything imports it.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "newslake")  # fetch progress lines
    if not args.verbose:
        # Every log line still goes to the API; the console (ours and the pool workers', which
        # inherit the environment) shows only warnings and errors, beside the progress bars.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    early = _early_api()
    try:
        from newslake.flows.ingest import with_runner
        from newslake.progress import watching
        from newslake.tasks.report import format_summary
        from newslake.tasks.runtime import shared_api
    except BaseException:
        if early is not None:
            early.stop()
        raise

    bars = contextlib.nullcontext(None) if args.verbose else _PhaseBars()
    try:
        with shared_api(early), bars as watcher, watching(watcher or _ignore):
            result = with_runner(args.runner, args.address)(
                paths=[str(Path(p).resolve()) for p in args.paths] or None,
                sources=str(args.sources.resolve()) if args.sources else None,
                db=str(settings.db),
                lake=str(settings.lake),
                reprocess=args.reprocess,
                batch_size=settings.batch_size,
                rehash=args.rehash,
            )
    except Exception as exc:  # the flow already logged the traceback and recorded the failed run
        print(f"newslake run failed: {exc}", file=sys.stderr)
        return 1
    print(format_summary(result))
    return 0


def _early_api() -> TemporaryAPI | None:
    """The run's temporary API, started now so that it boots while Prefect and the flow's code
    are imported (seconds each); None when a server is configured or Prefect is loaded already."""
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        return None  # shared_api also stops a started one if Prefect's profile names a server
    from newslake.tasks.api import TemporaryAPI  # imports nothing of Prefect

    return TemporaryAPI.start()


def _ignore(phase: str, what: str, done: int, total: int) -> None:
    return None


class _PhaseBars:
    """One rich progress bar per phase of the run (fetch, process) on stderr, summary after."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskID,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bars = Progress(
            TextColumn("{task.fields[phase]:<8}"),
            TextColumn("{task.description:<16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self._tasks: dict[tuple[str, str], TaskID] = {}

    def __enter__(self) -> _PhaseBars:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def __call__(self, phase: str, what: str, done: int, total: int) -> None:
        task = self._tasks.get((phase, what))
        if task is None:
            task = self._tasks[phase, what] = self._bars.add_task(what, total=total, phase=phase)
        self._bars.update(task, completed=done, total=total)


def _sql(args: argparse.Namespace) -> int:
    from newslake.store.connection import DatabaseError, LakeBusyError
    from newslake.store.query import QueryRefused, run_query

    settings = load_settings(db=args.db, lake=args.lake)
    try:
        result = run_query(settings.db, args.query, timeout=settings.lock_timeout)
    except QueryRefused as exc:
        print(f"newslake sql: {exc}", file=sys.stderr)
        return 2
    except (LakeBusyError, FileNotFoundError, DatabaseError) as exc:
        print(f"newslake sql: {exc}", file=sys.stderr)
        return 1
    names, rows = result.columns, result.rows
    out = {"table": _table, "csv": _csv, "json": _json}[args.format](names, rows)
    sys.stdout.write(out)
    return 0


def _facts(args: argparse.Namespace) -> int:
    from newslake.facts.units import COLUMNS, FULL_COLUMNS, for_analysts
    from newslake.store.connection import LakeBusyError
    from newslake.store.facts import read_fact_reports, read_facts

    settings = load_settings(db=args.db, lake=args.lake)
    try:
        facts = read_facts(
            settings.db,
            metric=args.metric,
            region=args.region,
            since=args.since,
            conflicts=args.conflicts,
            timeout=settings.lock_timeout,
        )
        ids = [str(f["fact_id"]) for f in facts]
        reports = read_fact_reports(settings.db, ids, timeout=settings.lock_timeout)
    except (LakeBusyError, FileNotFoundError) as exc:
        print(f"newslake facts: {exc}", file=sys.stderr)
        return 1
    rows = [for_analysts(f, full=args.format != "table") for f in facts]
    if args.format == "json":
        by_fact: dict[object, list[dict[str, object]]] = {}
        for r in reports:
            by_fact.setdefault(r["fact_id"], []).append({k: _plain(v) for k, v in r.items()})
        if args.conflicts:
            for row in rows:
                row["reports"] = by_fact.get(row["fact_id"], [])
        out = json.dumps(
            [{k: _plain(v) for k, v in row.items()} for row in rows],
            ensure_ascii=False,
            indent=1,
            default=str,
        )
        sys.stdout.write(out + "\n")
        return 0
    names = list(COLUMNS if args.format == "table" else FULL_COLUMNS)
    values = [tuple(row.values()) for row in rows]
    if args.format == "csv":
        sys.stdout.write(_csv(names, values))
        return 0
    sys.stdout.write(_table(names, values))
    if args.conflicts and reports:
        columns = list(reports[0])
        sys.stdout.write("\nreports\n" + _table(columns, [tuple(r.values()) for r in reports]))
    return 0


def _export(args: argparse.Namespace) -> int:
    from newslake.store.connection import DatabaseError, LakeBusyError
    from newslake.store.export import export_views

    settings = load_settings(db=args.db, lake=args.lake)
    try:
        done = export_views(settings.db, args.dir, fmt=args.format, timeout=settings.lock_timeout)
    except (LakeBusyError, FileNotFoundError, OSError, DatabaseError) as exc:
        print(f"newslake export: {exc}", file=sys.stderr)
        return 1
    names = ["view", "rows", "file"]
    sys.stdout.write(_table(names, [(e.view, e.rows, str(e.path)) for e in done]))
    return 0


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _csv(names: list[str], rows: list[tuple]) -> str:
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(names)
    writer.writerows([[_plain(v) for v in row] for row in rows])
    return buf.getvalue()


def _json(names: list[str], rows: list[tuple]) -> str:
    records = [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1, default=str) + "\n"


def _width(text: str) -> int:
    """Display width: CJK characters take two terminal columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: object, limit: int = 60) -> str:
    text = "NULL" if value is None else str(_plain(value)).replace("\n", " ")
    if _width(text) > limit:
        while _width(text) > limit - 1:
            text = text[:-1]
        text += "…"
    return text


def _table(names: list[str], rows: list[tuple]) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([_width(n)] + [_width(r[i]) for r in cells]) for i, n in enumerate(names)]

    def line(values: list[str]) -> str:
        return " | ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True))

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
