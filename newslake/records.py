"""The one record that travels the data's path: raw page -> document -> extractions.

Every step receives and returns these dataclasses; only `newslake/store` turns them into rows,
with the Arrow columns read off the fields (a field with `metadata=LOCAL_TIME` holds a naive local
time, every other datetime is UTC). They are plain, picklable values so that a batch can cross a process pool or a Dask worker.
No `slots=True`: slotted dataclasses unpickle through a Python-level __setstate__, 2.4x slower,
and a batch of 200 pages carries ~10,000 of these objects back to the flow's process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# Field metadata for a timestamp as the page wrote it (Asia/Shanghai wall time, no zone).
LOCAL_TIME = {"timezone": None}


@dataclass(frozen=True)
class RawRef:
    """A page as stored in the raw zone: where it came from and the sha256 of its bytes."""

    location: str
    sha256: str
    size: int
    seen_at: datetime
    content_type: str | None = None  # from the HTTP header, or None for files on disk
    declared_charset: str | None = None  # from the HTTP header only
    run_id: str | None = None  # the run that stored it (None: outside a run)
    final_url: str | None = None  # where redirects ended, when not at `location`
    mtime_ns: int | None = None  # a file's modification time when read (None: fetched pages)


@dataclass(frozen=True)
class Reject:
    """A page that could not go further, with the stage and a reason a person can read."""

    location: str
    stage: str
    reason: str
    seen_at: datetime
    sha256: str | None = None
    retryable: bool = False  # the next run tries the page again (it was skipped, not judged)


@dataclass
class Quality:
    """What cleaning removed and how far the text can be trusted."""

    chars_before: int = 0
    chars_after: int = 0
    lines_removed: dict[str, int] = field(default_factory=dict)
    spam_hits: int = 0
    spam_score: float = 0.0
    spin_score: float = 0.0
    spin_restored: int = 0
    masked_words: int = 0
    pinyin_glosses: int = 0  # romanisation glosses removed from inside words
    flag: str = "ok"  # ok | spam | spun | masked | short


@dataclass
class Indicator:
    """One reported figure: metric, region, period and value bound together, with provenance."""

    metric: str
    region: str | None
    period_start: date | None
    period_end: date | None
    period_text: str | None
    value: float | None
    unit: str | None
    value_text: str
    qualifier: str | None = None
    yoy_pct: float | None = None
    share_pct: float | None = None
    growth_pct: float | None = None  # growth against another base (年均, 较2020年末): see basis
    growth_basis: str | None = None
    region_source: str | None = None  # clause, sentence, enumeration, metric, paragraph, …
    period_source: str | None = None  # sentence, dateline, context, paragraph, title, page
    kind: str = "actual"  # actual | target
    sentence: str = ""
    char_start: int = 0
    char_end: int = 0


@dataclass(frozen=True)
class Mention:
    """A person, organisation or place named in a document."""

    kind: str  # person | org | place
    name: str
    role: str | None = None


@dataclass
class Document:
    """A page on its way through the steps; each step fills its own fields."""

    doc_id: str
    location: str
    raw_sha256: str
    seen_at: datetime
    # decode
    encoding: str | None = None
    is_html: bool = False
    raw_text: str = ""
    # clean
    title: str | None = None
    published_at: datetime | None = field(default=None, metadata=LOCAL_TIME)
    source: str | None = None
    author: str | None = None
    editor: str | None = None
    text: str = ""
    restored_text: str | None = None
    original_script: str = "hans"
    quality: Quality = field(default_factory=Quality)
    text_hash: str | None = None
    # dedupe
    cluster_id: str | None = None
    matched_doc_id: str | None = None
    similarity: float | None = None
    dup_method: str | None = None  # exact | near
    # extract
    indicators: list[Indicator] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def extraction_text(self) -> str:
        """The text extractors read: the spin-restored text where a page was spun."""
        return self.restored_text if self.restored_text is not None else self.text


@dataclass(frozen=True)
class Validators:
    """What a later run sends back to ask "has this page changed?" (RFC 9110 section 13)."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class KnownDocument:
    """A document already in the lake, as dedupe needs it: hashes and cluster, not its text."""

    doc_id: str
    text_hash: str
    cluster_id: str
    signature: bytes | None


@dataclass(frozen=True)
class FactReport:
    """An indicator row of a canonical document read as one report of a fact, with who said it when."""

    fact_id: str
    doc_id: str
    seq: int
    metric: str
    region: str | None
    period_start: date | None
    period_end: date | None
    kind: str
    value: float | None = None
    unit: str | None = None
    value_text: str | None = None
    qualifier: str | None = None
    yoy_pct: float | None = None
    share_pct: float | None = None
    period_text: str | None = None
    source: str | None = None
    published_at: datetime | None = field(default=None, metadata=LOCAL_TIME)


@dataclass(frozen=True)
class Fact:
    """One figure as the lake settles it from every report of its key (metric, region, period, kind)."""

    fact_id: str
    metric: str
    region: str | None
    period_start: date | None
    period_end: date | None
    kind: str
    value: float | None
    unit: str | None
    value_text: str | None  # as the report whose value was chosen wrote it
    yoy_pct: float | None
    share_pct: float | None
    status: str  # single | agreed | conflict
    n_reports: int
    n_agreeing: int  # reports in the agreeing group
    n_documents: int
    n_sources: int
    first_reported_at: datetime | None = field(default=None, metadata=LOCAL_TIME)
    last_reported_at: datetime | None = field(default=None, metadata=LOCAL_TIME)
    period_text: str | None = None
