"""Extraction speed: documents per second on one core for ~3,000-character documents.

The documents are the cleaned texts of the labelled pages (seeds where present, samples, our own
pages) cut into ~3,000-character runs of whole paragraphs, so they hold real figures, periods and
names. Times extract_indicators + extract_mentions as newslake/derive.py calls them, in this one
process, after a warm-up (lexicons compiled, JioNLP loaded). Run:
`.venv/bin/python bench/bench_extract.py [--docs N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.eval_extract import load_labels, page_path  # noqa: E402
from newslake.clean import clean_page  # noqa: E402
from newslake.decode import decode_page  # noqa: E402
from newslake.extract import extract_indicators, extract_mentions  # noqa: E402

DOC_CHARS = 3000
TARGET = 120  # documents per second on one core
PUBLISHED = datetime(2024, 3, 1, 9, 0)


def corpus_paragraphs() -> list[tuple[str | None, str]]:
    """(title, paragraph) for every paragraph of every labelled page that is present."""
    out = []
    for _, ref, _ in load_labels():
        path = page_path(ref)
        if not path.exists():
            continue
        page = decode_page(path.read_bytes(), declared_charset=None, content_type=None)
        cleaned = clean_page(page.text, is_html=page.is_html)
        text = cleaned.restored_text if cleaned.restored_text is not None else cleaned.text
        out += [(cleaned.title, p) for p in text.split("\n") if p.strip()]
    return out


def make_documents(n: int) -> list[tuple[str | None, str]]:
    """n documents of about DOC_CHARS characters, cycling through the corpus paragraphs."""
    paragraphs = corpus_paragraphs()
    docs: list[tuple[str | None, str]] = []
    i = 0
    while len(docs) < n:
        title, parts = paragraphs[i % len(paragraphs)][0], []
        while sum(len(p) + 1 for p in parts) < DOC_CHARS:
            parts.append(paragraphs[i % len(paragraphs)][1])
            i += 1
        docs.append((title, "\n".join(parts)[:DOC_CHARS]))
    return docs


def run(docs: list[tuple[str | None, str]]) -> tuple[float, float, int, int]:
    """Wall and CPU seconds to extract every document, and the indicator and mention rows found.

    CPU seconds say what one core costs when other work shares the machine; wall seconds are
    the same figure on an idle one.
    """
    indicators = mentions = 0
    start, cpu = time.perf_counter(), time.process_time()
    for title, text in docs:
        indicators += len(extract_indicators(text, published_at=PUBLISHED, title=title))
        mentions += len(extract_mentions(text, title=title))
    return time.perf_counter() - start, time.process_time() - cpu, indicators, mentions


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="documents per timed run")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (median reported)")
    args = parser.parse_args(argv)
    docs = make_documents(args.docs)
    run(docs[:20])  # warm-up: lexicon regexes, JioNLP import
    timings = [run(docs) for _ in range(args.repeat)]
    seconds = statistics.median(t for t, _, _, _ in timings)
    cpu = statistics.median(c for _, c, _, _ in timings)
    _, _, indicators, mentions = timings[0]
    result = {
        "documents": len(docs),
        "mean_chars": round(statistics.mean(len(t) for _, t in docs)),
        "seconds": round(seconds, 3),
        "docs_per_second": round(len(docs) / seconds, 1),
        "ms_per_doc": round(1000 * seconds / len(docs), 2),
        "cpu_docs_per_second": round(len(docs) / cpu, 1),
        "indicators": indicators,
        "mentions": mentions,
        "target_docs_per_second": TARGET,
    }
    print(json.dumps(result, ensure_ascii=False))
    print(f"\n{'documents':<22}{result['documents']}")
    print(f"{'mean characters':<22}{result['mean_chars']}")
    print(f"{'median seconds':<22}{result['seconds']} (of {args.repeat} runs, one core)")
    print(f"{'documents / second':<22}{result['docs_per_second']} (target >= {TARGET})")
    print(
        f"{'CPU documents / s':<22}{result['cpu_docs_per_second']} (per CPU second of this process)"
    )
    print(f"{'ms / document':<22}{result['ms_per_doc']}")
    print(f"{'rows per run':<22}{indicators} indicators, {mentions} mentions")


if __name__ == "__main__":
    main()
