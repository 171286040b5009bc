"""Loading the cleaning lexicons: spam, chrome, spin and script rules are data files, and a row
read wrong (a comment taken for a rule, a quote swallowed) silently changes what cleaning does."""

from __future__ import annotations

from pathlib import Path

from newslake.clean.lexicon import load_toml, load_tsv
from newslake.settings import LEXICON_DIR

# The loaders join the name onto LEXICON_DIR; an absolute path (pathlib drops the directory for
# it) lets a test read a file of its own without touching the package's lexicons.


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_toml_lexicon_is_parsed_into_its_tables() -> None:
    spam = load_toml("spam_terms.toml")
    assert "尊龙" in spam["category"]["gambling_brand"]["terms"]
    assert "注册下载" in spam["category"]["seo_suffix"]["suffixes"]
    assert {"category", "markers", "score"} <= set(spam)


def test_every_toml_lexicon_of_the_package_loads() -> None:
    for path in sorted(LEXICON_DIR.glob("*.toml")):
        assert isinstance(load_toml(path.name), dict) and load_toml(path.name), path.name


def test_a_tsv_lexicon_is_rows_keyed_by_its_header_without_the_comments() -> None:
    rows = load_tsv("spin_substitutions.tsv")
    assert isinstance(rows, tuple)
    assert list(rows[0]) == ["spun", "original", "left", "right", "note"]
    assert (rows[0]["spun"], rows[0]["original"]) == ("地域", "地区")
    assert not any(row["spun"].startswith("#") for row in rows)
    assert {"spun": "邦度", "original": "国家", "left": "-", "right": "-"}.items() <= next(
        row for row in rows if row["spun"] == "邦度"
    ).items()


def test_the_script_overrides_map_traditional_to_simplified() -> None:
    rows = load_tsv("script_overrides.tsv")
    pairs = {row["traditional"]: row["simplified"] for row in rows}
    assert pairs["劄"] == "札" and pairs["擡"] == "抬"
    assert all(len(t) == 1 and len(s) == 1 for t, s in pairs.items())
    assert len(pairs) == len(rows)  # one rule per character


def test_comment_and_blank_lines_anywhere_are_skipped(tmp_path: Path) -> None:
    name = write(
        tmp_path,
        "rules.tsv",
        "# leading comment\n\nfrom\tto\n# a comment between rows\n地域\t地区\n\n   \n临盆\t生产\n",
    )
    assert load_tsv(name) == ({"from": "地域", "to": "地区"}, {"from": "临盆", "to": "生产"})


def test_only_a_hash_in_the_first_column_makes_a_comment(tmp_path: Path) -> None:
    name = write(tmp_path, "rules.tsv", "from\tto\n #x\ty\na\t#b\n")
    assert load_tsv(name) == ({"from": " #x", "to": "y"}, {"from": "a", "to": "#b"})


def test_quotes_in_a_tsv_field_are_kept_as_written(tmp_path: Path) -> None:
    name = write(tmp_path, "rules.tsv", 'spun\tnote\n"共筑"\t说"共筑梦想"时不改\n')
    assert load_tsv(name) == ({"spun": '"共筑"', "note": '说"共筑梦想"时不改'},)


def test_a_short_row_leaves_the_missing_columns_none(tmp_path: Path) -> None:
    name = write(tmp_path, "rules.tsv", "spun\toriginal\tnote\n邦度\t国家\n")
    assert load_tsv(name) == ({"spun": "邦度", "original": "国家", "note": None},)


def test_each_file_is_read_once_per_process(tmp_path: Path) -> None:
    tsv = write(tmp_path, "once.tsv", "a\tb\n1\t2\n")
    toml = write(tmp_path, "once.toml", 'terms = ["尊龙"]\n')
    first_tsv, first_toml = load_tsv(tsv), load_toml(toml)
    Path(tsv).write_text("a\tb\n3\t4\n", encoding="utf-8")
    Path(toml).write_text('terms = ["新葡京"]\n', encoding="utf-8")
    assert load_tsv(tsv) is first_tsv and load_tsv(tsv) == ({"a": "1", "b": "2"},)
    assert load_toml(toml) is first_toml and load_toml(toml) == {"terms": ["尊龙"]}
