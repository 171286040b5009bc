"""Near-duplicate detection at corpus scale: throughput, memory, LSH vs brute force, libraries.

Documents are synthetic (seeded): ~3,000 characters of Han-character "words" drawn with Zipf
frequencies, stock phrases shared across documents, figures, and 10% edited copies of earlier
documents. They are generated batch by batch and dropped after dedupe, as the ingest flow does,
so memory is the index's and not the corpus'.

    .venv/bin/python bench/bench_dedup.py            # quick: 1k, 3k, 10k documents (~1 min)
    .venv/bin/python bench/bench_dedup.py --full     # adds 30k and 100k (~10 min on 2 cores)

Each size runs in its own process so its peak memory is its own. Prints a readable table per
section and one JSON line with every figure at the end.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newslake.dedupe import neardup
from newslake.dedupe.index import DedupeIndex
from newslake.records import Document, KnownDocument

SEED = 20240604
DOC_CHARS = 3000
COPY_SHARE = 0.10  # share of documents that are edited copies of an earlier one
BATCH = 200  # pages per batch, the flow's default


@dataclass
class Corpus:
    """A seeded stream of synthetic documents (text, id of the original or None)."""

    seed: int = SEED

    def __post_init__(self) -> None:
        rng = np.random.default_rng(self.seed)
        han = np.arange(0x4E00, 0x9FA5)
        chars = np.array([chr(c) for c in rng.choice(han, 3500, replace=False)])
        char_cdf = np.cumsum(1 / np.arange(1, len(chars) + 1) ** 0.9)
        lengths = rng.choice([1, 2, 3, 4], 8000, p=[0.1, 0.6, 0.2, 0.1])
        self.words = np.array(
            [
                "".join(chars[np.searchsorted(char_cdf, rng.random(n) * char_cdf[-1])])
                for n in lengths
            ],
            dtype=object,
        )
        self.word_cdf = np.cumsum(1 / np.arange(1, len(self.words) + 1) ** 1.05)
        self.phrases = ["".join(self.draw(rng, int(rng.integers(3, 7)))) for _ in range(400)]
        self.rng = rng
        self.originals: list[list[str]] = []  # recent originals' sentences, for copies
        self.count = 0

    def draw(self, rng: np.random.Generator, n: int) -> list[str]:
        """n words with Zipf frequencies (inverse CDF: one vector call, not one per word)."""
        return list(self.words[np.searchsorted(self.word_cdf, rng.random(n) * self.word_cdf[-1])])

    def sentences(self, n_chars: int) -> list[str]:
        """Sentences of 6-20 words, some with a stock phrase or a figure, about n_chars long."""
        rng = self.rng
        words = self.draw(rng, n_chars // 2)
        out, size, i = [], 0, 0
        while size < n_chars:
            n = int(rng.integers(6, 20))
            if i + n > len(words):
                words += self.draw(rng, n_chars // 2)
            parts = words[i : i + n]
            i += n
            if rng.random() < 0.35:
                parts.insert(int(rng.integers(0, n)), self.phrases[int(rng.integers(0, 400))])
            if rng.random() < 0.4:
                figure = f"{rng.integers(10, 99999)}.{rng.integers(0, 9)}亿元"
                parts.insert(int(rng.integers(0, n)), figure)
            out.append("".join(parts) + "。")
            size += len(out[-1])
        return out

    def sentence(self) -> str:
        return self.sentences(1)[0]

    def original(self) -> list[str]:
        return self.sentences(DOC_CHARS)

    def copy_of(self, sentences: list[str]) -> list[str]:
        """Drop a few sentences and replace 5-25% of the rest with new ones."""
        rng = self.rng
        out = [s for s in sentences if rng.random() > 0.05]
        for i in range(len(out)):
            if rng.random() < rng.uniform(0.05, 0.25):
                out[i] = self.sentence()
        return out

    def batch(self, n: int) -> list[tuple[str, str, int | None]]:
        out = []
        for _ in range(n):
            doc_id = f"s{self.count:07d}"
            source = None
            if self.originals and self.rng.random() < COPY_SHARE:
                source = int(self.rng.integers(0, len(self.originals)))
                sentences = self.copy_of(self.originals[source])
            else:
                sentences = self.original()
                if len(self.originals) < 2000:
                    self.originals.append(sentences)
                else:
                    self.originals[int(self.rng.integers(0, 2000))] = sentences
            paragraphs = ["".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
            out.append((doc_id, "\n".join(paragraphs), source))
            self.count += 1
        return out


def rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def as_document(doc_id: str, text: str) -> Document:
    return Document(
        doc_id, f"https://bench.example/{doc_id}", "", datetime(2024, 1, 1, tzinfo=UTC), text=text
    )


def one_size(n: int) -> dict:
    """Fingerprint and dedupe n documents in batches, as a run does; figures for this size.

    Times are CPU seconds of this process (time.process_time): the benchmark machine is shared,
    and wall time there measures the neighbours as much as the code.
    """
    corpus = Corpus()
    base = rss_mb()
    index = DedupeIndex()
    t_fp = t_dd = t_gen = 0.0
    per_doc: list[float] = []
    found = copies = 0
    wall = time.perf_counter()
    for start in range(0, n, BATCH):
        t0 = time.process_time()
        rows = corpus.batch(min(BATCH, n - start))
        docs = [as_document(doc_id, text) for doc_id, text, _ in rows]
        t1 = time.process_time()
        sigs = neardup.signatures([d.text for d in docs])
        for d in docs:
            d.text_hash = neardup.text_hash(d.text)
        t2 = time.process_time()
        for d, s in zip(docs, sigs, strict=True):
            index.assign(d, s)
        t3 = time.process_time()
        t_gen, t_fp, t_dd = t_gen + t1 - t0, t_fp + t2 - t1, t_dd + t3 - t2
        per_doc.append((t3 - t1) / len(docs))
        copies += sum(src is not None for _, _, src in rows)
        found += sum(d.matched_doc_id is not None for d in docs)
    wall = time.perf_counter() - wall
    peak = rss_mb()
    near = index.near
    index_mb = near.nbytes() / 2**20
    # rebuilding the index at the start of the next run, from stored signatures
    known = [
        KnownDocument(
            doc_id,
            f"h{row}",
            doc_id,
            neardup.signature_to_bytes(near.stored(doc_id)),
        )
        for row, doc_id in enumerate(near._row_of)
    ]
    t0 = time.process_time()
    DedupeIndex.from_known(known)
    t_rebuild = time.process_time() - t0
    per_doc = per_doc[1:] or per_doc  # the first batch pays for warming up
    tenth = max(1, len(per_doc) // 10)
    return {
        "docs": n,
        "fingerprint_docs_per_s": round(n / t_fp),
        "dedupe_docs_per_s": round(n / t_dd),
        "docs_per_s": round(n / (t_fp + t_dd)),
        "us_per_doc_first_10pct": round(1e6 * float(np.mean(per_doc[:tenth])), 1),
        "us_per_doc_last_10pct": round(1e6 * float(np.mean(per_doc[-tenth:])), 1),
        "peak_rss_mb": round(peak, 1),
        "rss_over_baseline_mb": round(peak - base, 1),
        "index_arrays_mb": round(index_mb, 1),
        "rebuild_from_lake_s": round(t_rebuild, 2),
        "copies_made": copies,
        "copies_found": found,
        "generate_s": round(t_gen, 1),
        "wall_s": round(wall, 1),
    }


def run_sizes(sizes: list[int]) -> list[dict]:
    print(
        "1. throughput and memory, CPU time (fingerprint = normalise + shingle + MinHash + figures;"
    )
    print("   dedupe = exact-hash lookup + LSH query + add; one process per size)")
    print(
        "   docs     fp docs/s  dedupe docs/s  total docs/s  us/doc first 10%  last 10%  peak RSS MB  over base  index MB  rebuild s  copies found/made"
    )
    out = []
    for n in sizes:
        res = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], check=True, capture_output=True, text=True
        )
        r = json.loads(res.stdout.strip().splitlines()[-1])
        out.append(r)
        print(
            f"   {n:7d}  {r['fingerprint_docs_per_s']:9d}  {r['dedupe_docs_per_s']:13d}  "
            f"{r['docs_per_s']:12d}  {r['us_per_doc_first_10pct']:16.0f}  {r['us_per_doc_last_10pct']:8.0f}  "
            f"{r['peak_rss_mb']:11.0f}  {r['rss_over_baseline_mb']:9.0f}  {r['index_arrays_mb']:8.1f}  "
            f"{r['rebuild_from_lake_s']:9.2f}  {r['copies_found']}/{r['copies_made']}",
            flush=True,
        )
    first, last = out[0], out[-1]
    growth = (last["docs"] / last["docs_per_s"]) / (first["docs"] / first["docs_per_s"])
    print(
        f"   time grows {growth:.1f}x for {last['docs'] / first['docs']:.0f}x documents "
        f"(linear = {last['docs'] / first['docs']:.0f}x); per-document cost "
        f"{1e6 / first['docs_per_s']:.0f} us at {first['docs']} vs {1e6 / last['docs_per_s']:.0f} us at {last['docs']}"
    )
    return out


def brute_vs_lsh(n: int = 2000, *, exact_too: bool = True) -> dict:
    """Every pair compared (exactly, or by MinHash) vs LSH candidates, same threshold and veto."""
    corpus = Corpus(seed=SEED + 1)
    texts = [t for _, t, _ in corpus.batch(n)]
    t0 = time.process_time()
    sigs = neardup.signatures(texts)
    t_sig = time.process_time() - t0

    t0 = time.process_time()
    index = neardup.NearDupIndex()
    lsh_pairs = set()
    for i, s in enumerate(sigs):
        lsh_pairs.update((int(j[1:]), i) for j, _ in index.query(s))
        index.add(f"r{i}", s)
    t_lsh = time.process_time() - t0

    t0 = time.process_time()
    matrix = np.stack([s.minhash for s in sigs])
    brute_pairs = set()
    for i in range(1, n):
        sims = np.count_nonzero(matrix[:i] == matrix[i], axis=1) / matrix.shape[1]
        for j in np.flatnonzero(sims >= neardup.THRESHOLD).tolist():
            if not neardup.figures_disagree(sigs[j], sigs[i]):
                brute_pairs.add((j, i))
    t_brute = time.process_time() - t0

    # exact all-pairs needs the pairs' common-shingle counts in memory: at 2k documents only
    exact = exact_pairs(texts) if exact_too else {"pairs": brute_pairs, "seconds": None}
    truth = exact["pairs"]

    def recall(found: set) -> float:
        return len(found & truth) / max(len(truth), 1)

    lsh_total, brute_total = t_sig + t_lsh, t_sig + t_brute
    print(f"2. brute force vs LSH on {n} documents, CPU seconds (threshold {neardup.THRESHOLD})")
    truth_name = "exact" if exact_too else "all-pairs MinHash"
    print(
        f"   method                                          CPU s  pairs  recall vs {truth_name}"
    )
    if exact_too:
        print(
            f"   exact Jaccard of every pair (one sparse product) {exact['seconds']:5.2f}  "
            f"{len(truth):5d}  1.000"
        )
    print(
        f"   MinHash, every pair compared                     {brute_total:5.2f}  "
        f"{len(brute_pairs):5d}  {recall(brute_pairs):.3f}   (signatures {t_sig:.2f} + pairs {t_brute:.2f})"
    )
    print(
        f"   MinHash + LSH (newslake/dedupe/neardup.py)                    {lsh_total:5.2f}  "
        f"{len(lsh_pairs):5d}  {recall(lsh_pairs):.3f}   (signatures {t_sig:.2f} + index {t_lsh:.2f})"
    )
    vs_brute = len(lsh_pairs & brute_pairs) / max(len(brute_pairs), 1)
    versus_exact = (
        f"{exact['seconds'] / lsh_total:.1f}x faster than exact all-pairs and " if exact_too else ""
    )
    print(
        f"   LSH finds {vs_brute:.3f} of the pairs all-pairs MinHash finds; it is {versus_exact}"
        f"{brute_total / lsh_total:.1f}x faster than all-pairs MinHash at {n} documents"
    )
    for m in (10_000, 100_000) if exact_too else ():
        f = m / n
        print(
            f"   extrapolated to {m:,}: exact all-pairs ~{exact['seconds'] * f * f:,.0f} s, "
            f"all-pairs MinHash ~{t_sig * f + t_brute * f * f:,.0f} s (quadratic) vs LSH "
            f"~{lsh_total * f:,.0f} s (linear; section 1 measures it)"
        )
    return {
        "docs": n,
        "exact_all_pairs_s": round(exact["seconds"], 3) if exact_too else None,
        "minhash_all_pairs_s": round(brute_total, 3),
        "lsh_s": round(lsh_total, 3),
        "exact_pairs": len(truth),
        "minhash_all_pairs_pairs": len(brute_pairs),
        "lsh_pairs": len(lsh_pairs),
        "lsh_recall_vs_exact": round(recall(lsh_pairs), 4) if exact_too else None,
        "lsh_recall_vs_minhash_all_pairs": round(vs_brute, 4),
        "speedup_vs_exact_all_pairs": round(exact["seconds"] / lsh_total, 1) if exact_too else None,
        "speedup_vs_minhash_all_pairs": round(brute_total / lsh_total, 1),
    }


def exact_pairs(texts: list[str]) -> dict:
    """All pairs with exact shingle Jaccard >= threshold, via one sparse matrix product."""
    from scipy import sparse

    t0 = time.process_time()
    hashes = [neardup.shingle_hashes(neardup.normalise(t)) for t in texts]
    vocab, inverse = np.unique(np.concatenate(hashes), return_inverse=True)
    rows = np.repeat(np.arange(len(hashes)), [len(h) for h in hashes])
    x = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.int32), (rows, inverse)), shape=(len(hashes), len(vocab))
    )
    inter = (x @ x.T).tocoo()
    sizes = np.array([len(h) for h in hashes])
    keep = inter.row < inter.col
    i, j, common = inter.row[keep], inter.col[keep], inter.data[keep]
    jac = common / (sizes[i] + sizes[j] - common)
    pairs = {
        (int(a), int(b))
        for a, b in zip(i[jac >= neardup.THRESHOLD], j[jac >= neardup.THRESHOLD], strict=True)
    }
    return {"pairs": pairs, "seconds": time.process_time() - t0}


def _low32(x: int) -> int:
    return x & 0xFFFFFFFF


def libraries(n: int = 1000) -> dict:
    """rensa (as used) vs rensa on strings vs datasketch: signature speed and estimate accuracy."""
    corpus = Corpus(seed=SEED + 2)
    rows = corpus.batch(n)
    norms = [neardup.normalise(t) for _, t, _ in rows]
    perm, seed = neardup.NUM_PERM, neardup.SEED
    results = {}
    t0 = time.process_time()
    hashes = [neardup.shingle_hashes(s, distinct=False) for s in norms]
    ours = neardup.minhash_matrix(hashes, perm, seed)
    results["rensa, numpy shingle hashes (newslake/dedupe/neardup.py)"] = time.process_time() - t0
    import rensa

    t0 = time.process_time()
    sets = [neardup.shingles(s) for s in norms]
    strings = np.asarray(
        rensa.RMinHash.digest_matrix_from_token_sets(sets, perm, seed).to_rows(), dtype=np.uint32
    )
    results["rensa, Python set of substrings"] = time.process_time() - t0
    pairs = [(i, j) for i, (_, _, j) in enumerate(rows) if j is not None][:300]
    pairs += [(i, i + 1) for i in range(0, 300)]
    truth = [len(sets[i] & sets[j]) / len(sets[i] | sets[j]) for i, j in pairs]

    def err(m: np.ndarray) -> float:
        return float(
            np.mean(
                [abs((m[i] == m[j]).mean() - t) for (i, j), t in zip(pairs, truth, strict=True)]
            )
        )

    errors = {
        "rensa, numpy shingle hashes (newslake/dedupe/neardup.py)": err(ours),
        "rensa, Python set of substrings": err(strings),
    }
    try:
        import datasketch
    except ImportError:
        print(
            "3. datasketch is not installed (pip install datasketch==2.0.0) - library comparison skipped"
        )
        return {"seconds_per_1000": results, "mean_abs_error": errors}
    name = f"datasketch {datasketch.__version__} MinHash.update_batch"
    sample = max(1, n // 5)  # datasketch is slow: time a fifth and scale
    t0 = time.process_time()
    ds = []
    for s in sets[:sample]:
        m = datasketch.MinHash(num_perm=perm, seed=seed)
        m.update_batch([x.encode() for x in s])
        ds.append(m)
    results[name] = (time.process_time() - t0) * n / sample
    ds_m = np.asarray([m.hashvalues for m in ds])
    # the fairest datasketch run: our numpy shingle hashes, hashfunc only folds them to 32 bits
    fed = f"datasketch {datasketch.__version__}, numpy shingle hashes as input"
    t0 = time.process_time()
    for text in norms[:sample]:
        m = datasketch.MinHash(num_perm=perm, seed=seed, hashfunc=_low32)
        m.update_batch(neardup.shingle_hashes(text).tolist())
    results[fed] = (time.process_time() - t0) * n / sample
    errors[fed] = float("nan")  # same estimator and hashes as above; not re-scored
    ds_pairs = [(p, t) for p, t in zip(pairs, truth, strict=True) if max(p) < sample]
    errors[name] = float(np.mean([abs((ds_m[i] == ds_m[j]).mean() - t) for (i, j), t in ds_pairs]))
    lsh = datasketch.MinHashLSH(threshold=neardup.THRESHOLD, num_perm=perm)
    lean = [datasketch.LeanMinHash(m) for m in ds]
    t0 = time.process_time()
    for i, m in enumerate(lean):
        lsh.query(m)
        lsh.insert(str(i), m)
    ds_lsh = (time.process_time() - t0) / sample
    ours_sigs = [neardup.Signature(row, np.zeros(0, np.uint32), 0) for row in ours[:sample]]
    index = neardup.NearDupIndex()
    t0 = time.process_time()
    for i, s in enumerate(ours_sigs):
        index.query(s)
        index.add(str(i), s)
    our_lsh = (time.process_time() - t0) / sample
    print(f"3. MinHash libraries on {n} documents of ~{DOC_CHARS} characters, {perm} permutations")
    print(
        "   implementation                                   s per 1000 docs   mean |estimate - exact|"
    )
    for key, seconds in results.items():
        error = "-" if errors[key] != errors[key] else f"{errors[key]:.4f}"
        print(f"   {key:48s} {seconds * 1000 / n:15.2f}   {error}")
    print(
        f"   LSH query+insert per document: datasketch MinHashLSH {1e6 * ds_lsh:.0f} us, "
        f"NearDupIndex {1e6 * our_lsh:.0f} us"
    )
    return {
        "seconds_per_1000": {k: round(v * 1000 / n, 3) for k, v in results.items()},
        "mean_abs_error": {k: round(v, 4) for k, v in errors.items() if v == v},
        "lsh_us_per_doc": {"datasketch": round(1e6 * ds_lsh), "neardup": round(1e6 * our_lsh)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--full", action="store_true", help="also 30k and 100k documents")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size, in a child process
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one)))
        return
    print(
        f"params: k={neardup.SHINGLE_SIZE} perms={neardup.NUM_PERM} bands={neardup.BANDS}x{neardup.ROWS} "
        f"threshold={neardup.THRESHOLD}; {DOC_CHARS}-character documents, {COPY_SHARE:.0%} copies, "
        f"batches of {BATCH}\n"
    )
    sizes = [1000, 3000, 10_000] + ([30_000, 100_000] if args.full else [])
    scale = run_sizes(sizes)
    print()
    brute = brute_vs_lsh()
    print()
    if args.full:
        brute10k = brute_vs_lsh(10_000, exact_too=False)  # measured, not extrapolated
        print()
    libs = libraries()
    extra = {"brute_vs_lsh_10k": brute10k} if args.full else {}
    print(json.dumps({"sizes": scale, "brute_vs_lsh": brute, **extra, "libraries": libs}))


if __name__ == "__main__":
    main()
