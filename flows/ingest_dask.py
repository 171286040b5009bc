"""The ingest flow with its CPU-bound steps on a dask.distributed cluster (a deployment variant).

The scheduler address comes from NEWSLAKE_DASK_ADDRESS on the worker that runs the flow; without
it, prefect-dask starts a temporary local cluster. Dedupe and every write to DuckDB still happen in
the flow's own process, so the lake keeps a single writer however many Dask workers derive batches.
"""

from __future__ import annotations

from newslake.flows.ingest import ingest
from newslake.settings import load_settings
from newslake.tasks.runtime import make_task_runner

ingest_dask = ingest.with_options(
    name="ingest-dask",
    task_runner=make_task_runner("dask", load_settings().dask_address),
)
