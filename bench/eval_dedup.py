"""Precision and recall of duplicate detection on the labelled pairs in tests/expected/duplicates/.

Pages go through the pipeline's own steps first: newslake.clean (chrome, Traditional -> Simplified,
spin restoration) and newslake.boilerplate (per-site recurring lines, counted batch by batch in page
order as a run would). Then it prints the sweeps the parameters in newslake/dedupe/neardup.py and
newslake/boilerplate.py were chosen from, the figures of the chosen settings, and what each cleaning
step contributes. Run: `.venv/bin/python bench/eval_dedup.py` (add `--quick` to skip the sweeps).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from newslake import boilerplate
from newslake.clean import clean_page
from newslake.clean.script import detect_script, to_simplified
from newslake.dedupe import neardup
from newslake.records import Document

PAIRS_DIR = Path(__file__).resolve().parents[1] / "tests" / "expected" / "duplicates"
SEEDS = (neardup.SEED, 1, 2, 3, 4)
BATCH = 200  # pages per batch, as the flow's default --batch-size


def load() -> tuple[list[dict], list[dict]]:
    def rows(name: str) -> list[dict]:
        return [json.loads(line) for line in (PAIRS_DIR / name).open(encoding="utf-8")]

    return rows("documents.jsonl"), rows("pairs.jsonl")


def prepare(
    docs: list[dict],
    *,
    strip: bool = True,
    carry: bool = True,
    min_pages: int = boilerplate.MIN_PAGES,
    min_share: float = boilerplate.MIN_SHARE,
) -> dict[str, Document]:
    """Clean every page and strip boilerplate batch by batch, as the ingest flow does.

    carry=True counts each batch into the next batches' model (a lake fed one batch per run);
    carry=False judges every batch on its own pages only (all pages in one run, one snapshot).
    """
    out: dict[str, Document] = {}
    counts = boilerplate.LineCounts(min_pages=min_pages, min_share=min_share)
    for start in range(0, len(docs), BATCH):
        batch = []
        for row in docs[start : start + BATCH]:
            page = clean_page(row["page"], is_html=False)
            doc = Document(
                doc_id=row["doc_id"],
                location=f"https://{row['site']}/{row['doc_id']}.html",
                raw_sha256="",
                seen_at=datetime(2024, 1, 1, tzinfo=UTC),
                text=page.text,
                restored_text=page.restored_text,
                original_script=page.original_script,
                quality=page.quality,
            )
            batch.append(doc)
        if strip:
            seen = boilerplate.strip_batch(batch, counts)
            if carry:
                counts.update(seen)
        out.update((d.doc_id, d) for d in batch)
    return out


def prf(predicted: list[bool], labels: list[int]) -> tuple[float, float]:
    tp = sum(p and y for p, y in zip(predicted, labels, strict=True))
    fp = sum(p and not y for p, y in zip(predicted, labels, strict=True))
    fn = sum(y and not p for p, y in zip(predicted, labels, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def coverage(docs: list[dict], pairs: list[dict], prepared: dict[str, Document]) -> None:
    print("0. what the labelled set covers (edit = share of the body changed, 1 - difflib ratio)")
    print("   kind              label  pairs  edit min  median  max   notes")
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for p in pairs:
        by_kind[p["kind"]].append(p)
    for kind, rows in sorted(by_kind.items(), key=lambda kv: (-kv[1][0]["label"], kv[0])):
        edits = [p["edit"] for p in rows if "edit" in p]
        notes = defaultdict(int)
        for p in rows:
            if "note" in p:
                notes[p["note"]] += 1
        if kind == "spun":
            restored = sum(prepared[p["b"]].restored_text is not None for p in rows)
            notes[f"restored by newslake.clean {restored}/{len(rows)}"] += 0
        if kind == "script_twin":
            hant = sum(prepared[p["b"]].original_script == "hant" for p in rows)
            notes[f"detected hant {hant}/{len(rows)}"] += 0
        span = (
            f"{min(edits):.2f}      {statistics.median(edits):.2f}    {max(edits):.2f}"
            if edits
            else "   -        -       -  "
        )
        note = " ".join(f"{k}={v}" if v else k for k, v in sorted(notes.items()))
        print(f"   {kind:17s} {rows[0]['label']:5d}  {len(rows):5d}  {span}  {note}")
    print(f"   {len(docs)} pages from {len({d['site'] for d in docs})} sites")


def sweep_shingles(pairs: list[dict], texts: dict[str, str]) -> None:
    sigs = {i: neardup.signature(t) for i, t in texts.items()}
    vetoed = {p["pair_id"] for p in pairs if neardup.figures_disagree(sigs[p["a"]], sigs[p["b"]])}
    vetoed_kinds = sorted({p["kind"] for p in pairs if p["pair_id"] in vetoed})
    print(
        "1. exact Jaccard of character k-shingles of the hashed text, per k "
        f"({len(vetoed)} pairs the figures veto settles are left out: {' '.join(vetoed_kinds)})"
    )
    print(
        "   k  pos p5  pos min  neg max  neg p99  p5-p99   lowest positive / highest negative kind"
    )
    kept = [p for p in pairs if p["pair_id"] not in vetoed]
    labels = [p["label"] for p in kept]
    for k in (3, 4, 5, 6, 7, 8, 9, 10):
        sets = {i: neardup.shingles(neardup.normalise(t), k) for i, t in texts.items()}
        scores = [jaccard(sets[p["a"]], sets[p["b"]]) for p in kept]
        pos = sorted(s for s, y in zip(scores, labels, strict=True) if y)
        neg = sorted(s for s, y in zip(scores, labels, strict=True) if not y)
        extreme: dict[str, float] = {}
        for p, s in zip(kept, scores, strict=True):
            f = min if p["label"] else max
            extreme[p["kind"]] = f(extreme.get(p["kind"], s), s)
        worst_pos = min((v, k_) for k_, v in extreme.items() if k_ in _POSITIVE_KINDS)
        worst_neg = max((v, k_) for k_, v in extreme.items() if k_ not in _POSITIVE_KINDS)
        p5, n99 = pos[int(0.05 * len(pos))], neg[-1 - int(0.01 * len(neg))]
        print(
            f"   {k:<2d} {p5:.3f}   {pos[0]:.3f}    {neg[-1]:.3f}    {n99:.3f}    {p5 - n99:+.3f}"
            f"   {worst_pos[1]} {worst_pos[0]:.3f} / {worst_neg[1]} {worst_neg[0]:.3f}"
        )


def figure_check(pairs: list[dict], texts: dict[str, str]) -> None:
    sigs = {i: neardup.signature(t) for i, t in texts.items()}
    print(
        f"1b. figures veto: share of the smaller figure set found in the other (pairs where both "
        f"report >= {neardup.FIGURES_MIN} figures); veto below {neardup.FIGURES_CONTAINMENT}"
    )
    by_kind: dict[str, list[float]] = defaultdict(list)
    for p in pairs:
        c = neardup.figure_containment(sigs[p["a"]], sigs[p["b"]])
        if c is not None:
            by_kind[p["kind"]].append(c)
    for kind, values in sorted(
        by_kind.items(), key=lambda kv: (kv[0] not in _POSITIVE_KINDS, kv[0])
    ):
        vetoed = sum(v < neardup.FIGURES_CONTAINMENT for v in values)
        print(
            f"   {kind:17s} n={len(values):3d}  min {min(values):.2f}  median "
            f"{statistics.median(values):.2f}  max {max(values):.2f}  vetoed {vetoed}"
        )


def pair_scores(
    pairs: list[dict], sigs: dict[str, neardup.Signature], *, veto: bool = True
) -> list[float]:
    """Estimated similarity per pair, 0 where the figures veto says the texts are not copies."""
    out = []
    for p in pairs:
        a, b = sigs[p["a"]], sigs[p["b"]]
        out.append(0.0 if veto and neardup.figures_disagree(a, b) else neardup.similarity(a, b))
    return out


def sweep_minhash(pairs: list[dict], texts: dict[str, str]) -> None:
    print(
        "2. MinHash estimate (+ figures veto) >= threshold: precision/recall, mean over "
        f"{len(SEEDS)} seeds; |err| = |estimate - exact Jaccard|"
    )
    labels = [p["label"] for p in pairs]
    ids = list(texts)
    thresholds = (0.30, 0.33, 0.36, 0.40, 0.43, 0.45)
    print("   k  perms  |err| mean  max    " + "  ".join(f"t={t:.2f} P/R  " for t in thresholds))
    for k in (5, 6, 7, 8, 9):
        sets = {i: neardup.shingles(neardup.normalise(t), k) for i, t in texts.items()}
        exact = [jaccard(sets[p["a"]], sets[p["b"]]) for p in pairs]
        for num_perm in (128, 256):
            errors, results = [], defaultdict(list)
            for seed in SEEDS:
                made = neardup.signatures(
                    [texts[i] for i in ids], size=k, num_perm=num_perm, seed=seed
                )
                sigs = dict(zip(ids, made, strict=True))
                est = pair_scores(pairs, sigs, veto=False)
                errors += [abs(e - x) for e, x in zip(est, exact, strict=True)]
                vetoed = pair_scores(pairs, sigs)
                for t in thresholds:
                    results[t].append(prf([e >= t for e in vetoed], labels))
            cells = "  ".join(
                f"{np.mean([p for p, _ in results[t]]):.3f}/{np.mean([r for _, r in results[t]]):.3f}"
                for t in thresholds
            )
            print(f"   {k}  {num_perm:5d}  {np.mean(errors):.3f}      {max(errors):.3f}  {cells}")


def candidate_probability(j: float, bands: int, rows: int) -> float:
    return 1 - (1 - j**rows) ** bands


def sweep_lsh() -> None:
    print("3. LSH bands x rows: P(candidate) at Jaccard J (a pair must be a candidate to be found)")
    js = (0.1, 0.2, 0.3, 0.33, 0.36, 0.4, 0.5)
    print("   perms  bands x rows  " + "  ".join(f"J={j:.2f}" for j in js))
    for perms, bands, rows in (
        (128, 32, 4),
        (128, 42, 3),
        (128, 64, 2),
        (256, 64, 4),
        (256, 85, 3),
        (256, 128, 2),
    ):
        cells = "  ".join(f"{candidate_probability(j, bands, rows):.3f} " for j in js)
        chosen = (perms, bands, rows) == (neardup.NUM_PERM, neardup.BANDS, neardup.ROWS)
        print(f"   {perms:5d}  {bands:3d} x {rows}       {cells}{'  <- chosen' if chosen else ''}")


def evaluate_index(
    pairs: list[dict],
    texts: dict[str, str],
    seed: int = neardup.SEED,
    *,
    size: int = neardup.SHINGLE_SIZE,
    num_perm: int = neardup.NUM_PERM,
    bands: int = neardup.BANDS,
    rows: int = neardup.ROWS,
    threshold: float = neardup.THRESHOLD,
) -> dict:
    """Index every document, query each one: pair-level figures and all-pairs false matches."""
    index = neardup.NearDupIndex(threshold=threshold, bands=bands, rows=rows)
    ids = list(texts)
    made = neardup.signatures([texts[i] for i in ids], size=size, num_perm=num_perm, seed=seed)
    sigs = dict(zip(ids, made, strict=True))
    index.add_many(ids, made)
    matches = {d: {m for m, _ in index.query(s, exclude=d)} for d, s in sigs.items()}
    predicted = [p["b"] in matches[p["a"]] for p in pairs]
    labels = [p["label"] for p in pairs]
    precision, recall = prf(predicted, labels)
    positives = {frozenset((p["a"], p["b"])) for p in pairs if p["label"]}
    found = {frozenset((d, m)) for d, ms in matches.items() for m in ms}
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_edit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for p, hit in zip(pairs, predicted, strict=True):
        by_kind[p["kind"]][0] += hit
        by_kind[p["kind"]][1] += 1
        if p["kind"] == "repost":
            edit_bin = next(b for lo, hi, b in _EDIT_BINS if lo <= p["edit"] < hi)
            by_edit[edit_bin][0] += hit
            by_edit[edit_bin][1] += 1
    return {
        "reposts_by_edit": dict(by_edit),
        "precision": precision,
        "recall": recall,
        "all_pairs_precision": len(found & positives) / max(len(found), 1),
        "all_pairs_false": len(found - positives),
        "by_kind": dict(by_kind),
    }


def sweep_index(pairs: list[dict], texts: dict[str, str]) -> None:
    print(
        f"4. the whole index (LSH + figures veto), mean (worst) precision/recall over {len(SEEDS)} seeds"
    )
    thresholds = (0.32, 0.34, 0.36, 0.38, 0.40)
    print("   k  perms  bands x rows  " + "  ".join(f"t={t:.2f} P/R         " for t in thresholds))
    for k, num_perm, bands, rows in (
        (5, 128, 32, 4),
        (5, 256, 85, 3),
        (7, 256, 85, 3),
        (8, 128, 42, 3),
        (8, 256, 85, 3),
        (9, 256, 85, 3),
        (10, 256, 85, 3),
    ):
        cells = []
        for t in thresholds:
            runs = [
                evaluate_index(
                    pairs,
                    texts,
                    seed,
                    size=k,
                    num_perm=num_perm,
                    bands=bands,
                    rows=rows,
                    threshold=t,
                )
                for seed in SEEDS
            ]
            ps, rs = [r["precision"] for r in runs], [r["recall"] for r in runs]
            cells.append(f"{np.mean(ps):.3f}/{np.mean(rs):.3f} ({min(ps):.2f}/{min(rs):.2f})")
        print(f"   {k:<2d} {num_perm:5d}  {bands:3d} x {rows}      " + "  ".join(cells))


def kinds_line(by_kind: dict[str, list[int]]) -> str:
    return " ".join(f"{k}={hit}/{n}" for k, (hit, n) in sorted(by_kind.items()))


def score_boilerplate(docs: list[dict], prepared: dict[str, Document]) -> tuple[float, float]:
    """Line-level precision and recall of stripping: site lines are each page's last `own` lines."""
    stripped_site = stripped_other = site_total = 0
    for row in docs:
        own = (
            row["page"].split("\n")[len(row["page"].split("\n")) - row["own"] :]
            if row["own"]
            else []
        )
        if detect_script(row["page"]) == "hant":
            own = [to_simplified(line) for line in own]
        own_keys = {boilerplate.line_key(line) for line in own}
        cleaned = clean_page(row["page"], is_html=False).text
        kept = set(boilerplate.line_keys(prepared[row["doc_id"]].text))
        for key in boilerplate.line_keys(cleaned):
            if key is None:
                continue
            site_total += key in own_keys
            if key not in kept:
                if key in own_keys:
                    stripped_site += 1
                else:
                    stripped_other += 1
    precision = stripped_site / max(stripped_site + stripped_other, 1)
    return precision, stripped_site / max(site_total, 1)


def sweep_boilerplate(docs: list[dict], pairs: list[dict]) -> None:
    print("6. boilerplate: lines stripped per (min_pages, min_share); site lines = ground truth")
    print("   min_pages  min_share  line precision  line recall  pair P/R (chosen MinHash)")
    for min_pages in (3, 5, 8):
        for min_share in (0.02, 0.05, 0.1, 0.2):
            prepared = prepare(docs, min_pages=min_pages, min_share=min_share)
            lp, lr = score_boilerplate(docs, prepared)
            run = evaluate_index(pairs, {i: d.extraction_text for i, d in prepared.items()})
            mark = (
                "  <- chosen"
                if (min_pages, min_share) == (boilerplate.MIN_PAGES, boilerplate.MIN_SHARE)
                else ""
            )
            print(
                f"   {min_pages:9d}  {min_share:9.2f}  {lp:14.3f}  {lr:11.3f}  "
                f"{run['precision']:.3f}/{run['recall']:.3f}{mark}"
            )


def ablations(docs: list[dict], pairs: list[dict], prepared: dict[str, Document]) -> dict:
    """What each cleaning step adds: figures without boilerplate stripping / without restoration."""
    print("7. what the cleaning steps contribute (chosen MinHash settings, production seed)")
    variants: dict[str, Callable[[], dict[str, str]]] = {
        "pipeline (clean + boilerplate + restored text)": lambda: {
            i: d.extraction_text for i, d in prepared.items()
        },
        "boilerplate judged per batch only (one run)": lambda: {
            i: d.extraction_text for i, d in prepare(docs, carry=False).items()
        },
        "without boilerplate stripping": lambda: {
            i: d.extraction_text for i, d in prepare(docs, strip=False).items()
        },
        "without spin restoration (text, not restored_text)": lambda: {
            i: d.text for i, d in prepared.items()
        },
        "raw pages (no cleaning at all)": lambda: {d["doc_id"]: d["page"] for d in docs},
    }
    out = {}
    for name, texts in variants.items():
        run = evaluate_index(pairs, texts())
        out[name] = run
        print(
            f"   {name:52s} P {run['precision']:.3f} R {run['recall']:.3f}  "
            f"all-pairs false {run['all_pairs_false']:3d}  {kinds_line(run['by_kind'])}"
        )
    k = neardup.SHINGLE_SIZE
    spun = [p for p in pairs if p["kind"] == "spun"]
    for label, attr in (("text", "text"), ("restored", "extraction_text")):
        js = []
        for p in spun:
            a, b = (getattr(prepared[x], attr) for x in (p["a"], p["b"]))
            js.append(
                jaccard(
                    neardup.shingles(neardup.normalise(a), k),
                    neardup.shingles(neardup.normalise(b), k),
                )
            )
        print(
            f"   spun pairs, Jaccard of {label:8s}: min {min(js):.3f} median {statistics.median(js):.3f}"
        )
    return out


_POSITIVE_KINDS: set[str] = set()
_EDIT_BINS = (
    (0.0, 0.15, "5-15%"),
    (0.15, 0.25, "15-25%"),
    (0.25, 0.30, "25-30%"),
    (0.30, 1.0, "30-40%"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the chosen settings' figures")
    args = parser.parse_args()
    docs, pairs = load()
    _POSITIVE_KINDS.update(p["kind"] for p in pairs if p["label"])
    prepared = prepare(docs)
    texts = {i: d.extraction_text for i, d in prepared.items()}
    n_pos = sum(p["label"] for p in pairs)
    print(f"labelled set: {len(docs)} pages, {len(pairs)} pairs ({n_pos} copies)\n")
    coverage(docs, pairs, prepared)
    print()
    if not args.quick:
        sweep_shingles(pairs, texts)
        print()
        figure_check(pairs, texts)
        print()
        sweep_minhash(pairs, texts)
        print()
        sweep_lsh()
        print()
        sweep_index(pairs, texts)
        print()
    print(
        f"5. chosen: k={neardup.SHINGLE_SIZE} perms={neardup.NUM_PERM} bands={neardup.BANDS} "
        f"rows={neardup.ROWS} threshold={neardup.THRESHOLD}; NearDupIndex over all pages, per seed"
    )
    runs = [evaluate_index(pairs, texts, seed) for seed in SEEDS]
    for seed, run in zip(SEEDS, runs, strict=True):
        print(
            f"   seed {seed:>8}: precision {run['precision']:.3f} recall {run['recall']:.3f}  "
            f"all-pairs precision {run['all_pairs_precision']:.3f} "
            f"({run['all_pairs_false']} false)  {kinds_line(run['by_kind'])}"
        )
    edits = runs[0]["reposts_by_edit"]
    print(
        "   reposts found by edit size (production seed): "
        + "  ".join(f"{b} {edits[b][0]}/{edits[b][1]}" for _, _, b in _EDIT_BINS if b in edits)
    )
    print()
    if not args.quick:
        sweep_boilerplate(docs, pairs)
        print()
    lp, lr = score_boilerplate(docs, prepared)
    print(f"   boilerplate lines at the chosen settings: precision {lp:.3f} recall {lr:.3f}")
    bp, br = score_boilerplate(docs, prepare(docs, carry=False))
    print(
        f"   ... judged per batch only (one run, one snapshot): precision {bp:.3f} recall {br:.3f}\n"
    )
    ablations(docs, pairs, prepared)
    main_run = runs[0]
    print(
        f"\nprecision {main_run['precision']:.3f}  recall {main_run['recall']:.3f}  "
        f"(seed {neardup.SEED}; worst seed: precision {min(r['precision'] for r in runs):.3f} "
        f"recall {min(r['recall'] for r in runs):.3f})"
    )
    print(
        json.dumps(
            {
                "pairs": len(pairs),
                "copies": n_pos,
                "precision": round(main_run["precision"], 4),
                "recall": round(main_run["recall"], 4),
                "min_precision_over_seeds": round(min(r["precision"] for r in runs), 4),
                "min_recall_over_seeds": round(min(r["recall"] for r in runs), 4),
                "all_pairs_false": main_run["all_pairs_false"],
                "boilerplate_line_precision": round(lp, 4),
                "boilerplate_line_recall": round(lr, 4),
                "params": {
                    "k": neardup.SHINGLE_SIZE,
                    "perms": neardup.NUM_PERM,
                    "bands": neardup.BANDS,
                    "rows": neardup.ROWS,
                    "threshold": neardup.THRESHOLD,
                    "min_pages": boilerplate.MIN_PAGES,
                    "min_share": boilerplate.MIN_SHARE,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
