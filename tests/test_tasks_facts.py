"""The facts task: the counts a run adds for the facts its loads moved, and the line it logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW, temporary_settings

from newslake import derive as steps
from newslake import rawzone
from newslake.boilerplate import LineCounts
from newslake.dedupe import DedupeIndex, dedupe
from newslake.extract import EXTRACTOR_VERSION
from newslake.store import documents
from newslake.store.connection import apply_schema, reading, writing
from newslake.tasks.facts import update_facts
from newslake.tasks.runtime import transient_io

RUN = "run-under-test"

# Two reports of Chongqing's 2023 GDP that disagree; only the bureau gives retail sales.
BUREAU = (
    "2023年重庆市经济运行情况\n\n2024年01月20日09:00 | 来源:重庆市统计局\n\n"
    "根据地区生产总值统一核算结果，2023年重庆市地区生产总值30145.79亿元，比上年增长6.1%。"
    "全年全市社会消费品零售总额15130.25亿元，比上年增长8.0%。\n"
)
WEEKLY = (
    "山城财经周评：重庆消费市场加快回暖\n\n2024年02月02日08:00 | 来源:山城财经周刊\n\n"
    "记者梳理全年数据发现，重庆市2023年地区生产总值31800亿元，增长6.5%，总量继续位居西部城市前列。\n\n"
    "周评认为，新一年要在稳住工业投资的同时继续扩大服务消费。\n"
)


@pytest.fixture
def db(prefect_api: None, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "lake" / "newslake.duckdb"
    with writing(path, timeout=5) as con:
        apply_schema(con)
    # the task is called here outside a flow run: its log lines have no flow run to go to
    with temporary_settings({PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW: "ignore"}):
        yield path


def _load(db: Path, pages: dict[str, str], run_id: str = RUN) -> None:
    """Pages derived, deduplicated and loaded, as a run's batch is before its facts step."""
    lake = db.parent
    refs = [rawzone.store_bytes(lake, loc, text.encode()) for loc, text in pages.items()]
    batch = steps.derive_batch(steps.make_batch(1, refs, LineCounts()), lake)
    assert not batch.rejects
    dedupe(batch.docs, batch.signatures, DedupeIndex())
    documents.load_documents(
        db, batch.docs, batch.signatures, EXTRACTOR_VERSION, run_id, lines=batch.lines, timeout=5
    )


def _facts(db: Path) -> list[tuple]:
    with reading(db, timeout=5) as con:
        return con.execute(
            "select metric, value_text, status, n_reports from v_facts order by metric"
        ).fetchall()


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("facts: ")]


def test_the_task_is_retried_twice_on_passing_io_errors_and_never_cached() -> None:
    assert update_facts.retries == 2 and update_facts.retry_delay_seconds == 1
    assert update_facts.retry_condition_fn is transient_io
    assert update_facts.cache_policy is NO_CACHE
    assert update_facts.task_run_name == "facts"


def test_the_facts_of_a_load_are_counted_and_logged_and_a_rerun_moves_none(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _load(db, {"/cq/bureau.txt": BUREAU, "/cq/weekly.txt": WEEKLY})
    with caplog.at_level(logging.INFO, logger="prefect"):
        counts = update_facts(db, RUN, 5)
    assert counts == {"facts_new": 2, "facts_changed": 0, "facts_removed": 0, "facts_conflict": 1}
    assert _facts(db) == [
        ("地区生产总值", "30145.79亿元", "conflict", 2),
        ("社会消费品零售总额", "15130.25亿元", "single", 1),
    ]
    assert _logged(caplog) == ["facts: 2 keys settled, 2 new, 0 changed, 0 removed, 1 in conflict"]

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="prefect"):
        again = update_facts(db, "the-next-run", 5)
    assert again == {"facts_new": 0, "facts_changed": 0, "facts_removed": 0, "facts_conflict": 0}
    assert _logged(caplog) == []  # nothing was waiting: nothing to say


def test_a_page_that_now_agrees_and_one_that_lost_a_figure_change_and_remove_facts(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _load(db, {"/cq/bureau.txt": BUREAU, "/cq/weekly.txt": WEEKLY})
    update_facts(db, RUN, 5)
    corrected = WEEKLY.replace("31800亿元，增长6.5%", "30145.79亿元，增长6.1%")
    without_retail = BUREAU.split("全年全市")[0] + "\n"
    _load(db, {"/cq/bureau.txt": without_retail, "/cq/weekly.txt": corrected}, "the-next-run")
    with caplog.at_level(logging.INFO, logger="prefect"):
        counts = update_facts(db, "the-next-run", 5)
    assert counts == {"facts_new": 0, "facts_changed": 1, "facts_removed": 1, "facts_conflict": 0}
    assert _facts(db) == [("地区生产总值", "30145.79亿元", "agreed", 2)]
    assert _logged(caplog) == ["facts: 2 keys settled, 0 new, 1 changed, 1 removed, 0 in conflict"]
