"""The pre-commit figure a user sees: the all-gates hook on a commit that touches 12 files.

    python benchmarks/precommit_files.py TREE [--runs 9] [--files 12] [--baseline-src DIR]

TREE is a folder holding a package (e.g. an unpacked Django, `TREE/django/...`). The hook is
the `codehealth` one of `.pre-commit-hooks.yaml`: `codehealth check` and the file names, in
one process (`require_serial: true`), as pre-commit runs it. The files are spread evenly over
the tree's sorted Python files. Three runs per round, alternated (in turn first) with the
`--baseline-src` tree's (a `git archive` of main's `pytest_codehealth`, first on PYTHONPATH)
in the same rounds, medians:

- cold: no `.codehealth_cache` (a fresh clone, or a cache cleaned away: the filled one is
  moved aside for this run);
- warm, edited: the whole tree checked before (twice: the index needs settled files), then
  each of the files gets a comment appended (what a commit usually is: bodies edited, no
  module's exports changed);
- warm, unchanged: the same files again (the hook re-run after a failed commit), within the
  settle window of the edit (`SETTLE_NS`): the front door's memo cannot vouch for the files.

`--settle` waits the window out and adds two runs: "unchanged, settled, first" (the memo
misses on the edit and records) and "unchanged, settled" (a memo hit).
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

# the console script's function: `cli.front` (the memo's front door), in a tree that has it
ENTRY = (
    "try:\n    from pytest_codehealth.cli.front import main\n"
    "except ImportError:\n    from pytest_codehealth.cli.main import main\n"
    "raise SystemExit(main())"
)
HOOK_ARGS = ["check"]  # `entry: codehealth check` of the `codehealth` hook, no `args`


def _picked(root: Path, count: int) -> list[str]:
    files = sorted(str(path.relative_to(root)) for path in root.rglob("*.py"))
    step = max(1, len(files) // count)
    return files[step // 2 :: step][:count]


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    return time.perf_counter() - start


def _round(
    name: str, root: Path, files: list[str], env: dict[str, str], round_: int, *, settle: bool
) -> dict[str, float]:
    """One round for one tool: cold (its cache moved aside), warm edited, warm unchanged."""
    hook = [sys.executable, "-c", ENTRY, *HOOK_ARGS, *files]
    cache, kept = root / ".codehealth_cache", root / ".codehealth_cache.kept"
    cache.rename(kept)
    times = {f"{name} cold": _timed(hook, root, env)}
    shutil.rmtree(cache)
    kept.rename(cache)
    for relative in files:
        with (root / relative).open("a") as stream:
            stream.write(f"# edit {round_}\n")
    times[f"{name} warm, edited"] = _timed(hook, root, env)
    times[f"{name} warm, unchanged"] = _timed(hook, root, env)
    if settle:
        time.sleep(2.5)
        times[f"{name} warm, unchanged, settled, first"] = _timed(hook, root, env)
        times[f"{name} warm, unchanged, settled"] = _timed(hook, root, env)
    return times


def _measured(
    tools: dict[str, dict[str, str]], tree: Path, count: int, runs: int, settle: bool
) -> tuple[list[str], dict[str, list[float]]]:
    """The files picked, and each run's times over `runs` paired rounds."""
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as temporary:
        roots = {name: Path(temporary, str(index)) for index, name in enumerate(tools)}
        for root in roots.values():
            shutil.copytree(tree, root)
            (root / ".git").mkdir(exist_ok=True)
        files = _picked(next(iter(roots.values())), count)
        time.sleep(2.5)  # the copies settle: a warm run may trust their stat
        whole = [sys.executable, "-c", ENTRY, *HOOK_ARGS, "."]
        for name, env in tools.items():  # the cache filled, as by earlier commits
            for _ in range(2):
                subprocess.run(whole, cwd=roots[name], env=env, capture_output=True, check=False)
        for round_ in range(runs):
            order = (
                list(tools) if round_ % 2 == 0 else list(reversed(tools))
            )  # no tool always first
            for name in order:
                for key, value in _round(
                    name, roots[name], files, tools[name], round_, settle=settle
                ).items():
                    times.setdefault(key, []).append(value)
    return files, times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--files", type=int, default=12)
    parser.add_argument("--baseline-src", type=Path)
    parser.add_argument("--settle", action="store_true", help="add the settled unchanged runs")
    args = parser.parse_args()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    tools = {"codehealth": env}
    if args.baseline_src is not None:
        tools["codehealth (before)"] = {**env, "PYTHONPATH": str(args.baseline_src)}
    files, times = _measured(tools, args.tree, args.files, args.runs, args.settle)
    print(f"Python {sys.version.split()[0]}, {args.tree}, {len(files)} files, hook args")
    print(f"`codehealth {' '.join(HOOK_ARGS)} FILES`, median of {args.runs} paired runs")
    print("| run | median |")
    print("|---|---|")
    for name, values in times.items():
        print(f"| {name} | {statistics.median(values) * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
