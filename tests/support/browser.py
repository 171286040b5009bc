"""A real Chromium for UI tests: Debian's package, driven by Playwright through executable_path.

Playwright's own browser download is not reachable here; Debian's `chromium` is. The flags are
what a closed network and a root user need: no sandbox, no GPU, and none of Chromium's
background connections (updates, sync, field trials), each of which would be refused.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_or_skip() -> Path:
    """Debian's chromium, installed with apt-get if it is missing and we may; else skip saying why."""
    if found := shutil.which("chromium"):
        return Path(found)
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("chromium is not installed and apt-get cannot install it here (not root)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    said = []
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        said.append(f"$ {' '.join(command)}: exit {done.returncode}\n{done.stderr[-800:]}")
    if found := shutil.which("chromium"):
        return Path(found)
    pytest.skip("chromium is not installed and apt-get could not install it:\n" + "\n".join(said))
