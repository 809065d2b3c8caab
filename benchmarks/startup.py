"""Start-up: what a hook pays before it checks anything, against Python's own start.

    python benchmarks/startup.py [--runs 21] [--baseline-src DIR | --baseline-python PYTHON]

Runs, alternating them in each round (paired runs), with the interpreter running this script:
`python -c pass`, `codehealth --help`, `codehealth check small.py` (a 5-line file, default
gates, cache on and warm, as a hook runs it: with the front door, a memo hit) and, when
`ruff` is on PATH, `ruff check small.py`.
Prints the median wall time of each and its ratio to `python -c pass`. `--baseline-src` also
times the two codehealth commands from another source tree (a `git archive` of main's
`pytest_codehealth`, first on PYTHONPATH) in the same rounds, for before/after figures;
`--baseline-python` times them with another environment's interpreter instead (a venv with a
normal, non-editable `pip install` of the other tree: PYTHONPATH does not override an editable
install's finder, and an editable install's finder costs start-up time a user does not pay).

Bytecode is written once before timing (a wheel install compiles it; an environment with
`PYTHONDONTWRITEBYTECODE` would otherwise time the compiler on every run).
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

SMALL = "import os\n\n\ndef here():\n    return os.getcwd()\n"

# the console script's function: `cli.front` (the memo's front door), in a tree that has it
ENTRY = (
    "try:\n    from pytest_codehealth.cli.front import main\n"
    "except ImportError:\n    from pytest_codehealth.cli.main import main\n"
    "raise SystemExit(main())"
)

Command = tuple[list[str], dict[str, str]]


def _commands(folder: Path, baseline: Path | None, other: Path | None) -> dict[str, Command]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    entry = ENTRY
    codehealth = [sys.executable, "-c", entry]
    commands = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "codehealth --help": ([*codehealth, "--help"], env),
        "codehealth check small.py": ([*codehealth, "check", str(folder / "small.py")], env),
    }
    if baseline is not None:
        before = {**env, "PYTHONPATH": str(baseline)}
        commands["codehealth --help (before)"] = ([*codehealth, "--help"], before)
        small = [*codehealth, "check", str(folder / "small.py")]
        commands["codehealth check small.py (before)"] = (small, before)
    if other is not None:
        before = [str(other), "-c", entry]
        commands["codehealth --help (before)"] = ([*before, "--help"], env)
        small = [*before, "check", str(folder / "small.py")]
        commands["codehealth check small.py (before)"] = (small, env)
    ruff = shutil.which("ruff")
    if ruff:
        commands["ruff check small.py"] = ([ruff, "check", str(folder / "small.py")], env)
    return commands


def _timed(command: Command, cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command[0], cwd=cwd, env=command[1], stdout=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=21)
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument("--baseline-src", type=Path)
    baseline.add_argument("--baseline-python", type=Path)
    args = parser.parse_args()
    runs = args.runs
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "small.py").write_text(SMALL)
        commands = _commands(folder, args.baseline_src, args.baseline_python)
        for command, env in commands.values():  # bytecode and the caches written, disks warm
            subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
        time.sleep(2.5)  # the file and the cache folder settle: the front door's memo records
        for command, env in commands.values():
            subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(runs):
            order = (
                list(commands)[round_ % len(commands) :] + list(commands)[: round_ % len(commands)]
            )
            for name in order:
                times[name].append(_timed(commands[name], folder))
    floor = statistics.median(times["python -c pass"])
    load = os.getloadavg()[0]
    print(f"Python {sys.version.split()[0]}, median of {runs} paired runs, load average {load:.1f}")
    print("| run | median | ratio to `python -c pass` |")
    print("|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median * 1000:.0f} ms | {median / floor:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
