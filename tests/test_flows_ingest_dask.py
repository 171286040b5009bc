"""The ingest-dask deployment variant: the ingest flow itself under another name, on a Dask task
runner whose scheduler is NEWSLAKE_DASK_ADDRESS when the module is imported (no cluster is started
here; tests/test_tasks_runtime.py runs the flow on one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from prefect.task_runners import ProcessPoolTaskRunner
from prefect_dask import DaskTaskRunner

from newslake.flows.ingest import ingest
from newslake.flows.ingest_dask import ingest_dask
from tests.conftest import REPO

# What a worker's flow-run process sees when it imports the deployment's entrypoint.
IMPORT_ON_A_WORKER = """
import importlib, json, os
import newslake.flows.ingest_dask as module
seen = [module.ingest_dask.task_runner.address]
os.environ["NEWSLAKE_DASK_ADDRESS"] = "   "
seen.append(importlib.reload(module).ingest_dask.task_runner.address)
del os.environ["NEWSLAKE_DASK_ADDRESS"]
runner = importlib.reload(module).ingest_dask.task_runner
seen.append(runner.address)
seen.append([runner._client is None, runner._cluster is None, runner._started])
print(json.dumps(seen))
"""


def test_the_variant_is_named_ingest_dask_and_runs_on_dask() -> None:
    assert ingest_dask.name == "ingest-dask"
    assert isinstance(ingest_dask.task_runner, DaskTaskRunner)
    assert ingest_dask.task_runner.cluster_class is None  # prefect-dask's own LocalCluster


def test_the_variant_is_the_ingest_flow_with_the_same_parameters() -> None:
    assert ingest_dask.fn is ingest.fn
    assert ingest_dask.parameters == ingest.parameters
    assert ingest_dask.version == ingest.version
    assert ingest_dask.log_prints is False


def test_making_the_variant_leaves_the_ingest_flow_on_its_process_pool() -> None:
    assert ingest.name == "ingest"
    assert isinstance(ingest.task_runner, ProcessPoolTaskRunner)
    assert ingest.task_runner is not ingest_dask.task_runner


def test_the_scheduler_address_is_read_when_the_entrypoint_is_imported() -> None:
    env = {**os.environ, "NEWSLAKE_DASK_ADDRESS": "tcp://10.1.2.3:8786"}
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ON_A_WORKER],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    address, blank, unset, idle = json.loads(done.stdout.strip().splitlines()[-1])
    assert address == "tcp://10.1.2.3:8786"
    assert blank is None  # a blank variable means "no address": a temporary local cluster
    assert unset is None
    assert idle == [True, True, False]  # importing connects to nothing
