"""Deployment steps of prefect.yaml: where a deployment's flow runs start on the worker.

`prefect deploy` records the directory it ran in (`deployed_from`, a build step); a flow run then
starts in NEWSLAKE_HOME when the worker has it set, else in that directory (`set_home`, the pull
step), so `prefect deploy --all` and `prefect worker start` work as Prefect's docs show them.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from newslake.settings import load_settings


class HomeNotFoundError(RuntimeError):
    """The worker has no newslake checkout to start a flow run in."""


def deployed_from() -> dict[str, str]:
    """Build step: the directory `prefect deploy` runs in (the checkout holding prefect.yaml)."""
    return {"directory": str(Path.cwd().resolve())}


def set_home(default: str | None = None) -> dict[str, str]:
    """Pull step: start the run in NEWSLAKE_HOME if the worker sets it, else in `default`."""
    home = load_settings().home
    recorded = default if default and "{{" not in default else None  # unrendered template: none
    if home is None and recorded is None:
        _fail(
            "NEWSLAKE_HOME is not set on this worker and the deployment recorded no directory:"
            " set NEWSLAKE_HOME to the newslake checkout flow runs should start in"
        )
    path = home or Path(recorded or "")
    if not path.is_dir():
        where = "NEWSLAKE_HOME" if home else "the directory the deployment was made from"
        _fail(
            f"{where}, {str(path)!r}, is not a directory on this worker:"
            " set NEWSLAKE_HOME to the newslake checkout flow runs should start in"
        )
    return {"directory": str(path.resolve())}


def _fail(reason: str) -> NoReturn:
    """Raise, after putting the reason in the run's logs: a failed pull step only shows a crash
    there (the traceback goes to the worker's terminal)."""
    from prefect.logging import get_logger
    from prefect.runtime import flow_run

    run_id = flow_run.get_id()
    if run_id:
        extra = {"flow_run_id": run_id, "flow_run_name": run_id}
        get_logger("prefect.flow_runs").error(reason, extra=extra)
    raise HomeNotFoundError(reason)
