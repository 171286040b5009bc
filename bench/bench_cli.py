"""Wall time of `newslake run` as a user sees it: a first run on the samples, then unchanged reruns.

Each run is a fresh process with Prefect's default logging and its own temporary API, in a fresh
folder (lake and PREFECT_HOME), so start-up, the flow and the exit are all in the figure. Prints one
JSON line per run (wall seconds, CPU seconds of the process and its children, whether the exit
error line appeared), then the median unchanged rerun.

    .venv/bin/python -m bench.bench_cli                      # 1 first run + 5 unchanged reruns
    .venv/bin/python -m bench.bench_cli --reruns 3 --newslake /other/clone/.venv/bin/newslake
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EXIT_ERROR = "Error logging to API"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(newslake: str, folder: Path) -> dict[str, object]:
    """One `newslake run` on the bundled samples in `folder`; wall and CPU seconds, exit error."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSLAKE_"))}
    env["PREFECT_HOME"] = str(folder / "prefect-home")
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run(
        [
            newslake,
            "run",
            "--db",
            str(folder / "lake" / "n.duckdb"),
            "--lake",
            str(folder / "lake"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(_children_cpu() - cpu, 2),
        "exit_status": done.returncode,
        "exit_error_line": EXIT_ERROR in done.stderr,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=5, help="unchanged reruns after the first")
    parser.add_argument(
        "--newslake",
        default=str(Path(sys.executable).parent / "newslake"),
        help="the newslake command to time (default: this venv's)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        folder = Path(tmp)
        first = run_once(args.newslake, folder)
        print(json.dumps({"run": "first", **first}), flush=True)
        reruns = []
        for n in range(1, args.reruns + 1):
            rerun = run_once(args.newslake, folder)
            reruns.append(rerun)
            print(json.dumps({"run": f"unchanged {n}", **rerun}), flush=True)
    if reruns:
        walls = [float(r["wall_s"]) for r in reruns]  # type: ignore[arg-type]
        errors = sum(bool(r["exit_error_line"]) for r in [first, *reruns])
        print(
            f"unchanged rerun: median {statistics.median(walls):.1f} s wall"
            f" (min {min(walls):.1f}, max {max(walls):.1f}); exit error line in {errors} of"
            f" {len(reruns) + 1} runs"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
