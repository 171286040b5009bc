"""Fetch state: validators kept per URL, and URLs a dead run stored count as known."""

from __future__ import annotations

from pathlib import Path

from newslake import rawzone
from newslake.records import Validators
from newslake.store import fetch_state, pages
from newslake.store.connection import apply_schema, reading, writing


def test_validators_round_trip_and_orphans_are_known_without_validators(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    assert fetch_state.read_validators(db, timeout=5) == {}  # no lake yet: nothing known
    with writing(db, timeout=5) as con:
        apply_schema(con)
    fetch_state.save_validators(db, {"http://a/1": Validators('"e"', None, "s1")}, timeout=5)
    fetch_state.save_validators(db, {"http://a/1": Validators('"e2"', "Mon", "s2")}, timeout=5)
    rawzone.store_bytes(tmp_path, "http://a/2", b"stored by a run that died")
    pages.register_journal(db, tmp_path, "r1", timeout=5)
    assert fetch_state.read_validators(db, timeout=5) == {
        "http://a/1": Validators('"e2"', "Mon", "s2"),
        "http://a/2": Validators(),
    }


def test_source_names_are_kept_per_url(tmp_path: Path) -> None:
    db = tmp_path / "lake.duckdb"
    with writing(db, timeout=5) as con:
        apply_schema(con)
    fetch_state.save_page_sources(db, {"http://a/1": "one"}, timeout=5)
    fetch_state.save_page_sources(db, {"http://a/1": "renamed"}, timeout=5)
    with reading(db, timeout=5) as con:
        assert con.execute("select location, source_key from page_sources").fetchall() == [
            ("http://a/1", "renamed")
        ]
