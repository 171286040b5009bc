"""newslake on a real self-hosted Prefect server, end to end, as an operator runs it.

One server, work pool, deployment (from the repository's prefect.yaml) and process worker for the
whole session; every flow run below is created through the API the UI uses and executed by the
worker in its own process, writing to a lake in a temporary folder (NEWSLAKE_DB / NEWSLAKE_LAKE
in the worker's environment, as on a real worker machine).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import FlowRun, StateType, TaskRun

from newslake.tasks.report import SUMMARY_ROWS
from newslake.tasks.runtime import LAKE_WRITE_LIMIT
from tests.conftest import Lake
from tests.support.prefect_server import (
    POOL,
    REPO,
    TERMINAL,
    PrefectServer,
    copy_samples,
    create_pool,
    deploy_all,
    deployment,
    flow_run_logs,
    lake_worker_env,
    log_tail,
    prefect_server,
    prefect_worker,
    read_artifacts,
    retry_like_ui,
    run_deployment_like_ui,
    scheduled_runs,
    table_rows,
    wait_for_terminal,
)

pytestmark = pytest.mark.server

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUN_PAGES = ("01_cq_gdp_2023.html", "02_sc_gdp_2023.html", "09_liangjiang_gbk.txt")
RETRY_PAGES = ("03_circle_2023_review.html", "08_tianfu_gb2312.html", "14_mianyang_2023.htm")
DERIVE_STEPS = ("derive",)  # decode, clean, fingerprint and extract of a batch: one task
LABEL = {key: label.strip() for label, key in SUMMARY_ROWS}  # counts key -> artifact row label


@dataclass(frozen=True)
class Stack:
    server: PrefectServer
    lake: Lake
    fault_file: Path  # NEWSLAKE_FAULT_FILE of the worker: absent = no fault
    root: Path

    def pages(self, name: str, files: tuple[str, ...]) -> Path:
        return copy_samples(self.root, name, files)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("prefect-stack")
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    fault_file = root / "fault.txt"
    # As Prefect's docs start a worker: no NEWSLAKE_HOME, and not from the checkout, so the pull
    # step has to fall back to the directory `prefect deploy --all` ran in.
    worker_env = lake_worker_env(lake.db, lake.lake, fault_file)
    with prefect_server(root) as server:
        create_pool(server)
        deploy_all(server)
        try:
            with prefect_worker(server, env=worker_env, cwd=root):
                yield Stack(server, lake, fault_file, root)
        finally:
            server.write_timings()


@pytest.fixture
def client(stack: Stack) -> Iterator[SyncPrefectClient]:
    with stack.server.client() as client:
        yield client


def _explain(stack: Stack, run: FlowRun) -> str:
    """Why a run ended as it did: its state message and the worker's last log lines."""
    state = f"{run.state.name}: {run.state.message}" if run.state else "no state"
    return f"flow run {run.id} {state}\n--- worker.log ---\n{log_tail(stack.root / 'worker.log')}"


def _assert_completed(stack: Stack, run: FlowRun) -> None:
    assert run.state is not None and run.state.type == StateType.COMPLETED, _explain(stack, run)


def _run(client: SyncPrefectClient, name: str, parameters: dict, timeout: float = 90) -> FlowRun:
    created = run_deployment_like_ui(client, deployment(client, name).id, parameters)
    return wait_for_terminal(client, created.id, timeout=timeout)


def _took(run: FlowRun) -> float:
    """Seconds from creating the run to its end: worker pick-up, process start and the flow."""
    return (run.end_time - run.created).total_seconds() if run.end_time and run.created else -1


def _counts_table(client: SyncPrefectClient, flow_run_id: UUID) -> dict[str, int]:
    tables = [
        a
        for a in read_artifacts(client, flow_run_id)
        if a.type == "table" and a.key == "ingest-counts"
    ]
    assert len(tables) == 1, [(a.key, a.type) for a in read_artifacts(client, flow_run_id)]
    rows = table_rows(tables[0])
    return {row["stage"]: row["this run"] for row in rows}


def _v_run(lake: Lake, flow_run_id: UUID) -> dict:
    """The run as the working file records it: a failed run is never published to readers."""
    columns = "status, pages_seen, pages_new, pages_unchanged, documents, error"
    rows = lake.query(
        f"select {columns} from v_runs where flow_run_id = ?", [str(flow_run_id)], work=True
    )
    assert len(rows) == 1, f"v_runs rows for flow run {flow_run_id}: {rows}"
    return dict(zip(columns.split(", "), rows[0], strict=True))


def _lake_totals(lake: Lake) -> tuple[int, int, int]:
    return lake.query(
        "select (select count(*) from v_documents), (select count(*) from v_indicators),"
        " (select count(*) from v_mentions)"
    )[0]


# --- deployments from prefect.yaml -------------------------------------------------------------


def test_ingest_is_deployed_on_a_cron_in_shanghai_time(client: SyncPrefectClient) -> None:
    ingest = deployment(client, "ingest")
    assert ingest.entrypoint == "newslake.flows.ingest:ingest"  # the installed package's module
    assert ingest.work_pool_name == POOL
    assert len(ingest.schedules) == 1
    schedule = ingest.schedules[0]
    assert schedule.active
    assert schedule.schedule.cron == "0 6 * * *"
    assert schedule.schedule.timezone == "Asia/Shanghai"


def test_reprocess_is_deployed_to_run_on_demand(client: SyncPrefectClient) -> None:
    reprocess = deployment(client, "reprocess")
    assert reprocess.work_pool_name == POOL
    assert reprocess.schedules == []
    assert reprocess.parameters.get("reprocess") is True


@pytest.mark.parametrize("name", ["ingest", "reprocess"])
def test_runs_start_where_the_deployment_was_made_unless_newslake_home_says(
    client: SyncPrefectClient, name: str
) -> None:
    """The pull step reads NEWSLAKE_HOME on the worker, else the directory recorded at deploy."""
    steps = deployment(client, name).pull_steps
    assert steps == [{"newslake.tasks.deployment.set_home": {"default": str(REPO)}}], steps


@pytest.mark.parametrize("name", ["ingest", "reprocess"])
def test_a_deployment_never_runs_twice_at_once(client: SyncPrefectClient, name: str) -> None:
    found = deployment(client, name)
    assert found.global_concurrency_limit is not None, "prefect.yaml: concurrency_limit missing"
    assert found.global_concurrency_limit.limit == 1
    assert found.concurrency_options is not None
    assert found.concurrency_options.collision_strategy == "ENQUEUE"


def test_parameters_render_as_a_typed_form(client: SyncPrefectClient) -> None:
    """The UI builds the Custom run form from this schema: types, bounds and help text."""
    schema = deployment(client, "ingest").parameter_openapi_schema
    props = schema["properties"]
    assert {"paths", "sources", "reprocess", "batch_size", "db", "lake"} <= set(props)
    assert props["reprocess"]["type"] == "boolean"
    assert {"type": "array", "items": {"type": "string"}} in props["paths"]["anyOf"]
    sizes = [t for t in props["batch_size"]["anyOf"] if t.get("type") == "integer"]
    assert sizes and sizes[0].get("minimum") == 1, props["batch_size"]
    missing = [
        name
        for name in ("paths", "sources", "reprocess", "batch_size")
        if not props[name].get("description")
    ]
    assert not missing, f"no help text in the run form for {missing}"


def test_the_scheduler_plans_runs_at_six_in_shanghai(
    stack: Stack, client: SyncPrefectClient
) -> None:
    ingest = deployment(client, "ingest")
    deadline = time.monotonic() + 30  # the scheduler loops every 5 s here
    runs = scheduled_runs(client, ingest.id)
    while not runs and time.monotonic() < deadline:
        time.sleep(1)
        runs = scheduled_runs(client, ingest.id)
    errors = [
        line for line in log_tail(stack.root / "server.log", 400).splitlines() if "Error" in line
    ]
    assert runs, "the server's scheduler created no runs; server.log:\n" + "\n".join(errors[-5:])
    local = sorted(r.expected_start_time.astimezone(SHANGHAI) for r in runs)
    assert all((t.hour, t.minute) == (6, 0) for t in local), local
    assert local[0] > datetime.now(SHANGHAI)


# --- runs through the worker -------------------------------------------------------------------


@pytest.fixture(scope="session")
def first_run(stack: Stack) -> FlowRun:
    with stack.server.client() as client:
        folder = stack.pages("pages", RUN_PAGES)
        run = _run(client, "ingest", {"paths": [str(folder)]})
    stack.server.timings["flow run: first ingest"] = _took(run)
    return run


def test_a_run_from_the_ui_fills_the_lake(
    stack: Stack, client: SyncPrefectClient, first_run: FlowRun
) -> None:
    _assert_completed(stack, first_run)
    urls = {Path(u).name for (u,) in stack.lake.query("select url from v_documents")}
    assert set(RUN_PAGES) <= urls
    assert _v_run(stack.lake, first_run.id) == {
        "status": "completed",
        "pages_seen": 3,
        "pages_new": 3,
        "pages_unchanged": 0,
        "documents": 3,
        "error": None,
    }
    # The DuckDB writes of every run and deployment share one slot on the server.
    write_limit = client.read_global_concurrency_limit_by_name(LAKE_WRITE_LIMIT)
    assert (write_limit.limit, write_limit.active) == (1, True)
    counts = _counts_table(client, first_run.id)
    assert counts[LABEL["pages_seen"]] == 3
    assert counts[LABEL["pages_new"]] == 3
    assert counts[LABEL["documents"]] == 3
    assert counts[LABEL["indicators"]] > 0


def test_a_second_run_adds_nothing(
    stack: Stack, client: SyncPrefectClient, first_run: FlowRun
) -> None:
    _assert_completed(stack, first_run)
    before = _lake_totals(stack.lake)
    second = _run(client, "ingest", {"paths": [str(stack.root / "pages")]})
    stack.server.timings["flow run: unchanged ingest"] = _took(second)
    _assert_completed(stack, second)
    assert second.id != first_run.id
    assert _lake_totals(stack.lake) == before
    row = _v_run(stack.lake, second.id)
    assert (row["status"], row["pages_new"], row["pages_unchanged"], row["documents"]) == (
        "completed",
        0,
        3,
        0,
    )
    counts = _counts_table(client, second.id)
    assert counts[LABEL["pages_unchanged"]] == 3
    assert counts[LABEL["pages_new"]] == 0
    assert counts[LABEL["documents"]] == 0


def test_two_runs_at_once_queue_instead_of_writing_together(
    stack: Stack, client: SyncPrefectClient, first_run: FlowRun
) -> None:
    """A scheduled run and a manual one: the second waits for the deployment's slot."""
    _assert_completed(stack, first_run)
    ingest = deployment(client, "ingest")
    parameters = {"paths": [str(stack.root / "pages")]}
    created = [run_deployment_like_ui(client, ingest.id, parameters) for _ in range(2)]
    runs = [wait_for_terminal(client, run.id, timeout=120) for run in created]
    for run in runs:
        _assert_completed(stack, run)
    waited = [
        run.id
        for run in runs
        if any(s.name == "AwaitingConcurrencySlot" for s in client.read_flow_run_states(run.id))
    ]
    assert len(waited) == 1, "exactly one of the two runs should have queued for the slot"
    spans = sorted(
        stack.lake.query(
            "select started_at, finished_at from v_runs where flow_run_id in (?, ?)",
            [str(run.id) for run in runs],
        )
    )
    assert len(spans) == 2
    assert spans[0][1] <= spans[1][0], f"the runs overlapped: {spans}"


def _task_runs(
    client: SyncPrefectClient, flow_run_id: UUID, attempt: int, steps: set[str]
) -> list[TaskRun]:
    """The task runs of one attempt of a flow run, once the server has recorded them all.

    The server records task runs from events, a moment after they happen, so a flow run can be
    Completed before its last task runs are; wait until every step is there and final.
    """
    runs_of = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    deadline = time.monotonic() + 30
    while True:
        runs = client.read_task_runs(flow_run_filter=runs_of)
        runs = [r for r in runs if r.flow_run_run_count == attempt]
        seen = {r.name.rsplit("-", 1)[0] for r in runs}  # task run names are "<step>-<suffix>"
        settled = all(r.state is not None and r.state.type in TERMINAL for r in runs)
        if (steps <= seen and settled) or time.monotonic() > deadline:
            return runs
        time.sleep(0.5)


def test_retry_from_the_ui_resumes_where_the_run_failed(
    stack: Stack, client: SyncPrefectClient
) -> None:
    """Batches of one page; the third is derived, then its load fails; Retry only loads it."""
    folder = stack.pages("retry-pages", RETRY_PAGES)
    stack.fault_file.write_text("load 3", encoding="utf-8")
    try:
        failed = _run(client, "ingest", {"paths": [str(folder)], "batch_size": 1})
    finally:
        stack.fault_file.unlink()
    assert failed.state.type == StateType.FAILED, _explain(stack, failed)
    assert "injected fault in load of batch 3" in (failed.state.message or "")
    assert _v_run(stack.lake, failed.id)["status"] == "failed"

    retried_at = datetime.now(UTC)
    assert retry_like_ui(client, failed.id).name == "AwaitingRetry"
    done = wait_for_terminal(client, failed.id, timeout=90)
    stack.server.timings["flow run: faulty ingest"] = _took(failed)
    stack.server.timings["flow run: retry"] = (done.end_time - retried_at).total_seconds()
    _assert_completed(stack, done)
    assert done.run_count == 2
    assert _v_run(stack.lake, failed.id)["status"] == "completed"

    second_try = _task_runs(client, failed.id, 2, {*DERIVE_STEPS, "load"})
    derived: dict[str, list[str]] = {}
    for run in second_try:
        step = run.name.rsplit("-", 1)[0]
        if step in DERIVE_STEPS:
            derived.setdefault(step, []).append(run.state.name)
    # Only the unfinished batch came back, and its derived result was read from lake/staged.
    assert derived == {"derive": ["Cached"]}
    assert len([r for r in second_try if r.name.startswith("load-")]) == 1
    loaded = stack.lake.query(
        "select url, processed_at from v_documents where url like ?", [f"%/{folder.name}/%"]
    )
    assert len(loaded) == 3
    reloaded = [url for url, at in loaded if at > retried_at]
    assert len(reloaded) == 1, f"loaded again by the retry: {reloaded}"


def test_a_deployment_made_from_a_folder_that_is_gone_fails_naming_newslake_home(
    stack: Stack, client: SyncPrefectClient
) -> None:
    """Deployed from a copy of prefect.yaml elsewhere, then the copy is deleted: the worker has
    no NEWSLAKE_HOME and no recorded folder, and the run says what to set."""
    elsewhere = stack.root / "deployed-elsewhere"
    elsewhere.mkdir()
    config = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
    config.pop("definitions", None)
    config["deployments"] = [
        {
            "name": "ingest-moved",
            "entrypoint": "newslake.flows.ingest:ingest",
            "work_pool": {"name": POOL},
        }
    ]
    (elsewhere / "prefect.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    deploy_all(stack.server, cwd=elsewhere)
    moved = deployment(client, "ingest-moved")
    assert moved.pull_steps == [
        {"newslake.tasks.deployment.set_home": {"default": str(elsewhere.resolve())}}
    ]
    shutil.rmtree(elsewhere)

    run = wait_for_terminal(client, run_deployment_like_ui(client, moved.id).id, timeout=90)
    assert run.state is not None and run.state.type == StateType.CRASHED, _explain(stack, run)
    # The run's Logs tab says why, and what to set.
    logs = "\n".join(flow_run_logs(client, run.id, containing="NEWSLAKE_HOME"))
    assert "NEWSLAKE_HOME" in logs and str(elsewhere.resolve()) in logs, logs[-3000:]
