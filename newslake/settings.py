"""One typed settings object for every run: read from NEWSLAKE_* variables, overridden by flags.

`Settings` holds where the lake lives and how a run is cut into batches; its `fetch` part holds how
politely and how hard pages are fetched (NEWSLAKE_FETCH_*). Nothing else reads the environment.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """A data folder the wheel installs inside the package, or the checkout's own top-level one."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


SQL_DIR = _data_dir("sql")
SAMPLES_DIR = _data_dir("samples")
LEXICON_DIR = PACKAGE_DIR / "lexicons"
ENV_PREFIX = "NEWSLAKE_FETCH_"
WORK_DIR = ".work"  # beside the analysts' file: the runs' private working copy of it


def working_db(db: Path) -> Path:
    """The file runs write (`<db dir>/.work/<db name>`); `db` itself is only ever replaced whole
    by a published snapshot of it, so readers of `db` and runs never share a file."""
    return db.parent / WORK_DIR / db.name


@dataclass(frozen=True)
class FetchSettings:
    """How hard and how politely to fetch; the defaults suit a news site on the open web."""

    user_agent: str = "newslake/0.1 (regional economic news research crawler)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    page_timeout: float = 120.0  # one whole attempt, so a trickling server cannot hold a slot
    max_retries: int = 3  # attempts = 1 + max_retries
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    retry_after_max: float = 120.0
    per_host_delay: float = 1.0  # between the starts of two requests to one host
    per_host_concurrency: int = 2
    global_concurrency: int = 16
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allowed_types: tuple[str, ...] = ("text/html", "text/plain", "application/xhtml+xml")
    respect_robots: bool = True
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this
    log_every: int = 25  # a progress log line every N pages...
    log_interval: float = 10.0  # ...and at least every N seconds while pages keep finishing
    # Loopback, link-local and private addresses are refused unless this is set (tests on 127.0.0.1).
    allow_private: bool = False

    def __post_init__(self) -> None:
        positive = ("connect_timeout", "read_timeout", "page_timeout", "max_bytes", "log_interval")
        at_least_one = ("per_host_concurrency", "global_concurrency", "log_every")
        not_negative: tuple[str, ...] = ("max_retries", "backoff_base", "backoff_max")
        not_negative += ("retry_after_max", "per_host_delay", "max_redirects", "max_crawl_delay")
        for name in positive:
            if not getattr(self, name) > 0:
                raise ValueError(f"FetchSettings.{name} must be > 0, got {getattr(self, name)!r}")
        for name in at_least_one:
            if getattr(self, name) < 1:
                raise ValueError(f"FetchSettings.{name} must be >= 1, got {getattr(self, name)!r}")
        for name in not_negative:
            if getattr(self, name) < 0:
                raise ValueError(f"FetchSettings.{name} must be >= 0, got {getattr(self, name)!r}")
        if not self.user_agent.strip():
            raise ValueError("FetchSettings.user_agent must not be empty")
        if not self.allowed_types:
            raise ValueError("FetchSettings.allowed_types must name at least one media type")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> FetchSettings:
        """Defaults overridden by NEWSLAKE_FETCH_<FIELD> variables, so deployments need no code.

        Lists are comma-separated; booleans are true/false, yes/no, 1/0, on/off. A value that does
        not parse stops the run with the variable's name rather than fetching with a surprise.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is None or not raw.strip():
                continue
            try:
                values[f.name] = _parse_setting(raw.strip(), type(f.default))
            except ValueError:
                raise ValueError(
                    f"{ENV_PREFIX}{f.name.upper()}={raw!r} is not a valid {type(f.default).__name__}"
                ) from None
        return cls(**values)


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _parse_setting(raw: str, kind: type) -> object:
    if kind is bool:
        if raw.lower() in _TRUE | _FALSE:
            return raw.lower() in _TRUE
        raise ValueError(raw)
    if kind is tuple:
        return tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    return kind(raw)


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one page and one batch may cost (NEWSLAKE_MAX_* and _BATCH_BUDGET)."""

    max_page_chars: int = 2_000_000  # decoded page, markup included
    max_text_chars: int = 300_000  # cleaned text
    max_sentence_chars: int = 5_000  # text between two sentence breaks
    batch_budget: float = 600.0  # seconds of deriving per batch

    def digest(self) -> str:
        """What shapes a batch's rows (the budget does not: a batch it cut is not kept)."""
        return f"{self.max_page_chars}/{self.max_text_chars}/{self.max_sentence_chars}"


class Settings(BaseSettings):
    """Where the lake lives, how a run is cut into batches, and how it fetches."""

    model_config = SettingsConfigDict(env_prefix="NEWSLAKE_", extra="forbid")

    db: Path = Field(
        default=Path("lake/newslake.duckdb"), description="the DuckDB file analysts open"
    )
    lake: Path = Field(default=Path("lake"), description="raw zone directory")
    batch_size: int = Field(default=200, ge=1, le=100_000)
    workers: int = Field(default=0, ge=0, le=64, description="processes for CPU stages; 0 = auto")
    lock_timeout: float = Field(
        default=60.0, ge=0, description="seconds to wait for the DuckDB lock"
    )
    write_timeout: float = Field(
        default=1800.0, ge=0, description="seconds to wait while another live run writes the lake"
    )
    max_page_chars: int = Field(
        default=Limits.max_page_chars, ge=1000, description="a longer decoded page is a reject"
    )
    max_text_chars: int = Field(
        default=Limits.max_text_chars, ge=1000, description="a longer cleaned text is a reject"
    )
    max_sentence_chars: int = Field(
        default=Limits.max_sentence_chars,
        ge=100,
        description="a page with a longer run of text without a sentence break is not extracted",
    )
    batch_budget: float = Field(
        default=Limits.batch_budget,
        gt=0,
        description="seconds a batch may spend deriving; its remaining pages wait for the next run",
    )
    rehash: bool = Field(
        default=False,
        description="read and hash every input file, even one whose size and mtime are unchanged",
    )
    dask_address: str | None = Field(
        default=None, description="Dask scheduler of the ingest-dask deployment"
    )
    fault_file: Path | None = Field(
        default=None, description="fault drills: a file naming `<stage> <batch no>` to fail at"
    )
    home: Path | None = Field(
        default=None, description="the checkout a deployment's flow runs start in (worker)"
    )
    fetch: FetchSettings = Field(default_factory=lambda: FetchSettings.from_env())

    @field_validator("db", "lake", "home")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @field_validator("dask_address", "fault_file", "home", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def work_db(self) -> Path:
        """The runs' working file; `db` is what analysts open (see `working_db`)."""
        return working_db(self.db)

    @property
    def limits(self) -> Limits:
        return Limits(
            self.max_page_chars, self.max_text_chars, self.max_sentence_chars, self.batch_budget
        )

    @property
    def worker_count(self) -> int:
        """Processes for the CPU-bound steps: `workers`, else one per core."""
        return self.workers or os.cpu_count() or 1


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment, with explicit (non-None) overrides winning."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
