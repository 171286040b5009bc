"""The run's Prefect artifacts: counts per stage, rejects with reasons, new figures, quality."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from newslake.settings import SAMPLES_DIR
from tests.conftest import Lake

pytestmark = pytest.mark.usefixtures("prefect_api")


def _latest_artifacts(keys: list[str]) -> dict[str, list[dict]]:
    import json

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read() -> dict[str, list[dict]]:
        async with get_client() as client:
            found = await client.read_latest_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=keys))
            )
        return {a.key: json.loads(a.data) if isinstance(a.data, str) else a.data for a in found}

    return asyncio.run(read())


def test_a_run_publishes_counts_rejects_figures_and_quality(lake: Lake, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "cq.html").write_bytes((SAMPLES_DIR / "01_cq_gdp_2023.html").read_bytes())
    (pages / "empty.txt").write_bytes(b"")
    result = lake.ingest([pages])
    assert result["documents"] == 1 and result["pages_rejected"] == 1

    artifacts = _latest_artifacts(
        ["ingest-counts", "ingest-rejects", "ingest-indicators", "ingest-quality"]
    )
    counts = {row["stage"]: row["this run"] for row in artifacts["ingest-counts"]}
    assert counts["pages seen"] == 2 and counts["rejected"] == 1
    [reject] = artifacts["ingest-rejects"]
    assert reject["location"].endswith("empty.txt") and reject["reason"] == "empty page"
    figures = artifacts["ingest-indicators"]
    assert any(row["metric"] == "地区生产总值" and row["region"] == "重庆市" for row in figures)
    assert sum(row["documents"] for row in artifacts["ingest-quality"]) == 1
