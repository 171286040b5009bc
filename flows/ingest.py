"""The ingest flow: acquire -> register -> derive -> dedupe and load -> facts -> report.

It reads like the data's path and decides nothing about content: every step is a task in
`tasks/` around the library in `newslake/`. The CPU-bound steps of several batches run at once on
the flow's task runner (a process pool by default, Dask when asked); dedupe and load run here,
batch after batch in order, holding the database only for short transactions. The run writes a
working file; once it has completed, the analysts' file is replaced by a snapshot of it.
"""

from __future__ import annotations

from typing import Annotated, Any

from prefect import flow
from prefect.utilities.annotations import quote
from pydantic import Field

from newslake.derive import make_batches
from newslake.settings import load_settings
from newslake.tasks.acquire import acquire
from newslake.tasks.dedupe import dedupe_batch, dedupe_index
from newslake.tasks.derive import boilerplate_model, derived_in_order
from newslake.tasks.facts import update_facts
from newslake.tasks.load import load_batch
from newslake.tasks.publish import publish_snapshot
from newslake.tasks.register import register
from newslake.tasks.report import publish_run
from newslake.tasks.runs import recorded_run
from newslake.tasks.runtime import lake_writer, make_task_runner


@flow(name="ingest", log_prints=False, task_runner=make_task_runner("process"))
def ingest(
    paths: list[str] | None = None,
    sources: str | None = None,
    db: str | None = None,
    lake: str | None = None,
    reprocess: bool = False,
    batch_size: Annotated[int | None, Field(ge=1)] = None,
    rehash: bool = False,
) -> dict[str, float]:
    """Bring pages into the lake and derive documents, duplicates and indicators from them.

    Args:
        paths: Files or folders of pages on the worker's disk; empty means the bundled samples.
        sources: A TOML sources file of URLs and listing pages to fetch over HTTP.
        db: The DuckDB file; empty means NEWSLAKE_DB or lake/newslake.duckdb.
        lake: The raw zone directory; empty means NEWSLAKE_LAKE or lake/.
        reprocess: Re-derive every stored page with the current code, without fetching.
        batch_size: Pages per task; empty means NEWSLAKE_BATCH_SIZE or 200.
        rehash: Read and hash every file, even those whose size and mtime are unchanged.
    """
    settings = load_settings(db=db, lake=lake, batch_size=batch_size, rehash=rehash or None)
    db_path, timeout = settings.work_db, settings.lock_timeout  # analysts' file: publish_snapshot
    with recorded_run(settings) as run:
        # raw zone first; the network is used outside the lake's write slot
        acquired = acquire(paths, sources, reprocess, settings, run.id)
        with lake_writer(settings.lake, settings.write_timeout, run.id):
            registration = register(acquired, settings, run.id, reprocess)
            pending = registration.pending
            run.add(registration.counts, pages_to_process=len(pending))
            if pending:  # an unchanged rerun need not load the lake's dedupe index
                replaced = quote([p.location for p in pending])
                index = dedupe_index(db_path, replaced, timeout)
                model = boilerplate_model(db_path, replaced, run.id, timeout)
                batches = make_batches(pending, settings.batch_size, model, settings.limits)
                for batch in derived_in_order(batches, settings):
                    dedupe_batch(batch, index)
                    load_batch(db_path, batch, run.id, timeout)
                    run.add_batch(batch)
            run.add(update_facts(db_path, run.id, timeout))
    publish_snapshot(settings, run.id)
    publish_run(db_path, run.id, run.counts, timeout)
    return run.result()


def with_runner(runner: str, address: str | None = None) -> Any:
    """The ingest flow on another task runner: `process` (default), `dask` or `inline`."""
    return ingest.with_options(task_runner=make_task_runner(runner, address))
