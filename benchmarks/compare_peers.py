"""Time codehealth against the parse floor and its peers on real code bases.

    python benchmarks/compare_peers.py [--runs 5] [--pylint-runs 3] [--output docs/benchmarks.md]

Installs pinned ruff, pylint, radon and xenon into a temporary venv, downloads pinned
releases of Django and SQLAlchemy (wheels: their Python sources), and measures, alternating
the commands and taking the median of `--runs` wall-clock runs:

- floor: read and `ast.parse` every file with 2 processes;
- codehealth cold (`--no-cache`; the default gates, and every rule), warm (cache full,
  nothing changed), one changed file with a warm cache, and a single-file run as
  pre-commit does it;
- ruff (C901, S110, SIM105, BLE001) cold and warm, xenon, radon cc, pylint (closest checks).

Peak memory of the codehealth runs comes from `resource.getrusage(RUSAGE_CHILDREN)`.
Writes a Markdown table with ratios to the floor. Needs the network to the package index.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

PEERS = ["ruff==0.17.6", "pylint==4.1.4", "radon==6.0.1", "xenon==0.9.3"]
CODE_BASES = {"Django 5.2.19": "django==5.2.19", "SQLAlchemy 2.0.44": "sqlalchemy==2.0.44"}
PYLINT_CHECKS = "C0302,W0702,W0718,W0107,R1260"
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
    files = sys.argv[1:]
    with Pool(2) as pool:
        pool.map(parse, files, chunksize=16)
"""


def _run(command: list[str], cwd: Path) -> None:
    subprocess.run(
        command, check=False, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _timed(command: list[str], cwd: Path, before: Callable[[], None] | None = None) -> float:
    if before is not None:
        before()
    start = time.perf_counter()
    _run(command, cwd)
    return time.perf_counter() - start


def _setup(work: Path) -> tuple[Path, dict[str, Path]]:
    venv = work / "peers"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *PEERS]
    subprocess.run(pip, check=True)
    trees = {}
    for label, requirement in CODE_BASES.items():
        wheels = work / "wheels" / label.split()[0]
        download = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
        subprocess.run(
            [*download, "--only-binary=:all:", "-d", str(wheels), requirement], check=True
        )
        tree = work / "src" / label.split()[0]
        for wheel in wheels.glob("*.whl"):
            with zipfile.ZipFile(wheel) as archive:
                archive.extractall(tree)
        trees[label] = tree
    return venv / "bin", trees


def _py_files(tree: Path) -> list[str]:
    return sorted(str(path) for path in tree.rglob("*.py"))


def _measure(tree: Path, peers: Path, runs: int, pylint_runs: int) -> dict[str, float]:
    files = _py_files(tree)
    codehealth = [str(Path(sys.executable).parent / "codehealth"), "check"]  # the default gates
    floor_script = tree.parent / "floor.py"
    floor_script.write_text(FLOOR)
    one = Path(files[len(files) // 2])
    original = one.read_bytes()

    def touch_one() -> None:
        one.write_bytes(original + f"\n# edit {time.perf_counter_ns()}\n".encode())

    cache = tree / ".codehealth_cache"
    commands: dict[str, tuple[list[str], Callable[[], None] | None]] = {
        "floor: read + ast.parse, 2 processes": ([sys.executable, str(floor_script), *files], None),
        "codehealth cold (default gates, --no-cache)": ([*codehealth, "--no-cache", "."], None),
        "codehealth cold (--select ALL, --no-cache)": (
            [*codehealth, "--select", "ALL", "--no-cache", "."],
            None,
        ),
        "codehealth warm (nothing changed)": ([*codehealth, "."], None),
        "codehealth warm, one file changed": ([*codehealth, "."], touch_one),
        "codehealth one file (as pre-commit)": ([*codehealth, "--no-cache", str(one)], None),
        "ruff C901,S110,SIM105,BLE001 cold": (
            [
                str(peers / "ruff"),
                "check",
                "--no-cache",
                "--select",
                "C901,S110,SIM105,BLE001",
                ".",
            ],
            None,
        ),
        "ruff C901,S110,SIM105,BLE001 warm": (
            [str(peers / "ruff"), "check", "--select", "C901,S110,SIM105,BLE001", "."],
            None,
        ),
        "radon cc": ([str(peers / "radon"), "cc", "-s", "-j", "."], None),
        "xenon --max-absolute B": ([str(peers / "xenon"), "--max-absolute", "B", "."], None),
    }
    _run([*codehealth, "."], tree)  # fill the cache for the warm runs
    _run(commands["ruff C901,S110,SIM105,BLE001 warm"][0], tree)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, before) in commands.items():
            samples[name].append(_timed(command, tree, before))
    pylint = [str(peers / "pylint"), "--disable=all", f"--enable={PYLINT_CHECKS}"]
    pylint += ["--load-plugins=pylint.extensions.mccabe", "-j", "2", "--recursive=y", "."]
    samples["pylint (closest checks, -j 2)"] = [_timed(pylint, tree) for _ in range(pylint_runs)]
    one.write_bytes(original)
    if cache.exists():
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    result = {name: statistics.median(times) for name, times in samples.items()}
    result["peak RSS of codehealth runs (MiB)"] = _peak_rss(codehealth, tree)
    result["files"] = len(files)
    result["lines"] = sum(len(Path(file).read_bytes().splitlines()) for file in files)
    return result


RSS_PROBE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _peak_rss(codehealth: list[str], tree: Path) -> float:
    """The largest resident set of the codehealth process or any of its workers, in MiB."""
    probe = [sys.executable, "-c", RSS_PROBE, *codehealth, "--no-cache", "."]
    output = subprocess.run(probe, cwd=tree, capture_output=True, text=True, check=True)
    return int(output.stdout.strip()) / 1024


def _table(results: dict[str, dict[str, float]]) -> str:
    out = []
    for label, numbers in results.items():
        floor = numbers["floor: read + ast.parse, 2 processes"]
        out += [
            f"### {label}: {numbers['files']:,.0f} files, {numbers['lines']:,.0f} lines",
            "",
            "| command | median wall (s) | ratio to floor |",
            "|---|---|---|",
        ]
        for name, value in numbers.items():
            if name in ("files", "lines") or "RSS" in name:
                continue
            out.append(f"| {name} | {value:.3f} | {value / floor:.2f} |")
        rss = numbers["peak RSS of codehealth runs (MiB)"]
        out += ["", f"Peak RSS of any codehealth child process: {rss:.0f} MiB.", ""]
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pylint-runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="codehealth-bench-") as temp:
        peers, trees = _setup(Path(temp))
        results = {
            label: _measure(tree, peers, args.runs, args.pylint_runs)
            for label, tree in trees.items()
        }
    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    text = f"## Results ({machine}, median of {args.runs} runs)\n\n{_table(results)}"
    print(text)
    if args.output:
        _write_results(args.output, text)
    return 0


def _write_results(output: Path, text: str) -> None:
    marker = "<!-- results -->"
    existing = output.read_text() if output.exists() else f"# Benchmarks\n\n{marker}\n"
    head = existing.split(marker, 1)[0]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(f"{head}{marker}\n{text}\n")


if __name__ == "__main__":
    raise SystemExit(main())
