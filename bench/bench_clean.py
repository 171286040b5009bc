"""Cleaning throughput on one core, and a comparison of HTML main-text extractors.

    python bench/bench_clean.py                 # documents per second over seeds + samples
    python bench/bench_clean.py --extractors    # trafilatura vs readability-lxml vs jusText

Pages: the seed corpus (../shared/corpus/seeds, text) and samples/*.html; for the extractor
comparison each seed is also wrapped in a news-site page frame (menus, breadcrumb, sidebar,
footer) so that every extractor sees the same known body and known chrome.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newslake.clean import clean_page  # noqa: E402
from newslake.clean.normalise import normalise_width  # noqa: E402
from newslake.clean.script import detect_script, to_simplified  # noqa: E402
from newslake.decode import DecodeError, decode_page  # noqa: E402
from newslake.sources.files import sample_pages  # noqa: E402

SEEDS = ROOT.parent / "shared/corpus/seeds"
SAMPLES = ROOT / "samples"
CHROME = ["网站首页", "热点排行", "扫码关注", "京ICP备", "相关链接", "联系我们"]
_SPACE = re.compile(r"\s+")


def sample_files() -> list[Path]:
    """The bundled sample pages, chosen exactly as the flow chooses them."""
    return sample_pages(SAMPLES)


def load_pages() -> list[tuple[str, str, bool]]:
    """(name, text, is_html) for every seed and sample page found, decoded as the flow does."""
    pages = [(p.name, p.read_text(encoding="utf-8"), False) for p in sorted(SEEDS.glob("*.txt"))]
    for path in sample_files():
        try:
            page = decode_page(path.read_bytes())
        except DecodeError:
            continue
        pages.append((path.name, page.text, page.is_html))
    return pages


def pin_one_core() -> str:
    """Run on a single CPU so the figure is per core, whatever the machine."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"cpu {cpu}"
    return "unpinned"


def _per_page(fn, texts: list[str], rounds: int) -> float:
    t0 = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            fn(text)
    return (time.perf_counter() - t0) / max(1, rounds * len(texts))


def throughput(target_docs: int) -> None:
    core = pin_one_core()
    pages = load_pages()
    if not pages:
        sys.exit("no pages: neither seeds nor samples found")
    for _name, text, is_html in pages:  # load lexicons, OpenCC and trafilatura outside the timing
        clean_page(text, is_html=is_html)
    rounds = max(1, target_docs // len(pages))
    by_kind: dict[str, list[float]] = {}
    start = time.perf_counter()
    for _ in range(rounds):
        for _name, text, is_html in pages:
            t0 = time.perf_counter()
            page = clean_page(text, is_html=is_html)
            kind = f"{'html' if is_html else 'text'}/{page.original_script}"
            by_kind.setdefault(kind, []).append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    docs = rounds * len(pages)
    simplified = [t for _, t, _h in pages if detect_script(t) == "hans"]
    detect_us = 1e6 * _per_page(detect_script, simplified, rounds)
    convert_us = 1e6 * _per_page(to_simplified, simplified, rounds)
    figures = {
        "bench": "clean",
        "core": core,
        "pages_distinct": len(pages),
        "documents": docs,
        "seconds": round(total, 3),
        "docs_per_s": round(docs / total, 1),
        "by_kind_docs_per_s": {k: round(len(v) / sum(v), 1) for k, v in sorted(by_kind.items())},
        "script_detect_us_per_hans_page": round(detect_us, 1),
        "opencc_t2s_us_per_hans_page_avoided": round(convert_us, 1),
    }
    print(json.dumps(figures, ensure_ascii=False))
    print(f"pages: {len(pages)} distinct, {docs} cleaned on one core ({core}) in {total:.2f} s")
    print(f"throughput: {docs / total:.0f} documents/s")
    print(f"  {'kind':10s} {'docs':>5s}  {'docs/s':>7s}")
    for kind, times in sorted(by_kind.items()):
        print(f"  {kind:10s} {len(times):5d}  {len(times) / sum(times):7.0f}")
    print(
        f"script detection {detect_us:.0f} µs per Simplified page; "
        f"the OpenCC conversion it skips would cost {convert_us:.0f} µs"
    )


# ---- extractor comparison -------------------------------------------------------------------


def frame(title: str, paragraphs: list[str]) -> str:
    """A typical Chinese news page around a known body: menus, breadcrumb, sidebar, footer."""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    links = "".join(f'<li><a href="/n/{i}.html">热点排行新闻标题第{i}条</a></li>' for i in range(8))
    return (
        f"<html><head><meta charset='utf-8'><title>{html.escape(title)}_新闻中心</title></head>"
        "<body><div class='nav'><a href='/'>网站首页</a> | <a href='/n'>新闻中心</a></div>"
        "<div class='crumb'><a href='/'>首页</a> &gt; <a href='/n'>新闻中心</a> &gt; 正文</div>"
        f"<div class='main'><h1>{html.escape(title)}</h1><div class='content'>{body}</div></div>"
        f"<div class='side'><h3>热点排行</h3><ul>{links}</ul><p>扫码关注我们</p></div>"
        "<div class='footer'><a href='/about'>联系我们</a> <a href='/links'>相关链接</a>"
        "<p>Copyright 2024 新闻中心 京ICP备12345678号</p></div></body></html>"
    )


def cases() -> list[tuple[str, str, list[str], list[str]]]:
    """(name, html, sentences that must appear, strings that must not)."""
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        page = clean_page(path.read_text(encoding="utf-8"), is_html=False)
        paras = page.text.split("\n")
        out.append((f"framed {path.name[:3]}", frame(page.title or "", paras), paras, CHROME))
    for name, text, is_html in load_pages():
        exp_path = ROOT / "tests" / "expected" / "cleaning" / "samples" / f"{name}.toml"
        if not is_html or not exp_path.exists():
            continue
        exp = tomllib.loads(exp_path.read_text(encoding="utf-8"))
        must = exp.get("body_sentences", [])
        if must:
            out.append((name, text, must, exp.get("absent", [])))
    return out


def _text_of_html(fragment: str) -> str:
    import lxml.html

    root = lxml.html.fromstring(fragment)
    for el in root.iter("p", "div", "li", "br", "h1", "h2", "h3", "td"):
        el.tail = "\n" + (el.tail or "")
    return root.text_content()


def run_trafilatura(page: str) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True) or ""


def run_readability(page: str) -> str:
    from readability import Document

    return _text_of_html(Document(page).summary(html_partial=True))


def run_justext(page: str) -> str:
    import justext

    # No Chinese stoplist and no spaces between words: language-independent mode.
    paras = justext.justext(page.encode(), frozenset(), stopwords_low=0, stopwords_high=0)
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def _score(text: str, must: list[str], absent: list[str]) -> tuple[int, int]:
    flat = _SPACE.sub("", text)
    return sum(_SPACE.sub("", s) in flat for s in must), sum(a in text for a in absent)


def compare_extractors() -> None:
    """Each extractor's main text, scored raw and after the rest of cleaning (clean_page on it as
    a text page: script, width, spam, bylines, chrome lines, repeats), which is what we store."""
    import importlib.util

    runners = {"trafilatura": run_trafilatura, "readability": run_readability}
    runners["justext"] = run_justext
    modules = {"trafilatura": "trafilatura", "readability": "readability", "justext": "justext"}
    all_cases = cases()
    print(f"{len(all_cases)} pages with known body and chrome (raw -> after line cleaning)")
    print(f"{'extractor':12s} {'recall':>15s} {'leaks':>11s} {'pages ok':>11s} {'ms/page':>8s}")
    results = {}
    for name, run in runners.items():
        if importlib.util.find_spec(modules[name]) is None:
            print(f"{name:12s} not installed - skipped")
            continue
        found = [0, 0]
        leaks = [0, 0]
        ok = [0, 0]
        total = 0
        elapsed = 0.0
        run(all_cases[0][1])  # imports and first-call set-up outside the timing
        for _case, page, must, absent in all_cases:
            t0 = time.perf_counter()
            try:
                text = run(page)
            except Exception:  # an extractor that fails on a page scores nothing on it
                text = ""
            elapsed += time.perf_counter() - t0
            cleaned = clean_page(text, is_html=False).text if text.strip() else ""
            raw = to_simplified(text) if detect_script(text) == "hant" else text
            total += len(must)
            for i, out in enumerate((normalise_width(raw), cleaned)):
                hit, leak = _score(out, must, absent)
                found[i] += hit
                leaks[i] += leak
                ok[i] += hit == len(must) and leak == 0
        n = len(all_cases)
        ms = 1000 * elapsed / n
        print(
            f"{name:12s} {found[0] / total:6.1%} -> {found[1] / total:6.1%} "
            f"{leaks[0]:4d} -> {leaks[1]:3d} {ok[0]:4d} -> {ok[1]:2d}/{n:<3d} {ms:8.1f}"
        )
        results[name] = {
            "recall_raw": round(found[0] / total, 4),
            "recall_cleaned": round(found[1] / total, 4),
            "leaks_raw": leaks[0],
            "leaks_cleaned": leaks[1],
            "pages_ok_cleaned": ok[1],
            "ms_per_page": round(ms, 2),
        }
    print(json.dumps({"bench": "extractors", "pages": len(all_cases), **results}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents to clean (approx.)")
    parser.add_argument("--extractors", action="store_true", help="compare HTML extractors")
    args = parser.parse_args()
    if args.extractors:
        compare_extractors()
    else:
        throughput(args.docs)


if __name__ == "__main__":
    main()
