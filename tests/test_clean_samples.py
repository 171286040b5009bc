"""clean_page on the repo's own sample pages, against samples/expected/<name>.toml."""

import tomllib
from pathlib import Path

import pytest

from tasks.clean import clean_page
from tasks.decode import decode_page

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAGES = sorted(p for p in SAMPLES.glob("*") if p.is_file() and p.suffix != ".py")


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_sample_page(path):
    expected_path = SAMPLES / "expected" / f"{path.stem}.toml"
    if not expected_path.exists():
        pytest.skip(f"no expected results for {path.name}")
    expected = tomllib.loads(expected_path.read_text(encoding="utf-8"))
    decoded = decode_page(path.read_bytes())
    cleaned = clean_page(decoded.text, is_html=decoded.is_html)
    for sentence in expected.get("body_sentences", []):
        assert sentence in cleaned.text, sentence
    for absent in expected.get("absent", []):
        assert absent not in cleaned.text, absent
