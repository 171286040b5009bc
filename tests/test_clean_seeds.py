"""clean_page on the five real seed pages, against tests/expected/cleaning/seeds/<seed>.toml.

The seeds live outside the repo (../shared/corpus/seeds); the expectations are ours and only quote
the opening and closing words of each body paragraph, so the pages themselves are not copied.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from newslake.clean import CleanedPage, clean_page
from newslake.decode import decode_page
from tests.conftest import SEEDS
from tests.test_clean_samples import check_expected, check_no_noise, load_expected

EXPECTED = Path(__file__).resolve().parent / "expected" / "cleaning" / "seeds"
STEMS = sorted(p.stem for p in EXPECTED.glob("*.toml"))


@cache
def cleaned_seed(stem: str) -> CleanedPage:
    decoded = decode_page((SEEDS / f"{stem}.txt").read_bytes())
    return clean_page(decoded.text, is_html=decoded.is_html)


def test_every_seed_has_expectations(seeds_dir: Path) -> None:
    seeds = {p.stem for p in seeds_dir.glob("*.txt")}
    assert len(seeds) == 5
    assert seeds == set(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_page(seeds_dir: Path, stem: str) -> None:
    expected = load_expected(EXPECTED / f"{stem}.toml")
    page = cleaned_seed(stem)
    check_expected(page, expected)
    check_no_noise(page)


def test_spun_seed_restores_the_figures_extraction_needs(seeds_dir: Path) -> None:
    page = cleaned_seed("001_c60637c99829dc8b")
    assert "地区生产总值5.9万亿元" in page.restored_text
    assert "同比增长6.2%" in page.restored_text
    assert "地域临盆总值5.9万亿元、同比伸长6.2%" in page.text  # the original stays as written
    assert page.quality.spin_restored > 20
    assert page.quality.spin_score > 1


def test_repeated_headline_and_caption_are_kept_once(seeds_dir: Path) -> None:
    headline = cleaned_seed("000_4f8bf6b706ddbd71")
    assert headline.title == "产业革新主攻智能制造!重庆计划3年内万家公司“上云上平台”"
    assert "上云上平台" not in headline.text  # three copies in the body, all gone
    caption = cleaned_seed("003_24f671447cf4ee80")
    assert caption.quality.lines_removed["photo_credit"] == 2


def test_masked_words_stay_asterisks(seeds_dir: Path) -> None:
    """Asterisks are counted, never turned into digits or dropped so that words fuse, and
    extraction takes none of them into a figure or a name."""
    from newslake.extract import extract_indicators, extract_mentions

    page = cleaned_seed("002_f0a62adbbe383401")
    assert page.quality.masked_words == 12
    raw = (SEEDS / "002_f0a62adbbe383401.txt").read_text(encoding="utf-8")
    assert page.text.count("*") == raw.count("*") == 2 * 7 + 1 * 3 + 3 * 2  # 7 `**`, 3 `*`, 2 `***`
    assert "以**制造业为骨干" in page.text and "打造***汽车品牌" in page.text
    indicators = extract_indicators(page.text, published_at=page.published_at, title=page.title)
    mentions = extract_mentions(page.text, title=page.title)
    assert indicators and mentions
    for ind in indicators:
        fields = (ind.metric, ind.region or "", ind.unit or "", ind.value_text)
        assert "*" not in "".join(fields) + page.text[ind.char_start : ind.char_end], ind
    assert not [m.name for m in mentions if "*" in m.name]
