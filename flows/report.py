"""Run reports: the Prefect artifacts of a run and the one-screen summary the CLI prints."""

from __future__ import annotations

from prefect.artifacts import create_table_artifact

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
)
LAKE_ROWS = (
    ("documents", "documents"),
    ("  canonical", "canonical_documents"),
    ("  duplicates", "duplicates"),
    ("indicators", "indicators"),
    ("mentions", "mentions"),
    ("rejects", "rejects"),
)


def publish(counts: dict[str, int], totals: dict[str, int]) -> None:
    """Counts per stage as a table artifact on the flow run (visible in the Prefect UI)."""
    rows = [{"stage": label.strip(), "this run": counts.get(key, 0)} for label, key in SUMMARY_ROWS]
    rows += [
        {"stage": f"lake {label.strip()}", "this run": totals.get(key, 0)}
        for label, key in LAKE_ROWS
    ]
    create_table_artifact(key="ingest-counts", table=rows, description="newslake run counts")


def format_summary(result: dict[str, int]) -> str:
    """The one-screen summary of a run, this run's counts beside the lake's totals."""
    width = max(len(label) for label, _ in SUMMARY_ROWS + LAKE_ROWS) + 2
    lines = ["newslake run", "-" * (width + 8)]
    lines += [f"{label:<{width}}{result.get(key, 0):>8}" for label, key in SUMMARY_ROWS]
    lines += ["", "lake now", "-" * (width + 8)]
    lines += [f"{label:<{width}}{result.get('lake_' + key, 0):>8}" for label, key in LAKE_ROWS]
    return "\n".join(lines)
