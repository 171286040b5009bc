"""The Prefect UI in a real browser, as an operator uses it: Custom run, Artifacts, Retry.

The stack is started the way the README and Prefect's docs say: `make server` on a port other than
4200 (so the UI has to be told where its API is), `prefect deploy --all` from the checkout and
`prefect worker start --pool newslake-pool` with no NEWSLAKE_HOME. Debian's Chromium is driven by
Playwright; every step leaves a screenshot under the stack's temporary folder (`screenshots/`).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from tests.conftest import Lake
from tests.support.browser import CHROMIUM_FLAGS, chromium_or_skip
from tests.support.prefect_server import (
    PrefectServer,
    copy_samples,
    create_pool,
    deploy_all,
    free_port,
    lake_worker_env,
    log_tail,
    make_server,
    prefect_worker,
    wait_for_terminal,
)

pytestmark = pytest.mark.server

FORM_PAGES = ("01_cq_gdp_2023.html", "02_sc_gdp_2023.html")
RETRY_PAGES = ("03_circle_2023_review.html", "14_mianyang_2023.htm")
UI_WAIT_MS = 60_000  # a page of the UI on a busy 2-core machine
RUN_TIMEOUT = 240.0  # a flow run, worker pick-up and process start included


@dataclass
class UI:
    server: PrefectServer
    root: Path
    lake: Lake
    fault_file: Path
    page: Any  # playwright.sync_api.Page
    shots: Path
    taken: list[Path] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.url.removesuffix("/api")

    def shot(self, name: str) -> Path:
        path = self.shots / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path

    def pages(self, name: str, files: tuple[str, ...]) -> Path:
        return copy_samples(self.root, name, files)

    def explain(self, flow_run_id: UUID) -> str:
        with self.server.client() as client:
            run = client.read_flow_run(flow_run_id)
        state = f"{run.state.name}: {run.state.message}" if run.state else "no state"
        return f"flow run {flow_run_id} {state}\n{log_tail(self.root / 'worker.log')}"


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UI]:
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    root = tmp_path_factory.mktemp("ui-stack")
    port = free_port()
    assert port != 4200, "the point is a port the UI was not built for"
    lake = Lake(db=root / "lake" / "newslake.duckdb", lake=root / "lake")
    fault_file = root / "fault.txt"
    worker_env = lake_worker_env(lake.db, lake.lake, fault_file)
    shots = root / "screenshots"
    shots.mkdir()
    with make_server(root, port) as server:
        create_pool(server)
        deploy_all(server)
        with (
            prefect_worker(server, env=worker_env, cwd=root),
            sync_playwright() as playwright,
        ):
            context = playwright.chromium.launch_persistent_context(
                str(root / "chromium-profile"),  # a fresh profile for this stack
                executable_path=str(chromium),
                args=CHROMIUM_FLAGS,
                headless=True,
                viewport={"width": 1400, "height": 1000},
            )
            try:
                page = context.new_page()
                page.set_default_timeout(UI_WAIT_MS)
                yield UI(server, root, lake, fault_file, page, shots)
            finally:
                context.close()
                server.write_timings()


def _nav(page: Any, item: str) -> Any:
    """An entry of the UI's side bar (links the UI marks as buttons)."""
    return page.locator("a.p-context-nav-item", has_text=re.compile(f"^{item}$"))


def _open_deployment(ui: UI, name: str) -> None:
    """Dashboard -> Deployments -> the deployment, by clicking as a person does."""
    page = ui.page
    page.goto(ui.base + "/dashboard")
    _nav(page, "Deployments").click()
    page.get_by_text("3 Deployments").wait_for()
    page.get_by_role("link", name=name, exact=True).first.click()
    page.get_by_role("button", name="Run", exact=True).wait_for()


def _custom_run(ui: UI, folder: Path, step: str) -> tuple[UUID, str]:
    """Run -> Custom run, `paths` set to one folder through the form, Submit: the new run."""
    page = ui.page
    page.get_by_role("button", name="Run", exact=True).click()
    page.get_by_text("Custom run", exact=True).click()
    page.wait_for_url(re.compile(r"/run(\?|$)"))
    page.get_by_text("paths (Optional)").wait_for()
    page.get_by_role("button", name="list", exact=True).click()  # paths: a list, not None
    page.get_by_role("button", name="Add item").click()
    page.locator("textarea").first.fill(str(folder))
    ui.shot(f"{step}-custom-run-form")
    with page.expect_response(lambda r: r.url.endswith("/create_flow_run")) as created:
        page.get_by_role("button", name="Submit").click()
    response = created.value
    assert response.status == 201, response.text()
    body = response.json()
    assert body["parameters"]["paths"] == [str(folder)], body["parameters"]
    return UUID(body["id"]), body["name"]


def _wait_in_ui(ui: UI, flow_run_id: UUID, run_name: str, state: str, step: str) -> None:
    """Open the run from the deployment's Runs list and watch it until its badge says `state`."""
    page = ui.page
    page.get_by_role("link", name=run_name, exact=True).first.click()
    page.wait_for_url(re.compile(f"/runs/flow-run/{flow_run_id}"))
    with ui.server.client() as client:
        final = wait_for_terminal(client, flow_run_id, timeout=RUN_TIMEOUT)
    assert final.state is not None and final.state.name == state, ui.explain(flow_run_id)
    deadline = time.monotonic() + 60
    badge = page.locator(".state-badge", has_text=state).first
    while not badge.is_visible() and time.monotonic() < deadline:
        page.reload()
        page.get_by_text(run_name).first.wait_for()
        time.sleep(1)
    assert badge.is_visible(), f"the run page never showed {state}"
    ui.shot(f"{step}-run-{state.lower()}")


def test_the_ui_reaches_its_api_on_another_port(ui: UI) -> None:
    page = ui.page
    page.goto(ui.base + "/dashboard")
    settings = page.request.get(ui.base + "/ui-settings").json()
    assert settings["api_url"] == ui.server.url, settings  # not http://127.0.0.1:4200/api
    _nav(page, "Dashboard").wait_for()
    ui.shot("dashboard")
    _nav(page, "Deployments").click()
    page.get_by_text("3 Deployments").wait_for()
    assert page.get_by_text("Can't connect to Server API").count() == 0
    ui.shot("deployments")


def test_a_custom_run_from_the_form_completes_and_shows_its_counts(ui: UI) -> None:
    folder = ui.pages("form-pages", FORM_PAGES)
    _open_deployment(ui, "ingest")
    ui.shot("ingest-deployment")
    flow_run_id, name = _custom_run(ui, folder, "form")
    _wait_in_ui(ui, flow_run_id, name, "Completed", "form")

    page = ui.page
    page.get_by_text("Artifacts", exact=True).click()
    page.get_by_text("ingest-counts", exact=True).wait_for()
    ui.shot("form-artifacts")
    page.get_by_text("ingest-counts", exact=True).click()
    table = page.locator("table").first
    table.wait_for()
    ui.shot("form-counts-table")
    rows = {
        row.locator("td").nth(0).inner_text().strip(): row.locator("td").nth(1).inner_text()
        for row in table.locator("tbody tr").all()
    }
    assert rows.get("pages seen") == "2" and rows.get("new") == "2", rows
    assert int(rows["indicators extracted"]) > 0, rows
    urls = {Path(u).name for (u,) in ui.lake.query("select url from v_documents")}
    assert set(FORM_PAGES) <= urls


def test_retry_from_the_ui_completes_a_run_the_fault_file_failed(ui: UI) -> None:
    folder = ui.pages("retry-pages", RETRY_PAGES)
    ui.fault_file.write_text("load 1", encoding="utf-8")
    try:
        _open_deployment(ui, "ingest")
        flow_run_id, name = _custom_run(ui, folder, "retry")
        _wait_in_ui(ui, flow_run_id, name, "Failed", "retry")
    finally:
        ui.fault_file.unlink()

    page = ui.page
    page.get_by_role("button", name="Retry").first.click()
    page.get_by_role("dialog").get_by_role("button", name="Retry").click()  # confirm
    page.get_by_role("dialog").wait_for(state="hidden")
    with ui.server.client() as client:
        deadline = time.monotonic() + 60  # the retry is scheduled, then picked up
        while client.read_flow_run(flow_run_id).run_count < 2 and time.monotonic() < deadline:
            time.sleep(1)
        done = wait_for_terminal(client, flow_run_id, timeout=RUN_TIMEOUT)
    assert done.state is not None and done.state.name == "Completed", ui.explain(flow_run_id)
    assert done.run_count == 2
    page.reload()
    page.locator(".state-badge", has_text="Completed").first.wait_for()
    ui.shot("retry-run-completed")
    [(status,)] = ui.lake.query(
        "select status from v_runs where flow_run_id = ?", [str(flow_run_id)]
    )
    assert status == "completed"
    assert all(shot.stat().st_size > 10_000 for shot in ui.taken)  # pictures, not blank files
