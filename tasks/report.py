"""Run reports: the Prefect artifacts of a run and the one-screen summary the CLI prints."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from uuid import UUID

from prefect import get_run_logger
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    create_table_artifact,
    update_progress_artifact,
)
from prefect.exceptions import MissingContextError

from newslake import progress
from newslake.store import reports

SUMMARY_ROWS = (
    ("pages seen", "pages_seen"),
    ("  new", "pages_new"),
    ("  changed", "pages_changed"),
    ("  unchanged", "pages_unchanged"),
    ("  rejected", "pages_rejected"),
    ("documents processed", "documents"),
    ("duplicates found", "duplicates"),
    ("indicators extracted", "indicators"),
    ("mentions extracted", "mentions"),
    ("cleaning", None),
    ("  chrome lines removed", "lines_removed"),
    ("  spam terms removed", "spam_hits"),
    ("  spin words restored", "spin_restored"),
    ("  masked words", "masked_words"),
    ("  pinyin glosses removed", "pinyin_glosses"),
    ("  flagged spam", "flag_spam"),
    ("  flagged spun", "flag_spun"),
    ("  flagged masked", "flag_masked"),
    ("facts new", "facts_new"),
    ("facts changed", "facts_changed"),
    ("facts removed", "facts_removed"),
    ("facts in conflict", "facts_conflict"),
)
LAKE_ROWS = (
    ("documents", "documents"),
    ("  canonical", "canonical_documents"),
    ("  duplicates", "duplicates"),
    ("indicators", "indicators"),
    ("mentions", "mentions"),
    ("rejects", "rejects"),
    ("facts", "facts"),
    ("  agreed", "facts_agreed"),
    ("  in conflict", "facts_conflict"),
)


def publish(
    counts: Mapping[str, float],
    totals: Mapping[str, int],
    details: dict[str, list[dict[str, object]]] | None = None,
) -> None:
    """The run's artifacts in the Prefect UI: counts per stage, rejects, new figures, quality."""
    rows = [
        {"stage": label.strip(), "this run": counts.get(key, 0)}
        for label, key in SUMMARY_ROWS
        if key is not None
    ]
    rows += [
        {"stage": f"lake {label.strip()}", "this run": totals.get(key, 0)}
        for label, key in LAKE_ROWS
    ]
    create_table_artifact(key="ingest-counts", table=rows, description="newslake run counts")
    details = details or {}
    described = {
        "rejects": ("ingest-rejects", "pages this run rejected, with stage and reason"),
        "indicators": ("ingest-indicators", "first figures extracted by this run"),
        "quality": ("ingest-quality", "cleaning quality flags of this run's documents"),
        "facts": ("ingest-facts", "facts this run added or changed (conflicts first)"),
    }
    for name, (key, description) in described.items():
        table = [{k: _cell(v) for k, v in row.items()} for row in details.get(name, [])]
        if table:
            create_table_artifact(key=key, table=table, description=description)
    if details.get("conflicts"):
        create_markdown_artifact(
            key="ingest-conflicts",
            markdown=conflicts_markdown(details["conflicts"]),
            description="facts this run added or changed whose reports disagree",
        )


def publish_run(db: Path, run_id: str, counts: Mapping[str, float], timeout: float) -> None:
    """Publish the artifacts of a finished run, from what the lake now holds."""
    totals = reports.lake_counts(db, timeout=timeout)
    publish(counts, totals, reports.run_report(db, run_id, timeout=timeout))


def _cell(value: object) -> object:
    """Artifacts are JSON: dates and decimals as text."""
    return value if value is None or isinstance(value, str | int | float) else str(value)


def conflicts_markdown(rows: list[dict[str, object]]) -> str:
    """Each conflicting fact as a heading over its reports: who said what, and who agrees."""
    lines = ["# Facts in conflict", ""]
    current = None
    for row in rows:
        if row["fact_id"] != current:
            current = row["fact_id"]
            period = row["period_label"] or row["period_text"] or "period unknown"
            lines += [
                "",
                f"## {row['metric']} · {row['region'] or 'region unknown'} · {period} · "
                f"{row['kind']}",
                "",
                f"Fact: {row['value_text'] or '—'}, growth {_pct(row['fact_yoy_pct'])} "
                f"(`select * from v_fact_reports where fact_id = '{current}'`)",
                "",
                "| agrees | source | published | reported | growth | page |",
                "|---|---|---|---|---|---|",
            ]
        lines.append(
            f"| {'yes' if row['agrees'] else '**no**'} | {row['source'] or '—'} "
            f"| {row['published_at'] or '—'} | {row['reported'] or '—'} "
            f"| {_pct(row['yoy_pct'])} | {row['url']} |"
        )
    return "\n".join(lines) + "\n"


def _pct(value: object) -> str:
    return "—" if value is None else f"{value}%"


def format_summary(result: Mapping[str, float]) -> str:
    """The one-screen summary of a run, this run's counts beside the lake's totals."""
    width = max(len(label) for label, _ in SUMMARY_ROWS + LAKE_ROWS) + 2
    lines = ["newslake run", "-" * (width + 8)]
    lines += [
        f"{label:<{width}}{result.get(key, 0):>8}" if key else label for label, key in SUMMARY_ROWS
    ]
    lines += ["", "lake now", "-" * (width + 8)]
    lines += [f"{label:<{width}}{result.get('lake_' + key, 0):>8}" for label, key in LAKE_ROWS]
    return "\n".join(lines)


class Progress:
    """How far a phase of the run has come: the watchers in this process (the CLI's bars) on
    every call, a Prefect progress artifact (`<phase>-progress`) and a log line at most every few
    seconds.

    Safe to call from inside an event loop (the fetcher's): updates are sent synchronously.
    """

    def __init__(self, phase: str, what: str, every_seconds: float = 5.0) -> None:
        self.phase, self.what, self.every = phase, what, every_seconds
        self.key = f"{phase}-progress"
        self._artifact_id: UUID | None = None
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        progress.report(self.phase, self.what, done, total)
        now = time.monotonic()
        if done < total and now - self._last < self.every:
            return
        self._last = now
        percent = 100.0 * done / total if total else 100.0
        description = f"{self.what}: {done} of {total}"
        try:
            # _sync: the fetcher calls from inside its event loop, where Prefect would go async
            if self._artifact_id is None:
                self._artifact_id = create_progress_artifact(  # type: ignore[call-arg,assignment]
                    percent, key=self.key, description=description, _sync=True
                )
            else:
                update_progress_artifact(  # type: ignore[call-arg]
                    self._artifact_id, percent, description=description, _sync=True
                )
            get_run_logger().info("%s (%.0f%%)", description, percent)
        except MissingContextError:
            return  # called outside a flow run (a plain function call): nothing to report to
