"""`codehealth report` speed: on Django's tree against a cold `codehealth check`, and the cost
of `--history N` on this repository's own history.

    python benchmarks/report_speed.py [--django 5.2.19] [--runs 5] [--history 0,10,20]

Django: the pinned wheel downloaded with pip into a temporary folder, made a git repository
(one commit, `pyproject.toml` with an empty `[tool.codehealth]`). Timed, alternating the
commands, median of `--runs` (wall clock, and CPU of all processes, which a busy machine
disturbs less): `codehealth check --no-cache .` and `codehealth report --no-cache --no-tools`,
then both with their cache on but empty (the cache folder removed before each run: the
report also writes its entries, as a first `check` does).
Also the size of the JSON document.

History: in this repository, `codehealth report --no-cache --no-tools --history N` for each
N, in a child process that counts the files the engine analyses (`analyse_bytes` calls),
next to the number of distinct (path, blob) pairs in the last N commits (what one analysis
per blob predicts).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DJANGO = "5.2.19"
REPO = Path(__file__).resolve().parent.parent
CODEHEALTH = str(Path(sys.executable).parent / "codehealth")
COUNTING = """\
import sys, time
from collections import Counter
from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import blobs, run
calls = Counter()
real = run.analyse_bytes
def counting(display, *args):
    calls[display] += 1
    return real(display, *args)
blobs.analyse_bytes = run.analyse_bytes = counting
start = time.perf_counter()
code = main(["report", "--no-cache", "--no-tools", "--jobs=1", "-o", sys.argv[2],
             f"--history={sys.argv[1]}"])
print(code, sum(calls.values()), len(calls), f"{time.perf_counter() - start:.2f}")
"""


def download(version: str, work: Path) -> Path:
    """Django's wheel unpacked into a one-commit git repository; returns its folder."""
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*pip, "-d", str(wheels), f"django=={version}"], check=True)
    project = work / "project"
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(project)
    for info in project.glob("*.dist-info"):
        shutil.rmtree(info)
    (project / "pyproject.toml").write_text("[tool.codehealth]\n")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Django"], cwd=project, check=True)
    return project


def timed(project: Path, command: list[str], fresh_cache: bool = False) -> tuple[float, float]:
    """Wall-clock and CPU (user + system, all processes) seconds of one run."""
    if fresh_cache:
        shutil.rmtree(project / ".codehealth_cache", ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=project, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def django_timings(project: Path, runs: int, out: Path) -> None:
    commands = {
        "cold `codehealth check`": ([CODEHEALTH, "check", "--no-cache", "."], False),
        "check, empty cache": ([CODEHEALTH, "check", "."], True),
        "report, no cache": (
            [CODEHEALTH, "report", "--no-cache", "--no-tools", "-o", str(out)],
            False,
        ),
        "report, empty cache": ([CODEHEALTH, "report", "--no-tools", "-o", str(out)], True),
    }
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, fresh) in commands.items():
            samples[name].append(timed(project, command, fresh))
    base = _medians(samples["cold `codehealth check`"])
    print("| run | wall s | vs check | CPU s | vs check |\n|---|---|---|---|---|")
    for name, times in samples.items():
        wall, cpu = _medians(times)
        print(f"| {name} | {wall:.2f} | {wall / base[0]:.2f}x | {cpu:.2f} | {cpu / base[1]:.2f}x |")
    json_out = out.with_suffix(".json")
    subprocess.run(
        [CODEHEALTH, "report", "--no-tools", "-o", str(json_out)], cwd=project, check=False
    )
    print(f"JSON document: {json_out.stat().st_size / 1e6:.2f} MB")


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


def distinct_blobs(count: int) -> int:
    """(path, blob) pairs of `.py` files under our gated paths in the last `count` commits."""
    log = ["git", "log", "--first-parent", f"-n{count}", "--format=%H", "HEAD"]
    commits = subprocess.run(log, cwd=REPO, capture_output=True, text=True, check=True)
    pairs = set()
    for commit in commits.stdout.split():
        listing = subprocess.run(
            ["git", "ls-tree", "-r", commit, "--", "pytest_codehealth", "tests"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        for line in listing.stdout.splitlines():
            header, path = line.split("\t", 1)
            if path.endswith(".py") and not path.startswith("tests/data/"):
                pairs.add((path, header.split()[2]))
    return len(pairs)


def history_costs(counts: list[int], out: Path) -> None:
    print(
        "| --history | analyses | files | distinct (path, blob) | wall s |\n|---|---|---|---|---|"
    )
    for count in counts:
        done = subprocess.run(
            [sys.executable, "-c", COUNTING, str(count), str(out)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
        code, analyses, files, wall = done.stdout.split()
        predicted = distinct_blobs(count) if count else "-"
        print(f"| {count} | {analyses} | {files} | {predicted} | {wall} |")
        assert code == "0", done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--django", default=DJANGO, help="the Django release (%(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--history", default="0,10,20", help="the N values (%(default)s)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="codehealth-report-speed-") as work:
        project = download(args.django, Path(work))
        files = len(list((project / "django").rglob("*.py")))
        print(f"Django {args.django}: {files} files")
        django_timings(project, args.runs, Path(work) / "card.md")
        print(f"\nThis repository ({REPO.name}):")
        history_costs([int(n) for n in args.history.split(",")], Path(work) / "history.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
