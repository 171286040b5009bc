"""Reading back what the test-harness Prefect API recorded about the latest flow run."""

from __future__ import annotations

import asyncio


def latest_task_states() -> dict[str, str]:
    """Task-run name -> state name (Completed, Cached, …) of the most recently started flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def read() -> dict[str, str]:
        async with get_client() as client:
            [latest] = await client.read_flow_runs(limit=1, sort="START_TIME_DESC")
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[latest.id]))
            )
        return {run.name: run.state.name for run in runs if run.state}

    return asyncio.run(read())
