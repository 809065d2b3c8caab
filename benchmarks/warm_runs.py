"""Warm runs on a real tree: nothing changed, and one file changed, against ruff warm.

    python benchmarks/warm_runs.py TREE [--runs 9] [--baseline-src DIR] [--edit REL_PATH]

Copies TREE (e.g. an unpacked Django) once per tool to a temporary folder (no tool sees
another's cache or edits), fills each tool's cache, then alternates the tools in each round
(paired runs, medians): append a comment to one file and run (one changed), then run again
(warm, nothing changed): `codehealth check` (default gates), and
`ruff check --select C901,S110,S112,BLE001` when ruff is on PATH. `--baseline-src` also times
the codehealth of another source tree (a `git archive` of main's `pytest_codehealth`, put
first on PYTHONPATH) in the same rounds, for before/after figures. The "warm" run follows the
edit within the settle window (`SETTLE_NS`): the front door's memo cannot vouch for the edited
file, so it is the normal path. `--settle` waits the window out after the edit and adds two
runs: "warm, settled, first" (the memo misses on the edit and records) and "warm, settled"
(the memo's hit: nothing changed since a settled run).
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

RUFF_SELECT = "C901,S110,S112,BLE001"
# the console script's function: `cli.front` (the memo's front door), in a tree that has it
ENTRY = (
    "try:\n    from pytest_codehealth.cli.front import main\n"
    "except ImportError:\n    from pytest_codehealth.cli.main import main\n"
    "raise SystemExit(main())"
)


def _tools(baseline: Path | None) -> dict[str, tuple[list[str], dict[str, str]]]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    tools = {"codehealth": ([sys.executable, "-c", ENTRY, "check", "django"], env)}
    if baseline is not None:
        before = {**env, "PYTHONPATH": str(baseline)}
        tools["codehealth (before)"] = ([sys.executable, "-c", ENTRY, "check", "django"], before)
    ruff = shutil.which("ruff")
    if ruff:
        tools["ruff"] = ([ruff, "check", "--select", RUFF_SELECT, "django"], env)
    return tools


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def _settled(
    tools: dict[str, tuple[list[str], dict[str, str]]],
    roots: dict[str, Path],
    times: dict[str, list[float]],
) -> None:
    """After the settle window: each tool's first run, then its second (nothing changed)."""
    time.sleep(2.5)
    for suffix in ("warm, settled, first", "warm, settled"):
        for name, (command, env) in tools.items():
            times.setdefault(f"{name} {suffix}", []).append(_timed(command, roots[name], env))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline-src", type=Path)
    parser.add_argument("--edit", default="django/db/models/query.py")
    parser.add_argument("--settle", action="store_true", help="add the settled warm runs")
    args = parser.parse_args()
    tools = _tools(args.baseline_src)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        roots = {name: Path(temporary, str(index)) for index, name in enumerate(tools)}
        for root in roots.values():
            shutil.copytree(args.tree, root / "django")
            (root / ".git").mkdir()
        time.sleep(2.5)  # the copies settle: a warm run may trust their stat
        for name, (command, env) in tools.items():  # caches filled (the index needs 2 runs)
            for _ in range(2):
                subprocess.run(command, cwd=roots[name], env=env, capture_output=True, check=False)
        for round_ in range(args.runs):
            for name, (command, env) in tools.items():
                with (roots[name] / args.edit).open("a") as stream:
                    stream.write(f"# edit {round_}\n")
                times.setdefault(f"{name} one changed", []).append(
                    _timed(command, roots[name], env)
                )
                times.setdefault(f"{name} warm", []).append(_timed(command, roots[name], env))
            if args.settle:
                _settled(tools, roots, times)
    print(f"Python {sys.version.split()[0]}, {args.tree}, median of {args.runs} paired runs")
    print("| run | median |")
    print("|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
