"""The ingest flow end to end against a real Prefect API and real DuckDB files."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import opencc
import pytest

from newslake.settings import SAMPLES_DIR
from tests.conftest import Lake

pytestmark = pytest.mark.usefixtures("prefect_api")

CONTRACT_COLUMNS = {
    "v_documents": (
        "doc_id url title published_at source author text original_script duplicate_of source_key"
    ),
    "v_duplicates": "doc_id duplicate_of similarity method",
    "v_indicators": (
        "doc_id url metric region period_start period_end period_text value unit value_text "
        "yoy_pct share_pct kind sentence"
    ),
    "v_mentions": "doc_id kind name role",
    "v_rejects": "location stage reason seen_at",
    "v_runs": "run_id started_at finished_at status",
}

GOOD_PAGE = """重庆两江新区经济运行稳中有进

2024年01月20日10:30 | 来源:重庆日报

2023年,两江新区实现地区生产总值4800亿元,同比增长6.5%。新区规模以上工业增加值同比增长8.1%,
社会消费品零售总额达到1200亿元,同比增长7.3%。新区表示,今年将继续推动制造业高质量发展。
"""


def _table_counts(lake: Lake) -> dict[str, int]:
    tables = [
        "pages_raw",
        "documents",
        "doc_quality",
        "doc_clusters",
        "indicators",
        "mentions",
        "rejects",
    ]
    return {t: lake.query(f"select count(*) from {t}")[0][0] for t in tables}


def test_views_exist_with_the_contract_columns(lake: Lake) -> None:
    lake.ingest([SAMPLES_DIR / "01_cq_gdp_2023.html"])
    for view, columns in CONTRACT_COLUMNS.items():
        names = [row[0] for row in lake.query(f"describe {view}")]
        missing = set(columns.split()) - set(names)
        assert not missing, f"{view} lacks {missing}"
    assert lake.query("select count(*) from v_quality")[0][0] == 1


def test_bundled_samples_give_documents_a_duplicate_and_indicators(lake: Lake) -> None:
    result = lake.ingest()
    samples = [p for p in SAMPLES_DIR.iterdir() if p.is_file() and p.suffix != ".py"]
    assert result["pages_seen"] == len([p for p in samples if p.name != "README.md"])
    assert result["pages_rejected"] == 0, lake.query("select * from v_rejects")
    docs = lake.query("select doc_id, duplicate_of from v_documents")
    assert len(docs) >= 10
    assert len({d for d, _ in docs}) == len(docs), "doc_id must be unique"
    assert lake.query("select count(*) from v_duplicates")[0][0] >= 1
    assert lake.query("select count(*) from v_indicators")[0][0] >= 10
    kinds = {k for (k,) in lake.query("select distinct kind from v_indicators")}
    assert kinds <= {"actual", "target"}
    methods = {m for (m,) in lake.query("select distinct method from v_duplicates")}
    assert methods <= {"exact", "near"}


def test_traditional_pages_are_stored_simplified(lake: Lake) -> None:
    lake.ingest()
    rows = lake.query("select text from v_documents where original_script = 'hant'")
    assert rows, "the samples include Traditional pages"
    to_simplified = opencc.OpenCC("t2s")
    for (text,) in rows:
        assert to_simplified.convert(text) == text


def test_rerun_on_unchanged_input_adds_nothing(lake: Lake) -> None:
    first = lake.ingest()
    before = _table_counts(lake)
    second = lake.ingest()
    assert _table_counts(lake) == before
    assert second["pages_unchanged"] == first["pages_seen"]
    assert second["pages_new"] == 0
    assert second["documents"] == 0
    runs = lake.query("select status, pages_unchanged from v_runs order by started_at")
    assert [r[0] for r in runs] == ["completed", "completed"]


def test_changed_page_replaces_its_document(lake: Lake, tmp_path: Path) -> None:
    page = tmp_path / "in" / "liangjiang.txt"
    page.parent.mkdir()
    page.write_text(GOOD_PAGE, encoding="utf-8")
    lake.ingest([page.parent])
    first = lake.query("select doc_id, text from v_documents")
    page.write_text(GOOD_PAGE.replace("4800亿元", "4900亿元"), encoding="utf-8")
    result = lake.ingest([page.parent])
    assert result["pages_changed"] == 1
    second = lake.query("select doc_id, text from v_documents")
    assert len(second) == 1 and second[0][0] == first[0][0]
    assert "4900亿元" in second[0][1]
    values = [
        v for (v,) in lake.query("select value_text from indicators where metric = '地区生产总值'")
    ]
    assert values == ["4900亿元"]
    assert lake.query("select count(*) from pages_raw")[0][0] == 2  # both versions kept


def test_bad_inputs_are_rejected_with_reasons_and_good_pages_load(
    lake: Lake, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "noise.txt").write_bytes(random.Random(1).randbytes(3000))
    (folder / "shell.html").write_text(
        "<html><head><title>首页</title></head><body><div class='nav'></div></body></html>",
        encoding="utf-8",
    )
    result = lake.ingest([folder])
    assert result["pages_rejected"] == 4
    rejects = {
        Path(loc).name: (stage, reason)
        for loc, stage, reason, _ in lake.query(
            "select location, stage, reason, seen_at from v_rejects"
        )
    }
    assert rejects["empty.txt"] == ("decode", "empty page")
    assert "PNG" in rejects["image.html"][1]
    assert "undecodable" in rejects["noise.txt"][1] or "NUL" in rejects["noise.txt"][1]
    assert rejects["shell.html"][0] == "clean" and "no article text" in rejects["shell.html"][1]
    assert [Path(u).name for (u,) in lake.query("select url from v_documents")] == ["good.txt"]
    again = lake.ingest([folder])  # rejected pages are not retried or counted twice
    assert again["pages_rejected"] == 0
    assert lake.query("select count(*) from v_rejects")[0][0] == 4


def test_reprocess_rederives_from_the_raw_zone_without_reading_inputs(
    lake: Lake, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLES_DIR, folder, ignore=shutil.ignore_patterns("expected", "src", "*.py"))
    lake.ingest([folder])
    before = _table_counts(lake)
    shutil.rmtree(folder)  # the raw zone is all reprocessing needs
    result = lake.ingest(reprocess=True)
    assert result["documents"] == before["documents"]
    assert _table_counts(lake) == before


def test_seed_pages_load(lake: Lake, seeds_dir: Path) -> None:
    result = lake.ingest([seeds_dir])
    assert result["pages_rejected"] == 0
    rows = lake.query("select url, original_script, text from v_documents order by url")
    assert len(rows) == 5
    scripts = {Path(u).name[:3]: s for u, s, _ in rows}
    assert scripts["004"] == "hant"
    assert all(s == "hans" for k, s in scripts.items() if k != "004")
    text_004 = next(t for u, _, t in rows if Path(u).name.startswith("004"))
    assert "为中国式现代化贡献更多重庆力量" in text_004 or "胡衡华" in text_004


def test_pages_stored_by_a_run_that_died_are_processed_by_the_next(lake: Lake) -> None:
    from newslake import rawzone

    # A fetch stored this page and then the process died before anything was registered.
    url = "http://news.example.cn/2024/liangjiang.html"
    rawzone.store_bytes(lake.lake, url, GOOD_PAGE.encode("gb18030"), content_type="text/plain")
    lake.ingest([SAMPLES_DIR / "01_cq_gdp_2023.html"])
    urls = {u for (u,) in lake.query("select url from v_documents")}
    assert url in urls
    text = lake.query("select text from v_documents where url = ?", [url])[0][0]
    assert "两江新区实现地区生产总值4800亿元" in text


def test_footer_recurring_on_one_sites_pages_is_removed_there_only(lake: Lake, tmp_path) -> None:
    footer = "巴渝经济观察网原创稿件,转载请注明出处并保留本行文字"
    site = tmp_path / "site_a"
    site.mkdir()
    regions = ["重庆市", "成都市", "绵阳市", "万州区", "宜宾市", "涪陵区", "德阳市"]
    for i, region in enumerate(regions):
        body = (
            f"{region}经济运行情况第{i}期\n\n2024年02月0{i + 1}日 来源:巴渝经济观察网\n\n"
            f"2023年,{region}地区生产总值同比增长{5 + i * 0.1:.1f}%,经济运行总体平稳。"
            f"{region}规模以上工业增加值同比增长{6 + i * 0.2:.1f}%,社会消费品零售总额稳步回升。\n\n"
            f"{footer}\n"
        )
        (site / f"{i}.txt").write_text(body, encoding="utf-8")
    other = tmp_path / "site_b"
    other.mkdir()
    (other / "x.txt").write_text(
        "南充市经济运行情况\n\n2023年,南充市地区生产总值同比增长6.0%,经济运行稳中向好,"
        f"消费市场持续回暖,投资结构不断优化。\n\n{footer}\n",
        encoding="utf-8",
    )
    lake.ingest([site, other])
    texts = dict(lake.query("select url, text from v_documents"))
    assert len(texts) == 8
    site_a = [t for url, t in texts.items() if "/site_a/" in url]
    assert all(footer not in t for t in site_a)
    assert all("地区生产总值" in t for t in site_a)  # the body stays
    [site_b] = [t for url, t in texts.items() if "/site_b/" in url]
    assert footer in site_b  # one page of another site is no pattern
    assert lake.query("select count(*) from doc_lines")[0][0] > 0


def _two_new_pages(folder: Path) -> Path:
    folder.mkdir()
    for n, region in enumerate(["万州区", "涪陵区"]):
        text = GOOD_PAGE.replace("两江新区", region).replace("4800", f"{4000 + n}")
        (folder / f"{n}.txt").write_text(text, encoding="utf-8")
    return folder


def test_new_pages_load_after_the_journal_was_deleted(lake: Lake, tmp_path: Path) -> None:
    from newslake import rawzone

    lake.ingest()  # the samples: the registered journal offset is now well past 0
    (lake.lake / rawzone.JOURNAL_NAME).unlink()
    result = lake.ingest([_two_new_pages(tmp_path / "new")])
    assert (result["pages_seen"], result["pages_new"], result["documents"]) == (2, 2, 2)
    urls = {u for (u,) in lake.query("select url from v_documents")}
    assert {str(tmp_path / "new" / "0.txt"), str(tmp_path / "new" / "1.txt")} <= urls


def test_a_corrupted_raw_page_is_a_reject_and_a_fresh_copy_repairs_it(
    lake: Lake, tmp_path: Path
) -> None:
    from newslake import rawzone

    page = tmp_path / "in" / "cq.html"
    page.parent.mkdir()
    shutil.copy(SAMPLES_DIR / "01_cq_gdp_2023.html", page)
    lake.ingest([page])
    figures = "select value_text from v_indicators where metric = '地区生产总值' order by all"
    before = lake.query(figures)
    assert ("30145.79亿元",) in before
    [(sha,)] = lake.query("select raw_sha256 from documents")
    raw = rawzone.raw_path(lake.lake, sha)
    raw.write_bytes(raw.read_bytes().replace(b"30145.79", b"90145.79"))

    for drop_staged in (False, True):  # staged results or not, the raw bytes are checked
        if drop_staged:
            shutil.rmtree(lake.lake / "staged", ignore_errors=True)
            raw.write_bytes(
                raw.with_name(next(raw.parent.glob(f"{sha}.corrupt-*")).name).read_bytes()
            )
        result = lake.ingest(reprocess=True)
        assert result["documents"] == 0 and result["pages_rejected"] == 1
        [(stage, reason, rejected_sha)] = lake.query("select stage, reason, sha256 from v_rejects")
        assert (stage, rejected_sha) == ("raw", sha)
        assert reason.startswith(f"raw page corrupted: {raw} has sha256")
        assert lake.query(figures) == before  # the old rows stay, from the good bytes …
        assert lake.query("select raw_corrupt from v_documents") == [(True,)]  # … marked

    lake.ingest([page])  # the same bytes again: a fresh copy
    assert raw.read_bytes() == page.read_bytes()
    assert lake.query("select count(*) from v_rejects")[0][0] == 0
    assert lake.query("select raw_corrupt from v_documents") == [(False,)]
    assert lake.ingest(reprocess=True)["documents"] == 1
    assert lake.query(figures) == before


def test_pages_a_batch_skipped_for_time_are_loaded_by_the_next_run(
    lake: Lake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _two_new_pages(tmp_path / "new")
    monkeypatch.setenv("NEWSLAKE_BATCH_BUDGET", "0.000001")
    first = lake.ingest([folder])
    assert first["documents"] == 0 and first["pages_rejected"] == 2
    rows = lake.query("select stage, retryable, reason from v_rejects")
    assert {(stage, retryable) for stage, retryable, _ in rows} == {("clean", True)}
    monkeypatch.delenv("NEWSLAKE_BATCH_BUDGET")
    second = lake.ingest([folder])  # unchanged pages, but still to process
    assert second["pages_unchanged"] == 2 and second["documents"] == 2
    assert lake.query("select count(*) from v_rejects")[0][0] == 0


def test_a_rerun_reads_only_files_whose_size_or_mtime_moved(lake: Lake, tmp_path: Path) -> None:
    import os

    from newslake import rawzone

    folder = _two_new_pages(tmp_path / "new")
    journal = lake.lake / rawzone.JOURNAL_NAME
    lake.ingest([folder])
    lines = len(journal.read_bytes().splitlines())
    again = lake.ingest([folder])
    assert (again["pages_seen"], again["pages_unchanged"]) == (2, 2)
    assert len(journal.read_bytes().splitlines()) == lines  # neither file read nor hashed

    page = folder / "0.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("4000", "4009"), encoding="utf-8")
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # same size, new mtime
    edited = lake.ingest([folder])
    assert (edited["pages_changed"], edited["pages_unchanged"], edited["documents"]) == (1, 1, 1)
    assert ("4009亿元",) in lake.query("select value_text from v_indicators")

    rehashed = lake.ingest([folder], rehash=True)  # NEWSLAKE_REHASH / --rehash: read them all
    assert (rehashed["pages_unchanged"], rehashed["documents"]) == (2, 0)
    assert len(journal.read_bytes().splitlines()) == lines + 1 + 2
