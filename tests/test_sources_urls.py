"""URL and wait helpers of the fetcher: Retry-After forms, backoff with jitter."""

from __future__ import annotations

import random

from newslake.sources.urls import backoff_delay, retry_after_seconds


def test_retry_after_forms():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, 8, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Wed, 01 Jan 2025 08:00:30 GMT", now) == 30.0


def test_backoff_grows_with_jitter_and_is_capped():
    rng = random.Random(1)
    delays = [backoff_delay(a, 1.0, 5.0, rng) for a in (1, 2, 3, 4, 5)]
    assert 0.5 <= delays[0] <= 1.0
    assert 1.0 <= delays[1] <= 2.0
    assert 2.5 <= delays[4] <= 5.0
