"""Warm runs on a shared machine: wall and CPU time, before and after, against ruff.

    python benchmarks/warm_cpu.py TREE --baseline-python PYTHON [--runs 9] [--edit REL_PATH]

`warm_runs.py` with each run's CPU time (user + system of the child, from `getrusage`) beside
its wall time: on a machine whose load swings (other jobs on the same cores), the wall times
of a paired run move with the load; the CPU time of a single-process run hardly does. ruff
runs several threads, so its CPU time is above its wall time on an idle machine. Copies TREE
(the package folder, e.g. an unpacked Django's `django/`) once per tool, fills the caches,
then in each round (the tools in turn first) appends a comment to `--edit` and runs each tool
(one changed), then runs it again (warm, nothing changed). "before" is another environment's
interpreter (a normal install of main); "after" the interpreter running this script.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRY = "from pytest_codehealth.cli.main import main; raise SystemExit(main())"
RUFF_SELECT = "C901,S110,S112,BLE001"


def _tools(before: Path) -> dict[str, list[str]]:
    tools = {
        "codehealth (before)": [str(before), "-c", ENTRY, "check", "django"],
        "codehealth": [sys.executable, "-c", ENTRY, "check", "django"],
    }
    ruff = shutil.which("ruff")
    if ruff:
        tools["ruff"] = [ruff, "check", "--select", RUFF_SELECT, "django"]
    return tools


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--baseline-python", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--edit", default="django/db/models/query.py")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    tools = _tools(args.baseline_python)
    times: dict[str, list[tuple[float, float]]] = {}
    loads = []
    with tempfile.TemporaryDirectory() as temporary:
        roots = {name: Path(temporary, str(index)) for index, name in enumerate(tools)}
        for root in roots.values():
            shutil.copytree(args.tree, root / "django")
            (root / ".git").mkdir()
        time.sleep(2.5)  # the copies settle: a warm run may trust their stat
        for name, command in tools.items():  # caches filled (the index needs 2 runs)
            for _ in range(2):
                subprocess.run(command, cwd=roots[name], env=env, capture_output=True, check=False)
        for round_ in range(args.runs):
            names = list(tools)
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                with (roots[name] / args.edit).open("a") as stream:
                    stream.write(f"# edit {round_}\n")
                times.setdefault(f"{name} one changed", []).append(
                    _timed(tools[name], roots[name], env)
                )
                times.setdefault(f"{name} warm", []).append(_timed(tools[name], roots[name], env))
            loads.append(os.getloadavg()[0])
    print(f"Python {sys.version.split()[0]}, {args.tree}, edit {args.edit}, {args.runs} rounds,")
    print(f"load average {min(loads):.1f} to {max(loads):.1f}")
    print("| run | median wall | median CPU |")
    print("|---|---|---|")
    for name, values in times.items():
        wall = statistics.median(value[0] for value in values) * 1000
        cpu = statistics.median(value[1] for value in values) * 1000
        print(f"| {name} | {wall:.0f} ms | {cpu:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
