"""End-to-end throughput of the ingest flow on synthetic corpora, and what Prefect costs on top.

    python -m bench.bench_pipeline                    # 2k and 20k pages
    python -m bench.bench_pipeline --full             # 20k, 50k and 100k pages, fixed cost, slope
    python -m bench.bench_pipeline --sizes 2000 --profile direct
    python -m bench.bench_pipeline --table results.jsonl   # the table again from saved output

For each size it writes a corpus with bench/synth.py (kept in --workdir for the next time), then
runs, each in a fresh process whose whole process tree is sampled for memory:
  flow    the ingest flow on a fresh lake (Prefect's ephemeral API unless PREFECT_API_URL is set)
  rerun   the flow again on the same lake and unchanged pages
  direct  the same stage functions on the same batches, called without Prefect
One JSON line per run and per size, then a table. Ratios: overhead = flow / direct seconds,
rerun = rerun / flow, scaling = time(10n) / time(n) for sizes ten times apart. Memory: the slope
of the main process's peak over the sizes (KB per page in the lake), extrapolated to 1M and 5M
pages. Fixed cost: `newslake run` on one page in a fresh lake, default logging (the second of two
runs, so the virtualenv's files are warm). Dedupe per batch: mean of the first and last tenth.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from newslake.tasks import runtime as prefect_api

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script as well as with -m
    sys.path.insert(0, str(ROOT))

from bench import synth  # noqa: E402

DEFAULT_SIZES = (2000, 20000)
FULL_SIZES = (20000, 50000, 100000)
EXTRAPOLATE_TO = (1_000_000, 5_000_000)
LOCK_TIMEOUT = 60.0
# Flow task names -> the stage names of the direct run, so both fill the same table columns.
FLOW_STAGES = {
    "store-files": "acquire",
    "register-raw": "register",
    "pending-pages": "register",
    "record-rejects": "register",
    "dedupe-index": "index",
}
_RUN_SUFFIX = re.compile(r"-(?:\d+|[0-9a-f]{3})$")  # decode-17, pending-pages-38c


# ---------------------------------------------------------------------------------------------
# Child side: one run in this process, result written as JSON.


class StageClock:
    """Seconds per stage, wall and CPU (this process, all threads), summed over batches and,
    when batches run in a pool, over workers. CPU time is what contention does not inflate."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.last: dict[str, tuple[float, float]] = {}  # stage -> (wall, cpu) of the last call

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - start, time.process_time() - start_cpu)

    def add(self, stage: str, seconds: float, cpu: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu
        self.last[stage] = (seconds, cpu)


def _trend(per_batch: list[tuple[float, float]]) -> dict[str, float]:
    """Mean (wall, cpu) ms per batch in the first and the last tenth of the run: a step whose
    cost grows with the lake shows it here long before the scaling ratio does."""
    if len(per_batch) < 10:
        return {}
    tenth = len(per_batch) // 10
    first, last = per_batch[:tenth], per_batch[-tenth:]
    return {
        "first_ms": round(1000 * sum(w for w, _ in first) / tenth, 1),
        "last_ms": round(1000 * sum(w for w, _ in last) / tenth, 1),
        "first_cpu_ms": round(1000 * sum(c for _, c in first) / tenth, 1),
        "last_cpu_ms": round(1000 * sum(c for _, c in last) / tenth, 1),
    }


def derive_batch(refs: Sequence, lake: Path, counts: Any) -> tuple[Any, StageClock]:
    """decode -> clean -> fingerprint -> extract on one batch: the flow's derive steps, no Prefect."""
    from newslake import derive

    batch = derive.make_batch(0, refs, counts)
    clock = StageClock()
    for name, step in derive.STEPS:
        with clock(name):
            step(batch, lake)
    batch.model = None
    return batch, clock


def run_direct(pages: Path, db: Path, lake: Path, batch_size: int, workers: int) -> dict:
    """The flow's steps without Prefect: same functions, same batches, same order of loading."""
    from newslake.dedupe.index import DedupeIndex, dedupe
    from newslake.extract import EXTRACTOR_VERSION
    from newslake.sources import files as acquire
    from newslake.store import documents, facts, runs
    from newslake.store import pages as page_store
    from newslake.tasks.derive import boilerplate_model

    clock = StageClock()
    run_id = uuid.uuid4().hex
    counts = dict(documents=0, duplicates=0, indicators=0, mentions=0, rejected=0)
    with clock("start"):
        runs.start_run(db, run_id, None, timeout=LOCK_TIMEOUT)
        page_store.register_journal(db, lake, run_id, timeout=LOCK_TIMEOUT)
    with clock("acquire"):
        files = acquire.discover_files(acquire.check_paths([pages]))
        refs, rejects = [], []
        for start in range(0, len(files), batch_size):
            got, bad = acquire.store_files(files[start : start + batch_size], lake)
            refs += got
            rejects += bad
    with clock("register"):
        registered = page_store.register_journal(db, lake, run_id, timeout=LOCK_TIMEOUT)
        page_store.record_rejects(db, rejects, run_id, timeout=LOCK_TIMEOUT)
        pending = page_store.pending_pages(db, reprocess=False, timeout=LOCK_TIMEOUT)
    with clock("index"):
        replaced = [p.location for p in pending]
        known = documents.known_documents(db, replaced=replaced, timeout=LOCK_TIMEOUT)
        index = DedupeIndex.from_known(known)
        line_counts = boilerplate_model.fn(db, replaced, run_id, LOCK_TIMEOUT)

    trends: dict[str, list[tuple[float, float]]] = {"dedupe": [], "load": []}

    def finish(result: tuple[Any, StageClock]) -> None:
        batch, batch_clock = result
        docs, bad, signatures = batch.docs, batch.rejects, batch.signatures
        for stage, secs in batch_clock.seconds.items():
            clock.add(stage, secs, batch_clock.cpu[stage])
        with clock("dedupe"):
            counts["duplicates"] += dedupe(docs, signatures, index)
        with clock("load"):
            documents.load_documents(
                db,
                docs,
                signatures,
                EXTRACTOR_VERSION,
                run_id,
                lines=batch.lines,
                timeout=LOCK_TIMEOUT,
            )
            page_store.record_rejects(db, bad, run_id, timeout=LOCK_TIMEOUT)
        for stage, per_batch in trends.items():
            per_batch.append(clock.last[stage])
        counts["documents"] += len(docs)
        counts["indicators"] += sum(len(d.indicators) for d in docs)
        counts["mentions"] += sum(len(d.mentions) for d in docs)
        counts["rejected"] += len(bad)

    batches = [pending[i : i + batch_size] for i in range(0, len(pending), batch_size)]
    if workers > 1 and len(batches) > 1:
        with ProcessPoolExecutor(workers) as pool:
            in_flight: deque[Future] = deque()
            for batch in batches:
                in_flight.append(pool.submit(derive_batch, batch, lake, line_counts))
                if len(in_flight) >= 2 * workers:  # bounded, like the flow's window
                    finish(in_flight.popleft().result())
            while in_flight:
                finish(in_flight.popleft().result())
    else:
        for batch in batches:
            finish(derive_batch(batch, lake, line_counts))
    counts.update(
        pages_seen=len(refs) + len(rejects),
        pages_new=len(registered.new),
        pages_unchanged=len(registered.unchanged),
        pages_rejected=len(rejects) + counts["rejected"],
    )
    with clock("facts"):
        counts.update(facts.update_facts(db, run_id, timeout=LOCK_TIMEOUT).counts())
    with clock("finish"):
        runs.finish_run(db, run_id, "completed", counts, None, timeout=LOCK_TIMEOUT)
    return {
        "counts": counts,
        "stages": clock.seconds,
        "stages_cpu": clock.cpu,
        "per_batch": {stage: _trend(per_batch) for stage, per_batch in trends.items()},
    }


def run_flow(
    pages: Path,
    db: Path,
    lake: Path,
    batch_size: int,
    extra: dict[str, str],
    shared_api: bool,
    runner: str | None = None,
    address: str | None = None,
) -> dict:
    """The ingest flow as `newslake run` calls it; stage seconds read back from Prefect's API."""
    with contextlib.ExitStack() as stack:
        if shared_api and not os.environ.get("PREFECT_API_URL"):
            stack.enter_context(prefect_api.shared_api())
        from newslake.flows import ingest as ingest_module

        ingest = ingest_module.ingest
        if runner:  # as `newslake run --runner R --address A`
            ingest = ingest_module.with_runner(runner, address)
        state = ingest(
            paths=[str(pages)],
            db=str(db),
            lake=str(lake),
            batch_size=batch_size,
            return_state=True,
            **extra,
        )
        counts = state.result()
        flow_run_id = state.state_details.flow_run_id
        stages: dict[str, float] = {}
        trends: dict[str, dict] = {}
        with contextlib.suppress(Exception):  # stage times are a bonus; never fail the run
            stages, trends = _task_seconds(flow_run_id)
        # The derive task's steps, timed inside it (seconds summed over the workers).
        stages.update(
            {k.removeprefix("seconds_"): v for k, v in counts.items() if k.startswith("seconds_")}
        )
    return {
        "counts": counts,
        "stages": stages,
        "per_batch": trends,
        "flow_run_id": str(flow_run_id),
    }


def _task_seconds(flow_run_id: uuid.UUID) -> tuple[dict[str, float], dict[str, dict]]:
    """Running time of the flow's task runs, summed by task (decode-17 -> decode), and the
    dedupe task's trend over the batches."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    totals: dict[str, float] = {}
    per_batch: dict[int, float] = {}  # dedupe-N -> seconds
    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    with get_client(sync_client=True) as client:
        offset = 0
        while True:
            runs = client.read_task_runs(flow_run_filter=flow_filter, limit=200, offset=offset)
            if not runs:
                break
            for run in runs:
                name = _RUN_SUFFIX.sub("", run.name)
                stage = FLOW_STAGES.get(name, name)
                seconds = run.total_run_time.total_seconds()
                totals[stage] = totals.get(stage, 0.0) + seconds
                if stage == "dedupe" and run.name.rsplit("-", 1)[-1].isdigit():
                    per_batch[int(run.name.rsplit("-", 1)[-1])] = seconds
            offset += len(runs)
    trend = _trend([(per_batch[no], 0.0) for no in sorted(per_batch)])
    return totals, {"dedupe": trend} if trend else {}


def child_main(args: argparse.Namespace) -> int:
    extra = dict(kv.split("=", 1) for kv in args.flow_arg)
    profiler = cProfile.Profile() if args.profile_out else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    if args.child == "flow":
        result = run_flow(
            args.pages,
            args.db,
            args.lake,
            args.batch_size,
            extra,
            args.api == "shared",
            args.runner,
            args.address,
        )
    else:
        result = run_direct(args.pages, args.db, args.lake, args.batch_size, args.workers)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(args.profile_out)
    result["seconds"] = seconds
    args.result.write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


# ---------------------------------------------------------------------------------------------
# Parent side: corpora, child processes, memory sampling, ratios and the table.


class TreeMemory:
    """Peak resident memory of a process and all its descendants, sampled a few times a second.

    Summed RSS counts pages shared between processes more than once, so it is an upper bound.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        self.pid, self.interval = pid, interval
        self.peak_tree = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        import psutil  # parent side only (it comes with dask.distributed)

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            total = 0
            with contextlib.suppress(psutil.Error):
                main = root.memory_info().rss
                self.peak_main = max(self.peak_main, main)
                total = main
                for child in root.children(recursive=True):
                    with contextlib.suppress(psutil.Error):
                        total += child.memory_info().rss
            self.peak_tree = max(self.peak_tree, total)
            self._stop.wait(self.interval)


def corpus_for(workdir: Path, n: int, seed: int, gen_workers: int) -> tuple[Path, dict]:
    """The corpus of n pages for this seed, written once and reused while the generator agrees."""
    folder = workdir / f"corpus-{n}-s{seed}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("generator_version") == synth.GENERATOR_VERSION
            and manifest.get("pages") == n
        ):
            return folder, manifest
    shutil.rmtree(folder, ignore_errors=True)
    return folder, synth.write_corpus(folder, n, seed, workers=gen_workers)


def run_child(
    mode: str,
    corpus: Path,
    lake: Path,
    args: argparse.Namespace,
    env: dict[str, str],
    profile_out: Path | None = None,
) -> dict:
    result_file = lake.parent / f"result-{mode}-{uuid.uuid4().hex[:6]}.json"
    cmd = [
        sys.executable,
        "-m",
        "bench.bench_pipeline",
        "--child",
        "direct" if mode == "direct" else "flow",
        "--pages",
        str(corpus / "pages"),
        "--db",
        str(lake / "newslake.duckdb"),
        "--lake",
        str(lake),
        "--batch-size",
        str(args.batch_size),
        "--workers",
        str(args.workers or os.cpu_count() or 1),
        "--result",
        str(result_file),
    ]
    for kv in args.flow_arg:
        cmd += ["--flow-arg", kv]
    cmd += ["--api", args.api]
    if args.runner:
        cmd += ["--runner", args.runner] + (["--address", args.address] if args.address else [])
    if profile_out:
        cmd += ["--profile-out", str(profile_out)]
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    log = lake.parent / f"{mode}.log"
    with open(log, "w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=err, stderr=subprocess.STDOUT)
        with TreeMemory(proc.pid) as memory:
            code = proc.wait()
    wall = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the whole tree (children reaped by their parents count): steadier than wall time
    # on a machine shared with other work.
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if code != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{mode} run failed (exit {code}); end of {log}:\n{tail}")
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result_file.unlink()
    return {
        "mode": mode,
        "seconds": round(result["seconds"], 2),
        "process_seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 1),
        "stages": {k: round(v, 2) for k, v in sorted(result["stages"].items())},
        **(
            {"stages_cpu": {k: round(v, 2) for k, v in sorted(result["stages_cpu"].items())}}
            if "stages_cpu" in result
            else {}
        ),
        **({"per_batch": result["per_batch"]} if "per_batch" in result else {}),
        "counts": result["counts"],
        "peak_rss_mib": round(memory.peak_tree / 2**20),
        "peak_rss_main_mib": round(memory.peak_main / 2**20),
    }


def lake_scores(db: Path, corpus: Path) -> tuple[dict, dict]:
    """Figures and reposts of a finished lake, read through its views, scored against the truth."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        figures = (
            con.table("v_indicators")
            .project("url, metric, region, period_start, period_end, value, yoy_pct")
            .fetchall()
        )
        url_of = dict(con.table("v_documents").project("doc_id, url").fetchall())
        duplicates = con.table("v_duplicates").project("url, duplicate_of").fetchall()
    pairs = [(url, url_of.get(canonical, "")) for url, canonical in duplicates]
    truth = list(synth.read_truth(corpus))
    return synth.score_figures(truth, figures), synth.score_duplicates(truth, pairs)


def score_lake(db: Path, corpus: Path) -> dict:
    """Figure recall and duplicate detection of a finished lake against the corpus truth."""
    figure_score, dup_score = lake_scores(db, corpus)
    return {
        "figure_recall": figure_score["recall"],
        "figure_precision": figure_score["precision"],
        "figures": figure_score["figures"],
        "repost_recall": dup_score["recall"],
        "false_duplicates": dup_score.get("false_duplicates", 0),
        "recall_by": figure_score["recall_by"],
    }


def machine() -> dict:
    """What the figures were measured on; the load average says how shared the cores were."""
    import psutil

    return {
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "mem_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(_git("status", "--porcelain", "--untracked-files=no")),
    }


def _git(*cmd: str) -> str:
    try:
        return subprocess.run(
            ["git", *cmd], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def child_env(prefect_home: Path, workers: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env["PREFECT_HOME"] = str(prefect_home)
    env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if workers:
        env["NEWSLAKE_WORKERS"] = str(workers)
    return env


def emit(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


def bench_size(n: int, args: argparse.Namespace, env: dict[str, str], info: dict) -> dict:
    corpus, manifest = corpus_for(args.workdir, n, args.seed, args.gen_workers)
    run_dir = args.workdir / f"run-{n}-{uuid.uuid4().hex[:6]}"
    common = {"bench": "pipeline", "pages": n, "batch_size": args.batch_size, **info}
    summary: dict = {
        **common,
        "record": "summary",
        "chars_per_page": round(manifest["counts"]["chars"] / n),
        "corpus_seconds": manifest["seconds"],
    }
    try:
        profile = {m: run_dir / f"profile-{m}.prof" for m in args.profile} if args.profile else {}
        flow_lake = run_dir / "flow"
        flow_lake.mkdir(parents=True)
        first = run_child("flow", corpus, flow_lake, args, env, profile.get("flow"))
        emit({**common, "record": "run", "machine_load": os.getloadavg()[0], **first})
        summary["flow"] = first
        summary["pages_per_s"] = round(n / first["seconds"], 1)
        summary["quality"] = score_lake(flow_lake / "newslake.duckdb", corpus)
        if not args.no_rerun:
            again = run_child("rerun", corpus, flow_lake, args, env)
            emit({**common, "record": "run", "machine_load": os.getloadavg()[0], **again})
            summary["rerun"] = again
            summary["rerun_ratio"] = round(again["seconds"] / first["seconds"], 4)
        if not args.no_direct:
            direct_lake = run_dir / "direct"
            direct_lake.mkdir(parents=True)
            direct = run_child("direct", corpus, direct_lake, args, env, profile.get("direct"))
            emit({**common, "record": "run", "machine_load": os.getloadavg()[0], **direct})
            summary["direct"] = direct
            summary["overhead_ratio"] = round(first["seconds"] / direct["seconds"], 3)
        for mode, path in profile.items():
            summary.setdefault("profiles", {})[mode] = str(path)
            print_profile(path, mode, n)
    finally:
        if not args.keep:
            for path in run_dir.glob("*"):
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
    return summary


def fixed_cost(args: argparse.Namespace, env: dict[str, str]) -> dict:
    """`newslake run` on one page in a fresh lake, default logging, as an analyst starts it: the
    second of two runs (the first warms the virtualenv's files), whole process timed."""
    page = ROOT / "samples" / "01_cq_gdp_2023.html"
    cli = Path(sys.executable).with_name("newslake")
    home = Path(tempfile.mkdtemp(prefix="fixed-", dir=args.workdir))
    run_env = {k: v for k, v in env.items() if k != "PREFECT_LOGGING_LEVEL"}  # default logging
    seconds = []
    try:
        for attempt in range(2):
            lake = home / f"lake-{attempt}"
            started = time.perf_counter()
            subprocess.run(
                [
                    str(cli),
                    "run",
                    str(page),
                    "--lake",
                    str(lake),
                    "--db",
                    str(lake / "newslake.duckdb"),
                ],
                cwd=home,
                env=run_env,
                check=True,
                capture_output=True,
            )
            seconds.append(time.perf_counter() - started)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return {"record": "fixed_cost", "seconds": round(seconds[-1], 2), "first": round(seconds[0], 2)}


def memory_slope(summaries: list[dict]) -> dict:
    """Least-squares slope of the main process's peak over the sizes (KB per page), and where it
    leads at EXTRAPOLATE_TO pages (an extrapolation, not a measurement)."""
    points = [(s["pages"], s["flow"]["peak_rss_main_mib"] * 2**20) for s in summaries]
    if len(points) < 2:
        return {}
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var
    base = mean_y - slope * mean_x
    return {
        "record": "memory_slope",
        "sizes": [x for x, _ in points],
        "kb_per_page": round(slope / 1000, 2),
        "intercept_mib": round(base / 2**20),
        "extrapolated_gib": {str(x): round((base + slope * x) / 2**30, 2) for x in EXTRAPOLATE_TO},
    }


def print_profile(path: Path, mode: str, n: int, top: int = 25) -> None:
    """Where the time went: by package, then the functions with the most own time."""
    stats = pstats.Stats(str(path))
    by_package: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_package[_package(filename)] = by_package.get(_package(filename), 0.0) + tottime
    total = sum(by_package.values()) or 1.0
    print(f"\n# profile of the {mode} run on {n} pages ({path})", file=sys.stderr)
    print("own time by package:", file=sys.stderr)
    for pkg, secs in sorted(by_package.items(), key=lambda kv: -kv[1])[:20]:
        print(f"  {secs:9.2f} s {100 * secs / total:5.1f}%  {pkg}", file=sys.stderr)
    stream = sys.stderr
    stats.stream = stream
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def _package(filename: str) -> str:
    """newslake/clean/spam.py -> newslake.clean; site-packages/trafilatura/core.py -> trafilatura."""
    if filename.startswith("<") or filename == "~":
        return "builtins (C calls)"
    parts = Path(filename).parts
    if "site-packages" in parts:
        rest = parts[parts.index("site-packages") + 1 :]
        return rest[0].removesuffix(".py") if rest else filename
    try:
        rel = Path(filename).resolve().relative_to(ROOT).parts
    except ValueError:
        return "stdlib"
    return ".".join(p.removesuffix(".py") for p in rel[:2]) if len(rel) > 1 else rel[0]


def scaling(summaries: list[dict]) -> dict[str, float]:
    """time(10n) / time(n) for every pair of sizes ten times apart (11 or less is near linear)."""
    seconds = {s["pages"]: s["flow"]["seconds"] for s in summaries if "flow" in s}
    return {
        f"{n}->{10 * n}": round(seconds[10 * n] / seconds[n], 2)
        for n in sorted(seconds)
        if 10 * n in seconds
    }


def print_table(
    summaries: list[dict],
    ratios: dict[str, float],
    slope: dict | None = None,
    fixed: dict | None = None,
) -> None:
    head = (
        f"{'pages':>7} {'flow s':>8} {'pages/s':>8} {'direct s':>9} {'overhead':>9} "
        f"{'rerun s':>8} {'rerun':>7} {'main MiB':>9} {'tree MiB':>9} {'dedupe ms':>13} "
        f"{'recall':>7} {'reposts':>8}"
    )
    print("\n" + head)
    print("-" * len(head))
    for s in summaries:
        flow, direct, rerun = s["flow"], s.get("direct", {}), s.get("rerun", {})
        tree = max(flow["peak_rss_mib"], rerun.get("peak_rss_mib", 0))
        trend = flow.get("per_batch", {}).get("dedupe") or direct.get("per_batch", {}).get(
            "dedupe", {}
        )
        dedupe = f"{trend['first_ms']:.0f} -> {trend['last_ms']:.0f}" if trend else "-"
        print(
            f"{s['pages']:>7} {flow['seconds']:>8.1f} {s['pages_per_s']:>8.1f} "
            f"{direct.get('seconds', '-'):>9} {s.get('overhead_ratio', '-'):>9} "
            f"{rerun.get('seconds', '-'):>8} {s.get('rerun_ratio', '-'):>7} "
            f"{flow['peak_rss_main_mib']:>9} {tree:>9} {dedupe:>13} "
            f"{s['quality']['figure_recall']:>7} {s['quality']['repost_recall']:>8}"
        )
    print(
        "(main MiB: the flow's own process; tree: with workers and API; dedupe: ms per batch, "
        "first tenth -> last tenth of the run)"
    )
    if slope:
        extra = ", ".join(f"{int(k):,} pages {v} GiB" for k, v in slope["extrapolated_gib"].items())
        print(
            f"memory slope over {slope['sizes']}: {slope['kb_per_page']} KB per page "
            f"(+{slope['intercept_mib']} MiB); extrapolated: {extra}"
        )
    if fixed:
        print(
            f"fixed cost, one page, `newslake run`: {fixed['seconds']} s (first {fixed['first']} s)"
        )
    stage_names = sorted(
        {k for s in summaries for m in ("flow", "direct") for k in s.get(m, {}).get("stages", {})}
    )
    if stage_names:
        print(
            "\nseconds per stage (flow: Prefect task run time; direct: timed calls; both summed over batches and workers)"
        )
        print(f"{'pages':>7} {'run':>7} " + " ".join(f"{st[:11]:>11}" for st in stage_names))
        for s in summaries:
            for mode in ("flow", "direct"):
                stages = s.get(mode, {}).get("stages")
                if stages:
                    cells = " ".join(f"{stages.get(st, 0):>11.1f}" for st in stage_names)
                    print(f"{s['pages']:>7} {mode:>7} {cells}")
    if ratios:
        print("\nscaling time(10n)/time(n): " + ", ".join(f"{k}: {v}" for k, v in ratios.items()))


def print_saved(path: Path) -> int:
    """The table from JSON lines an earlier run printed (its summary records)."""
    records = [
        json.loads(line)
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("{")
    ]
    summaries = [r for r in records if r.get("record") == "summary"]
    fixed = next((r for r in records if r.get("record") == "fixed_cost"), None)
    print_table(summaries, scaling(summaries), memory_slope(summaries), fixed)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=None)
    parser.add_argument(
        "--full", action="store_true", help=f"sizes {FULL_SIZES}, fixed cost and memory slope"
    )
    parser.add_argument("--fixed-cost", action="store_true", help="time a one-page run too")
    parser.add_argument("--table", type=Path, help="print the table of saved JSON lines, no runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--workers", type=int, default=0, help="processes for CPU stages (0 = one per core)"
    )
    parser.add_argument("--gen-workers", type=int, default=2, help="processes writing corpora")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "newslake-bench",
        help="corpora (kept and reused) and lakes (deleted unless --keep)",
    )
    parser.add_argument("--keep", action="store_true", help="keep lakes and logs")
    parser.add_argument("--no-rerun", action="store_true")
    parser.add_argument("--no-direct", action="store_true")
    parser.add_argument(
        "--profile",
        action="append",
        choices=("flow", "direct"),
        default=[],
        help="cProfile that run's main process (repeatable); prints a summary to stderr",
    )
    parser.add_argument(
        "--flow-arg", action="append", default=[], help="extra flow parameter KEY=VALUE"
    )
    parser.add_argument("--runner", help="flow task runner: process, dask, inline (flow default)")
    parser.add_argument("--address", help="Dask scheduler address for --runner dask")
    parser.add_argument(
        "--api",
        choices=("ephemeral", "shared"),
        default="shared",
        help="without PREFECT_API_URL: start one temporary API and share it with the pool "
        "workers, as `newslake run` does, or let each process start Prefect's ephemeral API",
    )
    # child mode (internal)
    parser.add_argument("--child", choices=("flow", "direct"), help=argparse.SUPPRESS)
    parser.add_argument("--pages", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--lake", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child_main(args)
    if args.table:
        return print_saved(args.table)
    sizes = args.sizes or (FULL_SIZES if args.full else DEFAULT_SIZES)
    args.workdir.mkdir(parents=True, exist_ok=True)
    prefect_home = Path(tempfile.mkdtemp(prefix="prefect-home-", dir=args.workdir))
    env = child_env(prefect_home, args.workers)
    info = {
        "workers": args.workers or os.cpu_count(),
        "api": args.api,
        "runner": args.runner or "default",
        "machine": machine(),
    }
    summaries = []
    fixed = None
    try:
        if args.full or args.fixed_cost:
            fixed = {"bench": "pipeline", **fixed_cost(args, env), **info}
            emit(fixed)
        for n in sizes:
            summary = bench_size(n, args, env, info)
            emit(summary)
            summaries.append(summary)
    finally:
        shutil.rmtree(prefect_home, ignore_errors=True)
    ratios = scaling(summaries)
    if ratios:
        emit({"bench": "pipeline", "record": "scaling", "time_10n_over_n": ratios, **info})
    slope = memory_slope(summaries)
    if slope:
        emit({"bench": "pipeline", **slope, **info})
    print_table(summaries, ratios, slope, fixed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
