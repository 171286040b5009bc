"""newslake/sources/config.py: a good sources file loads; each kind of mistake names the file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslake.sources.config import Source, SourcesError, load_sources

GOOD = """
[[source]]
name = "cq-news"
urls = ["http://news.example/a.html", "http://news.example/b.html#top",
        "http://news.example/a.html"]

[[source]]
name = "sc-list"
list_url = "https://sc.example/index.html"
link_pattern = "/n/\\\\d+\\\\.html"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    message = str(info.value)
    assert message.startswith(str(path))
    return message


def test_good_file_loads_in_order(tmp_path):
    sources = load_sources(write(tmp_path, GOOD))
    assert sources == [
        Source(
            name="cq-news",
            urls=("http://news.example/a.html", "http://news.example/b.html#top"),
            list_url=None,
            link_pattern=None,
        ),
        Source(
            name="sc-list",
            urls=(),
            list_url="https://sc.example/index.html",
            link_pattern=r"/n/\d+\.html",
        ),
    ]


def test_contract_example_loads(tmp_path):
    text = '[[source]]\nname = "example-channel"\nurls = ["http://host/a.html"]\n'
    assert load_sources(write(tmp_path, text))[0].urls == ("http://host/a.html",)


def test_missing_file(tmp_path):
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.toml")


def test_not_toml_says_where(tmp_path):
    assert "line 2" in error_of(tmp_path, '[[source]]\nname = "x\n')


def test_no_sources(tmp_path):
    assert "no [[source]] entries" in error_of(tmp_path, "# nothing yet\n")


def test_source_must_be_tables(tmp_path):
    assert "array of tables" in error_of(tmp_path, 'source = ["a"]\n')


def test_unknown_top_level_key(tmp_path):
    assert "sources" in error_of(tmp_path, '[[sources]]\nname = "x"\n')


def test_unknown_key_names_the_entry(tmp_path):
    text = GOOD + '\n[[source]]\nname = "typo"\nurl = ["http://x/a.html"]\n'
    message = error_of(tmp_path, text)
    assert "source #3 ('typo')" in message
    assert "unknown key(s) url" in message


def test_name_required(tmp_path):
    assert "source #1: 'name'" in error_of(tmp_path, '[[source]]\nurls = ["http://x/a"]\n')


def test_duplicate_name(tmp_path):
    text = '[[source]]\nname = "a"\nurls = ["http://x/1"]\n' * 2
    assert "already used by source #1" in error_of(tmp_path, text)


def test_urls_must_be_a_list_of_strings(tmp_path):
    assert "must be a list" in error_of(tmp_path, '[[source]]\nname = "a"\nurls = "http://x/1"\n')
    assert "non-empty strings" in error_of(tmp_path, '[[source]]\nname = "a"\nurls = [1]\n')


def test_relative_url_is_refused(tmp_path):
    message = error_of(tmp_path, '[[source]]\nname = "a"\nurls = ["/n/1.html"]\n')
    assert "not absolute: '/n/1.html'" in message


def test_other_schemes_load_and_are_judged_at_fetch_time(tmp_path):
    text = '[[source]]\nname = "a"\nurls = ["ftp://x/1.html"]\n'
    assert load_sources(write(tmp_path, text))[0].urls == ("ftp://x/1.html",)


def test_list_url_needs_a_link_pattern_and_back(tmp_path):
    no_pattern = '[[source]]\nname = "a"\nlist_url = "http://x/"\n'
    assert "needs a 'link_pattern'" in error_of(tmp_path, no_pattern)
    no_list = '[[source]]\nname = "a"\nurls = ["http://x/1"]\nlink_pattern = "n"\n'
    assert "only used with 'list_url'" in error_of(tmp_path, no_list)


def test_bad_regex(tmp_path):
    text = '[[source]]\nname = "a"\nlist_url = "http://x/"\nlink_pattern = "/n/(\\\\d+"\n'
    assert "not a valid regex" in error_of(tmp_path, text)


def test_source_needs_something_to_fetch(tmp_path):
    assert "give 'urls' or 'list_url'" in error_of(tmp_path, '[[source]]\nname = "a"\n')


def test_allowed_hosts_are_host_names_for_a_listing(tmp_path):
    listing = 'list_url = "http://a.example/l.html"\nlink_pattern = "/n/"\n'
    text = f'[[source]]\nname = "x"\n{listing}allowed_hosts = ["B.example", "c.example:8080"]\n'
    [source] = load_sources(write(tmp_path, text))
    assert source.allowed_hosts == ("b.example", "c.example:8080")
    bad = f'[[source]]\nname = "x"\n{listing}allowed_hosts = ["http://b.example/"]\n'
    assert "'allowed_hosts' must be a list of host names" in error_of(tmp_path, bad)
    alone = '[[source]]\nname = "x"\nurls = ["http://a/1"]\nallowed_hosts = ["b"]\n'
    assert "only used with 'list_url'" in error_of(tmp_path, alone)
