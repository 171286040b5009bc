"""Derive: a batch of raw pages through every CPU-bound step, with the counts it reports."""

from __future__ import annotations

import time
from pathlib import Path

from newslake import derive, rawzone
from newslake.boilerplate import LineCounts
from newslake.derive import Batch
from newslake.settings import SAMPLES_DIR, Limits


def _batch(tmp_path: Path, names: list[str]) -> derive.Batch:
    refs = [
        rawzone.store_bytes(tmp_path, str(SAMPLES_DIR / n), (SAMPLES_DIR / n).read_bytes())
        for n in names
    ]
    refs.append(rawzone.store_bytes(tmp_path, "empty.txt", b"   "))
    return derive.make_batch(1, refs, LineCounts())


def test_a_batch_is_derived_and_counts_itself(tmp_path: Path) -> None:
    batch = _batch(tmp_path, ["01_cq_gdp_2023.html", "12_bashu_culture_week"])
    steps: list[str] = []
    derive.derive_batch(batch, tmp_path, before_step=lambda name, no: steps.append(name))
    assert steps == [name for name, _ in derive.STEPS]
    assert [d.location.rsplit("/", 1)[-1] for d in batch.docs] == [
        "01_cq_gdp_2023.html",
        "12_bashu_culture_week",
    ]
    assert [(r.location, r.stage) for r in batch.rejects] == [("empty.txt", "decode")]
    assert set(batch.signatures) == {d.doc_id for d in batch.docs}
    counts = batch.counts
    assert counts["documents"] == 2 and counts["pages_rejected"] == 1
    assert counts["indicators"] == sum(len(d.indicators) for d in batch.docs) > 0
    assert set(batch.seconds) == {name for name, _ in derive.STEPS}
    assert batch.model is None  # the line model does not travel back


def test_the_batch_key_follows_its_pages_and_the_line_model(tmp_path: Path) -> None:
    a = _batch(tmp_path, ["01_cq_gdp_2023.html"])
    b = _batch(tmp_path, ["01_cq_gdp_2023.html"])
    assert a.key == b.key
    model = LineCounts()
    model.add("site", [1])
    assert derive.make_batch(1, a.refs, model).key != a.key
    batches = derive.make_batches(a.refs * 5, 2, LineCounts())
    assert [len(x.refs) for x in batches] == [2, 2, 2, 2, 2] and [x.no for x in batches][-1] == 5


def _text_batch(tmp_path: Path, pages: dict[str, bytes], limits: Limits | None = None) -> Batch:
    refs = [rawzone.store_bytes(tmp_path, name, body) for name, body in pages.items()]
    return derive.make_batch(1, refs, LineCounts(), limits)


GOOD = (SAMPLES_DIR / "01_cq_gdp_2023.html").read_bytes()
RUN = "成渝地区双城经济圈建设稳步推进重庆市地区生产总值同比增长社会消费品零售总额持续回升"  # no breaks


def test_a_5_mb_page_without_sentence_breaks_is_a_reject_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    huge = (RUN * (5_000_000 // len(RUN.encode()) + 1)).encode()[:4_999_998]  # 1.67M characters
    batch = _text_batch(tmp_path, {"huge.txt": huge, "good.html": GOOD})
    started = time.monotonic()
    derive.derive_batch(batch, tmp_path)
    assert time.monotonic() - started < 60  # extraction alone would take over 20 minutes
    assert [d.location for d in batch.docs] == ["good.html"]
    assert batch.docs[0].indicators
    [reject] = batch.rejects
    assert (reject.location, reject.stage) == ("huge.txt", "clean")
    assert reject.reason.startswith("too long: 1666666 characters after cleaning, over the cap")


def test_caps_on_page_text_and_sentence_length(tmp_path: Path) -> None:
    limits = Limits(max_page_chars=50_000, max_text_chars=30_000, max_sentence_chars=2_000)
    pages = {
        "page.txt": ("。" * 50_001).encode(),
        "text.txt": ("重庆。" * 12_000).encode(),
        "sentence.txt": (RUN * 50 + "。" + "2023年，重庆市地区生产总值30145.79亿元。").encode(),
        "good.html": GOOD,
    }
    batch = _text_batch(tmp_path, pages, limits)
    derive.derive_batch(batch, tmp_path)
    reasons = {r.location: (r.stage, r.reason) for r in batch.rejects}
    assert (
        reasons["page.txt"][0] == "decode" and "NEWSLAKE_MAX_PAGE_CHARS" in reasons["page.txt"][1]
    )
    assert reasons["text.txt"][0] == "clean" and "NEWSLAKE_MAX_TEXT_CHARS" in reasons["text.txt"][1]
    stage, reason = reasons["sentence.txt"]
    assert stage == "extract"
    assert reason == (
        f"not extracted: {len(RUN) * 50} characters without a sentence break, over the cap of "
        "2000 (NEWSLAKE_MAX_SENTENCE_CHARS)"
    )
    docs = {d.location: d for d in batch.docs}
    assert sorted(docs) == ["good.html", "sentence.txt"]  # the document stays, without figures
    assert docs["sentence.txt"].indicators == [] and docs["good.html"].indicators
    assert batch.key != derive.make_batch(1, batch.refs, LineCounts()).key  # caps are in the key


def test_a_spent_budget_skips_the_rest_of_the_batch_for_the_next_run(tmp_path: Path) -> None:
    pages = {f"{n}.html": GOOD.replace(b"</body>", f"<p>{n}</p></body>".encode()) for n in range(6)}
    batch = _text_batch(tmp_path, pages, Limits(batch_budget=1e-9))
    derive.derive_batch(batch, tmp_path)
    assert batch.docs == []
    assert len(batch.rejects) == 6
    assert all(r.retryable and r.stage == "clean" for r in batch.rejects)
    assert "NEWSLAKE_BATCH_BUDGET" in batch.rejects[0].reason
    assert batch.deadline is None


def test_longest_sentence() -> None:
    assert derive.longest_sentence("") == 0
    assert derive.longest_sentence("ab。cde！\nf") == 3
    assert derive.longest_sentence("abcd") == 4
