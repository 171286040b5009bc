"""clean_page on the repo's own sample pages, against tests/expected/cleaning/samples/<file name>.toml.

Every bundled sample must have an expected file (a missing one fails, it is never skipped); the
format is described in samples/README.md. `check_expected` and `check_no_noise` are shared with
test_clean_seeds.py, which applies the same expectations to the seed corpus.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

import pytest

from newslake.clean import CleanedPage, clean_page
from newslake.clean.byline import parse_byline_line
from newslake.clean.chrome import chrome_reason
from newslake.clean.lexicon import load_toml
from newslake.decode import decode_page
from newslake.sources.files import sample_pages

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
EXPECTED = Path(__file__).resolve().parent / "expected" / "cleaning" / "samples"
PAGES = sample_pages(SAMPLES)
FIELDS = ("title", "published_at", "source", "author", "editor")


@cache
def cleaned_sample(name: str) -> CleanedPage:
    """Decode and clean a sample the way the flow does (bytes -> decode_page -> clean_page)."""
    decoded = decode_page((SAMPLES / name).read_bytes())
    return clean_page(decoded.text, is_html=decoded.is_html)


def load_expected(path: Path) -> dict:
    if not path.is_file():
        pytest.fail(f"no expected results at {path}: write them (see samples/README.md)")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def check_no_noise(page: CleanedPage) -> None:
    """The Done-when of cleaning for any page: no spam term, marker, chrome or byline line, and
    no line twice."""
    spam = load_toml("spam_terms.toml")
    lowered = page.text.lower()
    terms = [t for cat in spam["category"].values() for t in cat.get("terms", [])]
    assert not [t for t in terms if t.lower() in lowered], "spam term left"
    assert not re.search(f"[{re.escape(spam['markers']['chars'])}]", page.text), "marker left"
    lines = page.text.split("\n")
    for i, line in enumerate(lines):
        at_edge = i == 0 or i == len(lines) - 1
        assert chrome_reason(line, at_edge=at_edge) is None, f"chrome line left: {line}"
        assert parse_byline_line(line) is None, f"byline left in the text: {line}"
    repeated = {line for line in lines if lines.count(line) > 1}
    assert not repeated, f"repeated lines: {repeated}"
    assert not re.search("[\uff01-\uff5e\u3000]", page.text), "full-width character left"


def check_expected(page: CleanedPage, expected: dict) -> None:
    """Compare a cleaned page with its expected file; a field missing there must be None."""
    for field in FIELDS:
        assert getattr(page, field) == expected.get(field), field
    assert page.original_script == expected["original_script"]
    assert page.quality.flag == expected["flag"]
    assert page.quality.masked_words == expected.get("masked_words", 0)
    if "spam_hits" in expected:
        assert page.quality.spam_hits == expected["spam_hits"]
    lost = [s for s in expected["body_sentences"] if s not in page.text]
    assert not lost, f"body sentences lost: {lost}"
    left = [s for s in expected["absent"] if s in page.text]
    assert not left, f"noise left in the text: {left}"
    restored = expected.get("restored_contains")
    if restored:
        assert page.restored_text is not None
        missing = [s for s in restored if s not in page.restored_text]
        assert not missing, f"not restored: {missing}"
    else:
        assert page.restored_text is None
    for reason, at_least in expected.get("lines_removed", {}).items():
        assert page.quality.lines_removed.get(reason, 0) >= at_least, reason
    assert page.quality.chars_after == len(page.text) < page.quality.chars_before


def test_every_sample_has_an_expected_file_and_no_orphans():
    pages = {p.name for p in PAGES}
    expected = {p.name.removesuffix(".toml") for p in EXPECTED.glob("*.toml")}
    assert len(pages) >= 10
    assert pages - expected == set(), "samples without expected results"
    assert expected - pages == set(), "expected results for pages that do not exist"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_sample_page(path: Path) -> None:
    expected = load_expected(EXPECTED / f"{path.name}.toml")
    page = cleaned_sample(path.name)
    check_expected(page, expected)
    check_no_noise(page)


def test_samples_cover_every_noise_kind():
    """Each kind of noise the cleaning issue names is exercised by at least one sample."""
    removed: set[str] = set()
    flags, scripts = set(), set()
    for path in PAGES:
        page = cleaned_sample(path.name)
        removed |= set(page.quality.lines_removed)
        flags.add(page.quality.flag)
        scripts.add(page.original_script)
    assert {
        "breadcrumb", "font_size", "share", "contact_form", "print_close", "copyright",
        "photo_credit", "mirror_meta", "teasers", "title", "spam", "prev_next", "disclaimer",
    } <= removed  # fmt: skip
    assert {"ok", "spun", "masked"} <= flags
    assert scripts == {"hans", "hant"}
    assert sum(cleaned_sample(p.name).quality.spam_hits for p in PAGES) > 0
    raw = b"".join(p.read_bytes() for p in PAGES)
    assert "１".encode("gb18030") in raw, "a sample with full-width digits"
    assert "▼".encode() in raw, "a sample with decorative markers"


def test_repost_and_mirror_clean_to_the_same_body_as_their_originals():
    """A repost with other chrome gives the original's text (what dedupe then recognises)."""
    original, mirror = (
        cleaned_sample("01_cq_gdp_2023.html"),
        cleaned_sample("07_cq_gdp_2023_mirror.html"),
    )
    assert original.text == mirror.text
    repost = cleaned_sample("06_sc_gdp_2023_repost.html").text.split("\n")
    assert set(repost) <= set(cleaned_sample("02_sc_gdp_2023.html").text.split("\n"))
