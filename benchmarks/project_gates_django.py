"""The whole-project gates (CH020 import-cycle, CH021 fan-out, CH030 duplicate-code) on Django.

    python benchmarks/project_gates_django.py [--django 5.2.19] [--runs 5] [--pylint]

Downloads the pinned Django wheel with pip into a temporary folder (its 885 `.py` files),
makes it a project (`.git`, `pyproject.toml` with an empty `[tool.codehealth]`), and:

- lists the import cycles CH020 finds, with and without deferred imports (inside
  functions), and counts the CH021 and CH030 findings;
- times, alternating the commands and taking the median of `--runs` wall-clock runs, a cold
  all-gates run (`--no-cache`, the default rules) against the same run with the three
  rules added (`--extend-select CH020,CH021,CH030`), each rule alone, and warm runs
  (cache full, nothing changed) with and without them;
- measures the cache folder after a warm-up run with and without the three rules;
- with `--pylint`, times pylint's own `cyclic-import` and `duplicate-code` for comparison
  (`--min-similarity-lines=5`: pylint reports blocks of more than that many lines).

Needs the network to the package index. Django 5.2.19, 2 cores, Python 3.11 (median of 5):

| run | seconds |
|---|---|
| cold, default gates | 7.2 |
| cold, default gates + CH020, CH021, CH030 | 8.7 (+21%) |
| cold, CH020 alone / CH021 alone / CH030 alone | 3.7 / 3.6 / 4.4 |
| warm, default gates / + the three | 0.9 / 1.6 |

Cache: 1.3 MB for the default gates, 3.2 MB with the three (CH030 keeps a 40-bit hash per
compared line, not the text: 1.3 MB of facts for 5.7 MB of source; the text would be
3.6 MB). pylint 4.1.4 (`cyclic-import,duplicate-code`, `-j 2`) takes about 60 s.

Closing note on the cycles (13 groups, 12 with deferred imports left out; judged by
reading the imports): all are real import cycles; none comes from a resolution mistake.
Most are closed by a deferred import, which is how Django breaks them on purpose (e.g.
`django.contrib.auth` <-> `django.contrib.auth.models` via `get_user_model()`,
`django.db.migrations.serializer` <-> `writer`): the message marks them `deferred`, and
`include-deferred = false` drops them. The cycles without a deferred edge are the ones a
refactoring would look at: `django.db.backends.sqlite3.base` <-> `features` (the backend
module and its features import each other at module level; it works because `base` imports
`features` after defining what `features` needs), and the package `__init__` re-exports
(`django.contrib.admin` <-> `decorators`, `django.test` <-> `django.test.utils`). The
166-module group is Django's core: `django/__init__.py` imports `django.apps` inside
`setup()` and almost everything imports `django` or `django.conf`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

DJANGO = "5.2.19"
RULES = "CH020,CH021,CH030"
CODEHEALTH = [str(Path(sys.executable).parent / "codehealth"), "check"]


def download(version: str, work: Path) -> Path:
    """Django's wheel, unpacked into a project folder; returns that folder."""
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*pip, "-d", str(wheels), f"django=={version}"], check=True)
    project = work / "project"
    for wheel in wheels.glob("*.whl"):
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(project)
    (project / ".git").mkdir()
    (project / "pyproject.toml").write_text("[tool.codehealth]\n")
    return project


def findings(project: Path, *args: str) -> list[dict[str, object]]:
    command = [*CODEHEALTH, "--no-cache", "--format", "json", *args, "django"]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    found: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return found


def timed(project: Path, command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=project, capture_output=True, check=False)
    return time.perf_counter() - start


def cache_size(project: Path, *args: str) -> int:
    cache = project / ".codehealth_cache"
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    subprocess.run([*CODEHEALTH, *args, "django"], cwd=project, capture_output=True, check=False)
    size = sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())
    subprocess.run(["rm", "-rf", str(cache)], check=True)
    return size


def report_findings(project: Path) -> None:
    cycles = findings(project, "--select", "CH020")
    runtime = findings(
        project, "--select", "CH020", "--option", "import-cycle.include-deferred=false"
    )
    print(f"CH020: {len(cycles)} cycle groups ({len(runtime)} without deferred imports)")
    for finding in cycles:
        print(f"  {finding['path']}:{finding['line']}: {finding['message']}")
    for code in ("CH021", "CH030"):
        print(f"{code}: {len(findings(project, '--select', code))} findings")


def report_timings(project: Path, runs: int, with_pylint: bool) -> None:
    cold = [*CODEHEALTH, "--no-cache", "django"]
    commands = {
        "cold, default gates": cold,
        "cold, default gates + the three": [*cold, "--extend-select", RULES],
        **{f"cold, {code} alone": [*cold, "--select", code] for code in RULES.split(",")},
        "warm, default gates": [*CODEHEALTH, "django"],
        "warm, default gates + the three": [*CODEHEALTH, "--extend-select", RULES, "django"],
    }
    for warm in ([*CODEHEALTH, "django"], [*CODEHEALTH, "--extend-select", RULES, "django"]):
        timed(project, warm)  # fill the cache for the warm runs
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(project, command))
    if with_pylint:
        pylint = [sys.executable, "-m", "pylint", "--disable=all", "-j", "2"]
        pylint += ["--enable=cyclic-import,duplicate-code", "--min-similarity-lines=5", "django"]
        samples["pylint cyclic-import,duplicate-code"] = [timed(project, pylint)]
    medians = {name: statistics.median(times) for name, times in samples.items()}
    base = medians["cold, default gates"]
    print("| run | seconds | vs cold default |\n|---|---|---|")
    for name, seconds in medians.items():
        print(f"| {name} | {seconds:.2f} | {seconds / base - 1:+.0%} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--django", default=DJANGO, help="the Django release (%(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--pylint", action="store_true", help="also time pylint's checks")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="codehealth-project-gates-") as work:
        project = download(args.django, Path(work))
        files = len(list((project / "django").rglob("*.py")))
        print(f"Django {args.django}: {files} files")
        report_findings(project)
        report_timings(project, args.runs, args.pylint)
        default, extended = cache_size(project), cache_size(project, "--extend-select", RULES)
        print(
            f"cache: {default / 1e6:.1f} MB default gates, {extended / 1e6:.1f} MB with the three"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
