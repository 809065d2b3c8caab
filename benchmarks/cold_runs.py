"""Cold runs against the parse floor: wall time and the peak RSS of any process, paired.

    python benchmarks/cold_runs.py TREE [TREE ...] [--runs 5] [--baseline-src DIR]

For each TREE (a folder of Python files: an unpacked Django or sympy wheel), alternates in
every round, so the load of the shared machine falls on all of them alike:

- floor: read and `ast.parse` every `.py` file with 2 processes (as `compare_peers.py`);
- `codehealth check --no-cache` with the default gates, then with `--select ALL`;
- the same two with `DIR` first on `PYTHONPATH` (`git archive main pytest_codehealth | tar -x
  -C DIR`), when `--baseline-src` is given: the code before a change, in the same rounds.

Each command runs under a small Python wrapper that reports its wall time and
`getrusage(RUSAGE_CHILDREN).ru_maxrss`: the peak RSS of the largest process it started and
waited for (the main process or a pool worker). Prints medians, ratios to the floor, and the
peak RSS against the floor's. Bytecode is compiled first (this machine sets
`PYTHONDONTWRITEBYTECODE`, which would time the compiler on every run).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

FLOOR = """
import ast, sys, warnings
from multiprocessing import Pool
def parse(path):
    with open(path, "rb") as handle:
        data = handle.read()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ast.parse(data)
        except (SyntaxError, ValueError, RecursionError):
            pass
if __name__ == "__main__":
    files = [line for line in open(sys.argv[1]).read().splitlines() if line]
    with Pool(2) as pool:
        pool.map(parse, files, chunksize=16)
"""
WRAP = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps([wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime]))
"""
CHECK = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--no-cache", "."]


Measured = tuple[float, int, float]  # wall seconds, peak RSS (KiB), CPU seconds


def measure(command: list[str], cwd: Path, pythonpath: str | None = None) -> Measured:
    """Wall time, peak RSS and CPU time of `command` and everything it waited for."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    out = subprocess.run(
        [sys.executable, "-c", WRAP, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    wall, peak, cpu = json.loads(out)
    return wall, peak, cpu


def commands(tree: Path, listing: Path, baseline: str | None) -> dict[str, tuple[list[str], str]]:
    """Label -> (command, PYTHONPATH) for one tree, in the order each round runs them."""
    floor = [sys.executable, "-c", FLOOR, str(listing)]
    found = {"floor": (floor, "")}
    for label, source in (("before", baseline), ("after", None)):
        if label == "before" and source is None:
            continue
        found[f"default {label}"] = (CHECK, source or "")
        found[f"ALL {label}"] = ([*CHECK, "--select", "ALL"], source or "")
    return found


def bench(tree: Path, runs: int, baseline: str | None) -> None:
    listing = tree / ".cold-runs-files.txt"
    files = sorted(str(path) for path in tree.rglob("*.py"))
    listing.write_text("\n".join(files), encoding="utf-8")
    plan = commands(tree, listing, baseline)
    results: dict[str, list[Measured]] = {label: [] for label in plan}
    try:
        for _ in range(runs):
            for label, (command, path) in plan.items():
                results[label].append(measure(command, tree, path or None))
    finally:
        listing.unlink()
    report(tree, len(files), results)


def report(tree: Path, files: int, results: dict[str, list[Measured]]) -> None:
    floor_wall, floor_peak, floor_cpu = _summary(results["floor"])
    print(f"\n{tree} ({files} files), load average {os.getloadavg()[0]:.1f}")
    print("| run | median wall | / floor | median CPU | / floor | peak RSS | / floor's |")
    print("|---|---|---|---|---|---|---|")
    for label, measured in results.items():
        wall, peak, cpu = _summary(measured)
        print(
            f"| {label} | {wall:.2f} s | {wall / floor_wall:.2f}x | {cpu:.2f} s "
            f"| {cpu / floor_cpu:.2f}x | {peak / 1024:.2f} MiB | {peak / floor_peak:.3f}x |"
        )


def _summary(measured: list[Measured]) -> tuple[float, int, float]:
    """Median wall time, largest peak RSS, median CPU time."""
    wall = statistics.median(each[0] for each in measured)
    cpu = statistics.median(each[2] for each in measured)
    return wall, max(each[1] for each in measured), cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-src", help="the code before, first on PYTHONPATH")
    args = parser.parse_args()
    here = Path(__file__).resolve().parents[1] / "pytest_codehealth"
    for source in (here, args.baseline_src):
        if source:
            compileall.compile_dir(str(source), quiet=1)
    for tree in args.trees:
        bench(tree.resolve(), args.runs, args.baseline_src)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
