"""Whether the worker the front door starts ahead for the changed file pays, on a real tree.

    python benchmarks/worker_ahead.py TREE [--runs 9] [--edit django/db/models/query.py]

The same install run two ways, in paired rounds (their order alternating) on two copies of
TREE (e.g. an unpacked Django, copied as `django/`), through the console script's function
(`cli.front`) with its test of an idle core (`_spare_core`) answered yes ("worker") or no ("no
worker"). Each round appends a comment to the `--edit` file and times the run (one changed),
then runs again (warm, within the settle window: the next round's memo entry). Medians, the
fastest run, and the load average: the worker pays only when the second core is idle.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENTRY = (
    "import pytest_codehealth.cli.front as front\nfront._spare_core = lambda: {on}\n"
    "raise SystemExit(front.main())"
)
SIDES = {"worker": "True", "no worker": "False"}
SETTLE_S = 2.5  # `SETTLE_NS`, and a margin


def _timed(on: str, cwd: Path) -> float:
    start = time.perf_counter()
    command = [sys.executable, "-c", ENTRY.format(on=on), "check", "django"]
    subprocess.run(command, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--edit", default="django/db/models/query.py")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        roots = {side: Path(scratch) / side.replace(" ", "-") for side in SIDES}
        for root in roots.values():
            shutil.copytree(args.tree, root / "django")
            _timed("False", root)  # the cache filled
        time.sleep(SETTLE_S)
        for side, root in roots.items():
            _timed(SIDES[side], root)  # settled: the memo holds the run
        times: dict[str, list[float]] = {side: [] for side in SIDES}
        loads = []
        for round_ in range(args.runs):
            order = list(SIDES) if round_ % 2 == 0 else list(SIDES)[::-1]
            for side in order:
                with (roots[side] / args.edit).open("a") as stream:
                    stream.write(f"# edit {round_}\n")
                times[side].append(_timed(SIDES[side], roots[side]))
                _timed(SIDES[side], roots[side])
            loads.append(os.getloadavg()[0])
    print(f"Python {sys.version.split()[0]}, {args.tree}, edit {args.edit}, {args.runs} rounds")
    print("| run | median | fastest |\n|---|---|---|")
    for side, values in times.items():
        median, fastest = statistics.median(values) * 1000, min(values) * 1000
        print(f"| one changed, {side} | {median:.0f} ms | {fastest:.0f} ms |")
    print(f"load average {min(loads):.1f} to {max(loads):.1f}")


if __name__ == "__main__":
    main()
