"""The one settings object: NEWSLAKE_* variables, flags over them, fetch settings nested."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from newslake.settings import FetchSettings, Settings, load_settings


def test_bad_settings_fail_loudly():
    with pytest.raises(ValueError, match="max_bytes"):
        FetchSettings(max_bytes=0)
    with pytest.raises(ValueError, match="per_host_concurrency"):
        FetchSettings(per_host_concurrency=0)


def test_settings_from_environment_variables():
    env = {
        "NEWSLAKE_FETCH_USER_AGENT": "bot/2 (+mailto:data@example.org)",
        "NEWSLAKE_FETCH_PER_HOST_DELAY": "2.5",
        "NEWSLAKE_FETCH_PER_HOST_CONCURRENCY": "1",
        "NEWSLAKE_FETCH_MAX_BYTES": "1000000",
        "NEWSLAKE_FETCH_RESPECT_ROBOTS": "no",
        "NEWSLAKE_FETCH_ALLOWED_TYPES": "text/html, Application/XHTML+XML",
        "NEWSLAKE_FETCH_READ_TIMEOUT": " ",  # blank: the default
        "NEWSLAKE_OTHER": "ignored",
    }
    settings = FetchSettings.from_env(env)
    assert settings == replace(
        FetchSettings(),
        user_agent="bot/2 (+mailto:data@example.org)",
        per_host_delay=2.5,
        per_host_concurrency=1,
        max_bytes=1_000_000,
        respect_robots=False,
        allowed_types=("text/html", "application/xhtml+xml"),
    )
    assert FetchSettings.from_env({}) == FetchSettings()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("MAX_RETRIES", "three", "NEWSLAKE_FETCH_MAX_RETRIES='three' is not a valid int"),
        ("RESPECT_ROBOTS", "maybe", "NEWSLAKE_FETCH_RESPECT_ROBOTS='maybe' is not a valid bool"),
        ("PER_HOST_DELAY", "-1", "per_host_delay must be >= 0"),
        ("ALLOWED_TYPES", ",", "allowed_types must name at least one"),
    ],
)
def test_bad_environment_settings_name_the_variable(name, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        FetchSettings.from_env({f"NEWSLAKE_FETCH_{name}": value})


def test_flags_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLAKE_DB", "/data/env.duckdb")
    monkeypatch.setenv("NEWSLAKE_BATCH_SIZE", "50")
    settings = load_settings(db=Path("/data/flag.duckdb"), batch_size=None)
    assert settings.db == Path("/data/flag.duckdb") and settings.batch_size == 50


def test_fetch_settings_are_nested_and_read_from_their_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSLAKE_FETCH_MAX_BYTES", "1234")
    assert load_settings().fetch.max_bytes == 1234


def test_a_bad_value_stops_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLAKE_BATCH_SIZE", "zero")
    with pytest.raises(ValidationError, match="batch_size"):
        Settings()


def test_workers_default_to_one_per_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLAKE_WORKERS", "3")
    assert load_settings().worker_count == 3
    monkeypatch.setenv("NEWSLAKE_WORKERS", "0")
    assert load_settings().worker_count >= 1
