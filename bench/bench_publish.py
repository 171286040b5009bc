"""What publishing the lake costs, and how fast analysts' queries answer during a run and between.

    python -m bench.bench_publish publish --docs 100000          # build a synthetic lake, publish it
    python -m bench.bench_publish publish --work LAKE.duckdb     # publish a copy of a working file
    python -m bench.bench_publish readers --pages 400            # reader latency around a real run

`publish` builds a working file of N synthetic documents through the project's schema (3,000
Chinese characters each, 15 % of them mutated so that no two texts repeat; a quality row, a
cluster row, a 1 KiB MinHash signature, a raw-page row and 10 indicator rows per document), then
publishes it `--repeat` times as a run does (newslake/store/publish.py) and prints each step:
checkpoint, copy, fsync, rename; seconds and MiB.

`readers` ingests a synthetic corpus (bench/synth.py) in two real `newslake run` processes, the
second while readers query the published file: a `duckdb -readonly` CLI process per query
(duckdb-cli of the dev extras) and a Python session holding one read-only connection. It prints
their latency between runs (before the second run) and during it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from newslake.settings import SAMPLES_DIR, working_db
from newslake.store import publish
from newslake.store.connection import apply_schema, checkpoint, reading, writing

TIMEOUT = 60.0
BATCH = 10_000
CHARS = 3_000
INDICATORS_PER_DOC = 10
QUERY = "select count(*) from v_documents; select count(*) from v_indicators"


def _corpus(seed: int, size: int) -> str:
    """A long run of sample-page characters with 15 % replaced, for documents to be cut from."""
    text = "".join(
        p.read_text(encoding="utf-8", errors="ignore")
        for p in sorted(SAMPLES_DIR.glob("*"))
        if p.is_file() and p.suffix in (".html", ".txt", ".htm")
    )
    han = np.array([ord(c) for c in text if "\u4e00" <= c <= "\u9fff"], dtype=np.uint32)
    rng = np.random.default_rng(seed)
    base = np.resize(han, size)
    mutate = rng.random(size) < 0.15
    base[mutate] = rng.choice(np.unique(han), int(mutate.sum()))
    return base.tobytes().decode("utf-32-le")


def build_lake(work: Path, docs: int, seed: int = 1) -> float:
    """A working file with `docs` synthetic documents; returns the seconds it took."""
    started = time.perf_counter()
    corpus = _corpus(seed, 8_000_000)
    rng = np.random.default_rng(seed)
    with writing(work, timeout=TIMEOUT) as con:
        apply_schema(con)
    for start in range(0, docs, BATCH):
        n = min(BATCH, docs - start)
        ids = [f"d{i:08d}" for i in range(start, start + n)]
        offsets = rng.integers(0, len(corpus) - CHARS, n)
        table = pa.table(
            {
                "doc_id": ids,
                "location": [f"https://example.cn/news/{i}.html" for i in ids],
                "txt": [corpus[o : o + CHARS] for o in offsets],
                "sig": [rng.bytes(1024) for _ in ids],
            }
        )
        with writing(work, timeout=TIMEOUT, tables={"b": table}) as con:
            for statement in _INSERTS:
                con.execute(statement)
        print(f"  built {start + n} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    checkpoint(work, timeout=TIMEOUT)
    return time.perf_counter() - started


_INSERTS = (
    """insert into documents by name select doc_id, location, md5(txt) as raw_sha256,
       timestamptz '2024-01-01' + to_seconds(hash(doc_id) % 30000000) as first_seen_at,
       'utf-8' as encoding, true as is_html, substr(txt, 1, 30) as title,
       timestamp '2023-06-01' + to_seconds(hash(location) % 30000000) as published_at,
       '重庆日报' as source, '记者' as author, txt as text, 'hans' as original_script,
       md5(txt) as text_hash, length(txt) as text_chars, 'bench' as extractor_version,
       'bench' as run_id, now() as processed_at from b""",
    """insert into pages_raw by name select location, md5(txt) as sha256, 9000 as bytes,
       'utf-8' as encoding, now() as seen_at, now() as last_seen_at, 'bench' as run_id from b""",
    """insert into doc_quality by name select doc_id, 3200 as chars_before, 3000 as chars_after,
       map(['nav', 'footer'], [3, 2]) as lines_removed, 0 as spam_hits, 0.01 as spam_score,
       0.0 as spin_score, 0 as spin_restored, 0 as masked_words, 'ok' as flag from b""",
    "insert into doc_clusters by name select doc_id, doc_id as cluster_id from b",
    "insert into doc_signatures by name select doc_id, sig as signature from b",
    f"""insert into indicators by name select doc_id, s.i as seq, '地区生产总值' as metric,
       '重庆市' as region, date '2023-01-01' as period_start, date '2023-12-31' as period_end,
       '2023年' as period_text, (hash(doc_id) % 100000) * 1e6 + s.i as value, '元' as unit,
       '3.01万亿元' as value_text, 6.1 as yoy_pct, 'actual' as kind,
       substr(txt, 1 + s.i * 40, 60) as sentence, 'bench' as extractor_version,
       md5(doc_id || s.i) as fact_id
       from b, range({INDICATORS_PER_DOC}) s(i)""",
)


def publish_once(work: Path, db: Path) -> dict[str, float]:
    """One publish as a run does it, step by step (the sum is what the run waits)."""
    steps: dict[str, float] = {}
    t = time.perf_counter()
    checkpoint(work, timeout=TIMEOUT)
    steps["checkpoint"] = time.perf_counter() - t
    staged = publish.staging_path(db)
    t = time.perf_counter()
    with reading(work, timeout=TIMEOUT):
        shutil.copyfile(work, staged)
    steps["copy"] = time.perf_counter() - t
    t = time.perf_counter()
    with open(staged, "rb") as f:
        os.fsync(f.fileno())
    steps["fsync"] = time.perf_counter() - t
    t = time.perf_counter()
    staged.chmod(0o444)
    publish.install_snapshot(staged, db)
    steps["rename"] = time.perf_counter() - t
    t = time.perf_counter()
    publish.publish(work, db, timeout=TIMEOUT)  # the real function, end to end
    steps["publish()"] = time.perf_counter() - t
    return steps


def cmd_publish(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        db = Path(tmp) / "newslake.duckdb"
        work = working_db(db)
        work.parent.mkdir()
        if args.work:
            shutil.copyfile(args.work, work)
            print(f"working file: a copy of {args.work}")
        else:
            print(f"building a working file of {args.docs} documents")
            print(f"  built in {build_lake(work, args.docs):.0f} s")
        with reading(work, timeout=TIMEOUT) as con:
            [(documents, indicators)] = con.execute(
                "select (select count(*) from documents), (select count(*) from indicators)"
            ).fetchall()
        mib = work.stat().st_size / 2**20
        print(f"working file: {mib:.0f} MiB, {documents} documents, {indicators} indicators")
        for n in range(args.repeat):
            steps = publish_once(work, db)
            line = ", ".join(f"{k} {v:.2f} s" for k, v in steps.items())
            print(f"publish {n + 1}: {line}  ({db.stat().st_size / 2**20:.0f} MiB)")
    return 0


def _cli() -> Path:
    import duckdb_cli  # the CLI of the dev extras; its binary, not the Python launcher

    return Path(duckdb_cli.__file__).with_name("duckdb")


def _sample(db: Path, stop: threading.Event, out: list[float], pause: float) -> None:
    cli = _cli()
    while not stop.is_set():
        t = time.perf_counter()
        subprocess.run([str(cli), "-readonly", str(db), QUERY], capture_output=True, check=True)
        out.append(time.perf_counter() - t)
        time.sleep(pause)


_HELD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    t = time.perf_counter()
    con.execute("select count(*) from v_documents").fetchall()
    con.execute("select count(*) from v_indicators").fetchall()
    print(time.perf_counter() - t, flush=True)
    time.sleep(0.25)
"""


def _summary(name: str, seconds: list[float]) -> str:
    if not seconds:
        return f"{name}: no samples"
    s = sorted(seconds)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    return (
        f"{name}: n={len(s)} median {statistics.median(s) * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, max {s[-1] * 1000:.0f} ms"
    )


def cmd_readers(args: argparse.Namespace) -> int:
    newslake = Path(sys.executable).with_name("newslake")
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        subprocess.run(
            [sys.executable, "-m", "bench.synth", "--n", str(args.pages), "--out", str(corpus)],
            check=True,
            capture_output=True,
        )
        pages = sorted((corpus / "pages").rglob("*.*"))
        first, second = root / "first", root / "second"
        for folder, part in ((first, pages[: len(pages) // 4]), (second, pages[len(pages) // 4 :])):
            folder.mkdir()
            for p in part:
                shutil.copy(p, folder / f"{p.parent.name}_{p.name}")
        db, lake = root / "lake" / "newslake.duckdb", root / "lake"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
        # A Prefect home of its own: a shared one shares the lake write limit with other lakes.
        env.update(PREFECT_HOME=str(root / "prefect"), NEWSLAKE_LOCK_TIMEOUT="5")
        run = [str(newslake), "run", "--db", str(db), "--lake", str(lake), "--batch-size", "20"]
        # Output to a file, not a pipe: a pipe stays open as long as any process the run started.
        log = open(root / "runs.log", "w")  # noqa: SIM115 (open for both runs)
        subprocess.run([*run, str(first)], check=True, stdout=log, stderr=log, env=env)
        print(
            f"first run: {len(list(first.iterdir()))} pages; published {db.stat().st_size >> 20} MiB"
        )

        between: list[float] = []
        stop = threading.Event()
        sampler = threading.Thread(target=_sample, args=(db, stop, between, 0.25))
        sampler.start()
        time.sleep(args.between)
        stop.set()
        sampler.join()

        during: list[float] = []
        stop = threading.Event()
        held = subprocess.Popen(
            [sys.executable, "-c", _HELD, str(db), "100000"], stdout=subprocess.PIPE, text=True
        )
        sampler = threading.Thread(target=_sample, args=(db, stop, during, 0.25))
        started = time.perf_counter()
        proc = subprocess.Popen([*run, str(second)], env=env, stdout=log, stderr=log)
        sampler.start()
        proc.wait()
        stop.set()
        sampler.join()
        held.terminate()
        held_out = held.communicate()[0]
        took = time.perf_counter() - started
        log.close()
        print(
            f"second run: {len(list(second.iterdir()))} pages in {took:.0f} s, exit {proc.returncode}"
        )
        print(_summary("duckdb -readonly CLI, between runs", between))
        print(_summary("duckdb -readonly CLI, during a run", during))
        held_seconds = [float(x) for x in held_out.split()]
        print(_summary("held Python read-only session, queries during the run", held_seconds))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tmp", help="folder for the temporary lake (default: the system's)")
    sub = parser.add_subparsers(required=True)
    pub = sub.add_parser("publish", help="publish cost of a lake of N documents")
    pub.add_argument("--docs", type=int, default=20_000)
    pub.add_argument("--work", type=Path, help="publish a copy of this working file instead")
    pub.add_argument("--repeat", type=int, default=3)
    pub.set_defaults(handler=cmd_publish)
    readers = sub.add_parser("readers", help="reader latency between runs and during one")
    readers.add_argument("--pages", type=int, default=400)
    readers.add_argument("--between", type=float, default=15.0, help="seconds sampled before")
    readers.set_defaults(handler=cmd_readers)
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
