"""Acquisition: what a run brings into the raw zone from disk and HTTP, and what it counts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.settings import PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW, temporary_settings

from newslake import rawzone
from newslake.settings import SAMPLES_DIR, FetchSettings, Settings, load_settings
from newslake.sources.files import sample_pages
from newslake.store import pages
from newslake.store.connection import apply_schema, writing
from newslake.tasks.acquire import Acquired, acquire
from newslake.tasks.runtime import ensure_write_limit
from tests.support.http_server import LocalHTTPServer, Reply, html_page, revalidating
from tests.support.prefect_runs import latest_task_states

RUN = "run-under-test"
UTF8 = {"Content-Type": "text/html; charset=utf-8"}


def _settings(tmp_path: Path, **overrides: object) -> Settings:
    s = load_settings(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake", **overrides)
    with writing(s.work_db, timeout=5) as con:
        apply_schema(con)
    return s


def _pages(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i}.txt"
        path.write_text(
            f"第{i}篇：一季度重庆市社会消费品零售总额同比增长{i}.2%。", encoding="utf-8"
        )
        paths.append(path)
    return paths


def _unreadable(tmp_path: Path) -> Path:
    """A file that stats but cannot be read: mode 000, or for root (who reads anything) a Linux
    /proc file whose read fails."""
    if os.geteuid() != 0:
        path = tmp_path / "locked.txt"
        path.write_text("不可读", encoding="utf-8")
        path.chmod(0)
        return path
    if not sys.platform.startswith("linux"):
        pytest.skip("no unreadable file for root on this platform")
    return Path("/proc/self/mem")


@task(name="in-a-task-run", cache_policy=NO_CACHE)
def _in_a_task_run(paths: list[str] | None, sources: str | None, settings: Settings) -> Acquired:
    return acquire(paths, sources, False, settings, RUN)


def _acquire(paths: list[str] | None, settings: Settings, sources: str | None = None) -> Acquired:
    """acquire() in a run context, as the flow calls it (its progress logs need one): a task run
    starts in 50 ms where a flow run takes a second."""
    with temporary_settings({PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW: "ignore"}):
        return _in_a_task_run(paths, sources, settings)


def _register(settings: Settings) -> None:
    pages.register_journal(settings.work_db, settings.lake, RUN, timeout=5)


def test_a_reprocess_without_inputs_reads_nothing(tmp_path: Path) -> None:
    settings = load_settings(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")
    acquired = acquire(None, None, True, settings, RUN)
    assert acquired == Acquired() and acquired.pages_seen == 0
    assert not (settings.lake / rawzone.JOURNAL_NAME).exists()


@pytest.mark.usefixtures("prefect_api")
def test_no_inputs_means_the_bundled_samples(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    acquired = _acquire(None, settings)
    samples = sample_pages(SAMPLES_DIR)
    assert len(samples) == 14
    assert [r.location for r in acquired.refs] == [str(p) for p in samples]
    assert {r.run_id for r in acquired.refs} == {RUN}
    assert [r.mtime_ns for r in acquired.refs] == [p.stat().st_mtime_ns for p in samples]
    assert acquired.pages_seen == 14 and not acquired.rejects
    assert all(rawzone.check(settings.lake, r.sha256) is None for r in acquired.refs)


@pytest.mark.usefixtures("prefect_api")
def test_files_are_stored_a_batch_at_a_time_and_an_unreadable_one_is_a_reject(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, batch_size=2)
    folder = tmp_path / "in"
    files = _pages(folder, 4)
    unreadable = _unreadable(tmp_path)

    @flow(name="acquire-files")
    def acquire_files() -> Acquired:
        return acquire([str(folder), str(unreadable)], None, False, settings, RUN)

    acquired = acquire_files()
    assert [r.location for r in acquired.refs] == [str(p) for p in files]
    [reject] = acquired.rejects
    assert (reject.location, reject.stage) == (str(unreadable.resolve()), "acquire")
    assert reject.reason.startswith("unreadable file: ") and reject.sha256 is None
    assert acquired.pages_seen == 5
    names = sorted(name.rsplit("-", 1)[0] for name in latest_task_states())
    assert names == ["store-files"] * 3 + ["unchanged-files"]  # 5 files, 2 a batch
    entries, _ = rawzone.read_journal(settings.lake)
    assert [ref.location for ref, _headers in entries] == [str(p) for p in files]


@pytest.mark.usefixtures("prefect_api")
def test_files_of_unchanged_size_and_mtime_are_counted_not_read_unless_rehashing(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path)
    folder = tmp_path / "in"
    files = _pages(folder, 3)
    assert len(_acquire([str(folder)], settings).refs) == 3
    _register(settings)

    again = _acquire([str(folder)], settings)
    assert (again.refs, again.files_unchanged, again.pages_seen) == ([], 3, 3)

    files[1].write_text("第1篇：一季度四川省地区生产总值同比增长6.1%，修订后。", encoding="utf-8")
    edited = _acquire([str(folder)], settings)
    assert [r.location for r in edited.refs] == [str(files[1])]
    assert (edited.files_unchanged, edited.pages_seen) == (2, 3)
    _register(settings)

    rehashed = _acquire([str(folder)], settings.model_copy(update={"rehash": True}))
    assert [r.location for r in rehashed.refs] == [str(p) for p in files]
    assert rehashed.files_unchanged == 0


@pytest.mark.usefixtures("prefect_api")
def test_fetched_pages_join_the_files_and_unchanged_urls_are_counted(tmp_path: Path) -> None:
    routes = {
        f"/n/{n}.html": revalidating(
            Reply(200, html_page(f"新闻{n}", f"川渝合作项目第{n}批开工。").encode(), UTF8)
        )
        for n in (1, 2)
    }
    fetch = FetchSettings(allow_private=True, per_host_delay=0, max_retries=0)
    settings = _settings(tmp_path, fetch=fetch)
    [page] = _pages(tmp_path / "in", 1)
    ensure_write_limit()  # as a run's start does: fetching takes the lake's write slot after it
    with LocalHTTPServer(routes) as site:
        sources = tmp_path / "sources.toml"
        urls = [site.url("/n/1.html"), site.url("/n/2.html"), site.url("/gone.html")]
        listed = ", ".join(f'"{url}"' for url in urls)
        sources.write_text(f'[[source]]\nname = "川渝"\nurls = [{listed}]\n', encoding="utf-8")

        first = _acquire([str(page)], settings, str(sources))
        assert first.refs[0].location == str(page)  # files first, then what was fetched
        assert sorted(r.location for r in first.refs[1:]) == urls[:2]
        assert {(r.content_type, r.declared_charset) for r in first.refs[1:]} == {
            ("text/html", "utf-8")
        }
        assert [(r.location, r.stage, r.reason) for r in first.rejects] == [
            (urls[2], "fetch", "HTTP 404")
        ]
        assert first.not_modified == [] and first.pages_seen == 4
        _register(settings)

        second = _acquire([str(page)], settings, str(sources))
    assert second.refs == [] and sorted(second.not_modified) == urls[:2]
    assert second.files_unchanged == 1 and len(second.rejects) == 1
    assert second.pages_seen == 4
    conditional = [s for s in site.seen() if s.path.startswith("/n/") and s.nth == 2]
    assert all("if-none-match" in s.headers for s in conditional) and len(conditional) == 2
