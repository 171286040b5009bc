"""Shared fixtures: a real (test-harness) Prefect API for the session and a fresh lake per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def prefect_api() -> Iterator[None]:
    """One real Prefect API (SQLite-backed, in a temporary home) for every flow test."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed corpus not found at {SEEDS} (it lives in ../shared beside the repo)")
    return SEEDS


@dataclass(frozen=True)
class Lake:
    db: Path
    lake: Path

    @property
    def work(self) -> Path:
        """The runs' working file; `db` is the published snapshot analysts open."""
        from newslake.settings import working_db

        return working_db(self.db)

    def query(self, sql: str, params: list | None = None, *, work: bool = False) -> list[tuple]:
        """Query the published file (or the working file, to see what a failed run left)."""
        import duckdb

        with duckdb.connect(str(self.work if work else self.db), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def ingest(self, paths: list[Path] | None = None, **kwargs: object) -> dict[str, int]:
        from newslake.flows.ingest import ingest

        return ingest(
            paths=[str(p) for p in paths] if paths else None,
            db=str(self.db),
            lake=str(self.lake),
            **kwargs,
        )


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(db=tmp_path / "lake" / "newslake.duckdb", lake=tmp_path / "lake")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An empty lake file with the schema applied, for tests of the store's modules."""
    from newslake.store.connection import apply_schema, writing

    path = tmp_path / "lake" / "newslake.duckdb"
    with writing(path, timeout=5) as con:
        apply_schema(con)
    return path
