"""Precision and recall of indicator extraction on the labelled pages in tests/expected/indicators/.

Each page goes through the pipeline's own decode, clean and extract (as newslake/derive.py runs
them); its rows are aligned one-to-one with the hand-written labels and scored per field and on
whole rows. Run: `.venv/bin/python bench/eval_extract.py [--show-errors]`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newslake.clean import clean_page  # noqa: E402
from newslake.decode import decode_page  # noqa: E402
from newslake.extract import extract_indicators  # noqa: E402
from newslake.records import Indicator  # noqa: E402

LABELS_DIR = REPO / "tests" / "expected" / "indicators"
PAGE_ROOTS = {
    "seeds": REPO.parent / "shared" / "corpus" / "seeds",
    "samples": REPO / "samples",
    "pages": REPO / "tests" / "pages",
}
# Fields of a whole row (the list); qualifier is scored on its own but not required.
ROW_FIELDS = (
    "metric", "region", "period", "value", "unit", "yoy_pct", "share_pct", "growth_pct", "kind",
)  # fmt: skip
FIELDS = (*ROW_FIELDS, "growth_basis", "qualifier")


@dataclass(frozen=True, slots=True)
class Row:
    """One indicator reduced to the values scored, from a label or from the extractor."""

    metric: str
    region: str | None
    period: tuple[date, date] | None
    value: float | None
    unit: str | None
    yoy_pct: float | None
    share_pct: float | None
    kind: str
    qualifier: str | None
    growth_pct: float | None = None
    growth_basis: str | None = None
    sentence: str = ""


@dataclass(slots=True)
class PageResult:
    name: str
    gold: list[Row]
    predicted: list[Row]
    pairs: list[tuple[Row, Row]] = field(default_factory=list)  # (gold, predicted)


def load_labels(split: str | None = None) -> list[tuple[str, str, list[Row]]]:
    """(label file stem, page reference, rows) for every label file of `split` (None: all).

    split "dev" holds the pages the rules were written against; "heldout" pages were written
    and labelled before the extractor first ran on them, so their figures are the honest ones.
    """
    out = []
    for path in sorted(LABELS_DIR.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if split is None or data.get("split", "dev") == split:
            out.append((path.stem, data["page"], [_label_row(r) for r in data["rows"]]))
    return out


def _label_row(r: dict) -> Row:
    period = r.get("period")
    return Row(
        metric=r["metric"],
        region=r.get("region"),
        period=(period[0], period[1]) if period else None,
        value=r.get("value"),
        unit=r.get("unit"),
        yoy_pct=r.get("yoy"),
        share_pct=r.get("share"),
        kind=r.get("kind", "actual"),
        qualifier=r.get("qualifier"),
        growth_pct=r.get("growth"),
        growth_basis=r.get("basis"),
    )


def page_path(ref: str) -> Path:
    root, _, name = ref.partition(":")
    return PAGE_ROOTS[root] / name


def extract_page(path: Path) -> list[Indicator]:
    """The pipeline's decode -> clean -> extract on one page file."""
    page = decode_page(path.read_bytes(), declared_charset=None, content_type=None)
    cleaned = clean_page(page.text, is_html=page.is_html)
    text = cleaned.restored_text if cleaned.restored_text is not None else cleaned.text
    return extract_indicators(text, published_at=cleaned.published_at, title=cleaned.title)


def as_row(ind: Indicator) -> Row:
    period = (ind.period_start, ind.period_end) if ind.period_start is not None else None
    return Row(
        ind.metric,
        ind.region,
        period,
        ind.value,
        ind.unit,
        ind.yoy_pct,
        ind.share_pct,
        ind.kind,
        ind.qualifier,
        ind.growth_pct,
        ind.growth_basis,
        ind.sentence,
    )


def same(field_name: str, a: Row, b: Row) -> bool:
    x, y = getattr(a, field_name), getattr(b, field_name)
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    return x == y


def _score(gold: Row, pred: Row) -> int:
    return sum(same(f, gold, pred) for f in ROW_FIELDS)


def _same_figure(gold: Row, pred: Row) -> bool:
    """Rows can only be aligned when they report at least one figure in common."""
    return any(
        getattr(gold, f) is not None and same(f, gold, pred)
        for f in ("value", "yoy_pct", "share_pct", "growth_pct")
    )


def align(gold: list[Row], predicted: list[Row]) -> list[tuple[Row, Row]]:
    """Greedy one-to-one alignment, best-agreeing pairs first (ties: document order)."""
    candidates = [
        (-_score(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if _same_figure(g, p)
    ]
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(candidates):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], predicted[pi]))
    return pairs


def evaluate(
    pages: list[tuple[str, str, list[Row]]] | None = None,
) -> tuple[dict, list[PageResult]]:
    """Per-field and whole-row precision/recall over every labelled page that is present.

    A field counts as correct in an aligned pair when label and extraction agree (NULL included);
    precision divides by the extracted rows, recall by the labelled rows, so an unaligned row is
    wrong in every field.
    """
    results: list[PageResult] = []
    skipped: list[str] = []
    for name, ref, gold in pages if pages is not None else load_labels():
        path = page_path(ref)
        if not path.exists():
            skipped.append(name)
            continue
        predicted = [as_row(i) for i in extract_page(path)]
        results.append(PageResult(name, gold, predicted, align(gold, predicted)))
    n_gold = sum(len(r.gold) for r in results)
    n_pred = sum(len(r.predicted) for r in results)
    fields: dict[str, dict[str, float]] = {}
    for f in (*FIELDS, "row"):
        if f == "row":
            correct = sum(
                all(same(x, g, p) for x in ROW_FIELDS) for r in results for g, p in r.pairs
            )
        else:
            correct = sum(same(f, g, p) for r in results for g, p in r.pairs)
        fields[f] = {
            "precision": round(correct / n_pred, 4) if n_pred else 1.0,
            "recall": round(correct / n_gold, 4) if n_gold else 1.0,
            "correct": correct,
        }
    summary = {
        "pages": len(results),
        "pages_skipped": skipped,
        "labelled_rows": n_gold,
        "extracted_rows": n_pred,
        "fields": fields,
    }
    return summary, results


def _fmt(row: Row) -> str:
    period = f"{row.period[0]}..{row.period[1]}" if row.period else None
    parts = [row.metric, row.region, period, row.value, row.unit, row.yoy_pct, row.share_pct]
    growth = f"{row.growth_pct} {row.growth_basis}" if row.growth_pct is not None else None
    return " | ".join(str(x) for x in (*parts, growth, row.kind, row.qualifier))


def show_errors(results: list[PageResult]) -> None:
    for r in results:
        matched_g = {id(g) for g, _ in r.pairs}
        matched_p = {id(p) for _, p in r.pairs}
        lines = []
        for g, p in r.pairs:
            wrong = [f for f in ROW_FIELDS if not same(f, g, p)]
            if wrong:
                lines.append(
                    f"  wrong {','.join(wrong)}\n    label: {_fmt(g)}\n    got:   {_fmt(p)}"
                )
        lines += [f"  missed: {_fmt(g)}" for g in r.gold if id(g) not in matched_g]
        lines += [
            f"  extra:  {_fmt(p)}\n          «{p.sentence[:70]}»"
            for p in r.predicted
            if id(p) not in matched_p
        ]
        if lines:
            print(f"{r.name}:")
            print("\n".join(lines))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="list every wrong row")
    parser.add_argument(
        "--no-realworld",
        action="store_true",
        help="skip the real pages of ../shared/corpus/realworld",
    )
    args = parser.parse_args(argv)
    summaries, all_results = {}, []
    for split in ("dev", "heldout", None):
        summaries[split or "all"], results = evaluate(load_labels(split))
        if split is not None:
            all_results += results
    print(json.dumps(summaries, ensure_ascii=False))
    for split, summary in summaries.items():
        skipped = summary["pages_skipped"]
        print(
            f"\n[{split}] {summary['pages']} pages, {summary['labelled_rows']} labelled rows, "
            f"{summary['extracted_rows']} extracted rows"
            + (f" (not found, skipped: {', '.join(skipped)})" if skipped else "")
        )
    print(f"\n{'field':<11}" + "".join(f" {s + ' P':>11} {s + ' R':>11}" for s in summaries))
    for name in summaries["all"]["fields"]:
        label = "whole row" if name == "row" else name
        cells = "".join(
            f" {sm['fields'][name]['precision']:>11.3f} {sm['fields'][name]['recall']:>11.3f}"
            for sm in summaries.values()
        )
        print(f"{label:<11}{cells}")
    if not args.no_realworld:
        print_realworld()
    if args.show_errors:
        print()
        show_errors(all_results)


def print_realworld() -> None:
    """The real-world row: the corpus's own scorer on a fresh lake of its pages (bench/eval_realworld)."""
    from bench import eval_realworld

    if not eval_realworld.available():
        print(f"\n[realworld] corpus not found at {eval_realworld.CORPUS}: skipped")
        return
    out = eval_realworld.score_pages()
    print(json.dumps({"realworld": eval_realworld.summary_row(out)}, ensure_ascii=False))
    right, wrong = out["precision_rows"]["correct"], out["precision_rows"]["wrong"]
    print(
        f"\n[realworld] {out['gold_pages']} real pages, {out['core_total']} core figures: "
        f"recall {out['recall']:.3f} (numbers found {out['value_recall']:.3f}), precision "
        f"{out['precision']:.3f} ({right} right, {wrong} wrong), rows on pages without figures "
        f"{out['trap_rows']}"
    )
    print(f"{'field':<11} {'core misses':>12} {'wrong rows':>11}")
    errors, wrong_fields = out["field_errors"], out["precision_field_errors"]
    for field_name in ("region", "metric", "period", "yoy", "share", "kind", "value"):
        key = f"{field_name}_wrong"
        print(f"{field_name:<11} {errors.get(key, 0):>12} {wrong_fields.get(key, 0):>11}")
    print(f"{'not found':<11} {errors.get('number_not_found', 0):>12} {'':>11}")


if __name__ == "__main__":
    main()
