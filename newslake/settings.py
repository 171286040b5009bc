"""One typed settings object for every run: read from NEWSLAKE_* variables, overridden by flags."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = REPO_ROOT / "sql"
SAMPLES_DIR = REPO_ROOT / "samples"


class Settings(BaseSettings):
    """Where the lake lives and how a run is cut into batches."""

    model_config = SettingsConfigDict(env_prefix="NEWSLAKE_", extra="forbid")

    db: Path = Field(default=Path("lake/newslake.duckdb"), description="DuckDB file")
    lake: Path = Field(default=Path("lake"), description="raw zone directory")
    batch_size: int = Field(default=200, ge=1, le=100_000)
    workers: int = Field(default=0, ge=0, le=64, description="processes for CPU stages; 0 = auto")
    lock_timeout: float = Field(
        default=60.0, ge=0, description="seconds to wait for the DuckDB lock"
    )

    @field_validator("db", "lake")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (non-None) overrides winning."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
