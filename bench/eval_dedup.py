"""Precision and recall of near-duplicate detection on the labelled pairs in tests/dedup_pairs/.

Prints the sweep the parameters in tasks/neardup.py were chosen from: exact shingle Jaccard per
shingle size, then MinHash estimates per number of permutations (over several seeds), then the
LSH index as the pipeline uses it. Run: `.venv/bin/python bench/eval_dedup.py`.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tasks import neardup

PAIRS_DIR = Path(__file__).resolve().parents[1] / "tests" / "dedup_pairs"
SEEDS = (neardup.SEED, 1, 2, 3, 4)


def load() -> tuple[dict[str, str], list[dict]]:
    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (PAIRS_DIR / name).open(encoding="utf-8")]

    docs = {d["doc_id"]: d["text"] for d in rows("documents.jsonl")}
    return docs, rows("pairs.jsonl")


def prf(predicted: list[bool], labels: list[int]) -> tuple[float, float]:
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    fp = sum(p and not y for p, y in zip(predicted, labels, strict=True))
    fn = sum(y and not p for p, y in zip(predicted, labels, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def best_threshold(scores: list[float], labels: list[int]) -> tuple[float, float, float, float]:
    """Widest-margin threshold: midway between the lowest positive and highest negative it keeps apart."""
    pos = sorted(s for s, y in zip(scores, labels, strict=True) if y)
    neg = sorted(s for s, y in zip(scores, labels, strict=True) if not y)
    low_pos = pos[int(0.05 * len(pos))]  # tolerate 5% of positives below, as recall 0.95 does
    high_neg = neg[-1 - int(0.01 * len(neg))]
    t = (low_pos + high_neg) / 2
    p, r = prf([s >= t for s in scores], labels)
    return t, low_pos - high_neg, p, r


def sweep_shingles(docs: dict[str, str], pairs: list[dict]) -> None:
    print("1. exact Jaccard of character shingles (normalised text)")
    print("   k  pos p5  pos min  neg max  neg p99  margin(pos p5 - neg p99)  by kind: median")
    labels = [p["label"] for p in pairs]
    for k in (3, 4, 5, 6, 7):
        sets = {i: neardup.shingles(neardup.normalise(t), k) for i, t in docs.items()}
        scores = [
            len(sets[p["a"]] & sets[p["b"]]) / len(sets[p["a"]] | sets[p["b"]]) for p in pairs
        ]
        pos = sorted(s for s, y in zip(scores, labels, strict=True) if y)
        neg = sorted(s for s, y in zip(scores, labels, strict=True) if not y)
        by_kind = defaultdict(list)
        for p, s in zip(pairs, scores, strict=True):
            by_kind[p["kind"]].append(s)
        kinds = " ".join(f"{k_}={statistics.median(v):.2f}" for k_, v in sorted(by_kind.items()))
        p5, n99 = pos[int(0.05 * len(pos))], neg[-1 - int(0.01 * len(neg))]
        print(
            f"   {k}  {p5:.3f}   {pos[0]:.3f}    {neg[-1]:.3f}    {n99:.3f}    {p5 - n99:+.3f}"
            f"     {kinds}"
        )


def sweep_minhash(docs: dict[str, str], pairs: list[dict]) -> None:
    print(
        f"2. MinHash estimate vs threshold (k={neardup.SHINGLE_SIZE}), mean over {len(SEEDS)} seeds"
    )
    labels = [p["label"] for p in pairs]
    sets = {i: neardup.shingles(neardup.normalise(t)) for i, t in docs.items()}
    exact = [len(sets[p["a"]] & sets[p["b"]]) / len(sets[p["a"]] | sets[p["b"]]) for p in pairs]
    thresholds = (0.30, 0.35, 0.40, 0.45, 0.50)
    print("   perms  |err| mean  max   " + "  ".join(f"t={t:.2f} P/R  " for t in thresholds))
    for num_perm in (64, 128, 256):
        errors, results = [], defaultdict(list)
        for seed in SEEDS:
            sigs = {i: neardup.minhash(s, num_perm, seed) for i, s in sets.items()}
            est = [neardup.similarity(sigs[p["a"]], sigs[p["b"]]) for p in pairs]
            errors += [abs(e - x) for e, x in zip(est, exact, strict=True)]
            for t in thresholds:
                results[t].append(prf([e >= t for e in est], labels))
        cells = "  ".join(
            f"{np.mean([p for p, _ in results[t]]):.3f}/{np.mean([r for _, r in results[t]]):.3f}"
            for t in thresholds
        )
        print(f"   {num_perm:5d}  {np.mean(errors):.3f}      {max(errors):.3f}  {cells}")


def candidate_probability(j: float, bands: int, rows: int) -> float:
    return 1 - (1 - j**rows) ** bands


def sweep_lsh() -> None:
    print(f"3. LSH bands x rows for {neardup.NUM_PERM} perms: P(candidate) at Jaccard J")
    js = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
    print("   bands x rows  " + "  ".join(f"J={j:.1f}" for j in js))
    for bands, rows in ((64, 2), (42, 3), (32, 4), (25, 5), (21, 6), (16, 8)):
        cells = "  ".join(f"{candidate_probability(j, bands, rows):.3f}" for j in js)
        print(f"   {bands:3d} x {rows}       {cells}")


def evaluate_index(docs: dict[str, str], pairs: list[dict], seed: int = neardup.SEED) -> dict:
    """Index every document, query each one: pair-level figures and all-pairs false matches."""
    index = neardup.NearDupIndex()
    sigs = {
        i: neardup.minhash(neardup.shingles(neardup.normalise(t)), seed=seed)
        for i, t in docs.items()
    }
    for doc_id, sig in sigs.items():
        index.add(doc_id, sig)
    matches = {d: {m for m, _ in index.query(s, exclude=d)} for d, s in sigs.items()}
    predicted = [p["b"] in matches[p["a"]] for p in pairs]
    labels = [p["label"] for p in pairs]
    precision, recall = prf(predicted, labels)
    positives = {frozenset((p["a"], p["b"])) for p in pairs if p["label"]}
    found = {frozenset((d, m)) for d, ms in matches.items() for m in ms}
    by_kind = defaultdict(lambda: [0, 0])
    for p, hit in zip(pairs, predicted, strict=True):
        by_kind[p["kind"]][0] += hit
        by_kind[p["kind"]][1] += 1
    return {
        "precision": precision,
        "recall": recall,
        "all_pairs_precision": len(found & positives) / max(len(found), 1),
        "all_pairs_false": len(found - positives),
        "by_kind": dict(by_kind),
    }


def main() -> None:
    docs, pairs = load()
    n_pos = sum(p["label"] for p in pairs)
    print(f"labelled set: {len(docs)} documents, {len(pairs)} pairs ({n_pos} copies)\n")
    sweep_shingles(docs, pairs)
    print()
    sweep_minhash(docs, pairs)
    print()
    sweep_lsh()
    print()
    print(
        f"4. chosen: k={neardup.SHINGLE_SIZE} perms={neardup.NUM_PERM} bands={neardup.BANDS} "
        f"rows={neardup.ROWS} threshold={neardup.THRESHOLD} (NearDupIndex over all documents)"
    )
    runs = [evaluate_index(docs, pairs, seed) for seed in SEEDS]
    for seed, run in zip(SEEDS, runs, strict=True):
        kinds = " ".join(f"{k}={hit}/{n}" for k, (hit, n) in sorted(run["by_kind"].items()))
        print(
            f"   seed {seed:>8}: precision {run['precision']:.3f} recall {run['recall']:.3f}  "
            f"all-pairs precision {run['all_pairs_precision']:.3f} "
            f"({run['all_pairs_false']} false)  {kinds}"
        )
    main_run = runs[0]
    print(
        f"\nprecision {main_run['precision']:.3f}  recall {main_run['recall']:.3f}  (seed {neardup.SEED})"
    )


if __name__ == "__main__":
    main()
