"""Derive: a batch of raw pages through every CPU-bound step, with the counts it reports."""

from __future__ import annotations

from pathlib import Path

from newslake import derive, rawzone
from newslake.boilerplate import LineCounts
from newslake.settings import SAMPLES_DIR


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
