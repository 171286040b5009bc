"""Extraction on real public pages (../shared/corpus/realworld), scored by the corpus's own scorer.

The floors sit a little under what the extractor scores today, so a rule that breaks real pages
fails here even when every sentence we wrote ourselves still passes. The pages are read from
../shared only; nothing of them is kept in the repository.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import eval_realworld

pytestmark = pytest.mark.skipif(
    not eval_realworld.available(),
    reason=f"the real-world corpus is not here ({eval_realworld.CORPUS}, "
    f"{eval_realworld.SCORER}): it lives outside the repository",
)

RECALL_FLOOR = 0.93  # every field right, over the core figures
PRECISION_FLOOR = 0.97  # over rows the gold labels either way


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return eval_realworld.score_pages()


def test_most_core_figures_come_out_with_every_field_right(report: dict[str, Any]) -> None:
    assert report["recall"] >= RECALL_FLOOR, eval_realworld.summary_row(report)


def test_rows_the_gold_judges_are_almost_all_right(report: dict[str, Any]) -> None:
    assert report["precision"] >= PRECISION_FLOOR, eval_realworld.summary_row(report)


def test_figures_the_gold_marks_as_traps_never_become_rows(report: dict[str, Any]) -> None:
    """Phone numbers, list positions, years read as values: a wrong figure is worse than none."""
    assert report["trap_rows"] == 0, eval_realworld.summary_row(report)


def test_every_page_is_read_and_the_bulletin_in_two_scripts_is_one_document(
    report: dict[str, Any],
) -> None:
    """No page is lost to a reject, and one bulletin reposted in Traditional with pinyin glosses
    is found as a near duplicate of its Simplified original (the glosses hid it before)."""
    assert report["pages_missing"] == [], report["pages_missing"]
    clusters = [sorted(stem[:6] for stem in cluster) for cluster in report["duplicate_clusters"]]
    assert ["dev_55", "dev_56"] in clusters, report["duplicate_clusters"]
