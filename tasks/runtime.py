"""One Prefect API for a whole command-line run, even without a configured server.

Prefect's ephemeral mode starts a temporary API server in each process that needs one; the
process-pool workers of a run would each start their own (≈230 MB and seconds apiece). Starting
one here and exporting its URL makes the flow and all its workers share it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def shared_api() -> Iterator[str | None]:
    """Yield the API URL in use: the configured server's, or one temporary server's."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        yield configured
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=120)
    os.environ["PREFECT_API_URL"] = server.api_url  # spawned pool workers read the environment
    try:
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()
