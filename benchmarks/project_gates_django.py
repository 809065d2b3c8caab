"""The whole-project gates (CH020 import-cycle, CH021 fan-out, CH030 duplicate-code) on Django.

    python benchmarks/project_gates_django.py [--django 5.2.19] [--runs 5] [--pylint]

Downloads the pinned Django wheel with pip into a temporary folder (its 885 `.py` files),
makes it a project (`.git`, `pyproject.toml` with an empty `[tool.codehealth]`), and:

- lists the import cycles CH020 finds, with and without deferred imports (inside
  functions), and counts the CH021 and CH030 findings;
- times, alternating the commands and taking the median of `--runs` runs (wall clock, and
  CPU time of all the processes, which a busy machine disturbs less), a cold
  all-gates run (`--no-cache`, the default rules) against the same run with the three
  rules added (`--extend-select CH020,CH021,CH030`), each rule alone, and warm runs
  (cache full, nothing changed) with and without them;
- measures the cache folder after a warm-up run with and without the three rules;
- with `--pylint`, times pylint's own `cyclic-import` and `duplicate-code` for comparison
  (`--min-similarity-lines=5`: pylint reports blocks of more than that many lines).

Needs the network to the package index. Django 5.2.19, Python 3.11, 2 cores shared with
other jobs (load average about 3 during the run), median of 7:

| run | wall s | CPU s |
|---|---|---|
| cold, default gates | 4.60 | 4.31 |
| cold, default gates + the three | 5.44 (+18%) | 5.23 (+21%) |
| cold, every per-file gate (`--select ALL --ignore` the three) | 10.44 | 10.32 |
| cold, every gate (`--select ALL`) | 11.66 (+12%) | 11.42 (+11%) |
| cold, CH020 / CH021 / CH030 alone | 2.44 / 2.36 / 2.76 | 2.36 / 2.35 / 2.75 |
| warm, default gates / + the three | 0.37 / 0.97 | 0.33 / 0.93 |

Findings: 14 CH020 cycle groups (6 with `include-deferred = false`), 60 CH021, 820 CH030
(410 pairs, most in `django/conf/locale/*/formats.py`, data files a per-path `ignore`
would leave out). Cache: 0.3 MB for the default gates, 2.4 MB with the three (CH030 keeps
a 40-bit hash per compared line, 1.5 MB for 5.7 MB of source; its text would be 3.6 MB).
In-process, single-threaded: the three rules' per-file facts cost about 0.25 s and the
project pass about 0.45 s (0.1 s of it importing pylint; 208 files share a window of lines,
755 pairs compared by pylint instead of 391,170).

Closing note on the cycles, judged by reading the imports of each: all 14 are real import
cycles; none comes from a resolution mistake. Ten are closed only by a deferred import
(inside a function), which is how Django breaks a cycle on purpose: `django.contrib.auth`
<-> `django.contrib.auth.models` (`get_user_model()`), `django.db.migrations.serializer`
<-> `writer`, the 166-module group of Django's core (`django.setup()` imports
`django.apps`, and most modules import `django` or `django.conf`). The message marks these
`deferred`; `include-deferred = false` drops them. The rest would interest a refactoring:
`django.db.backends.sqlite3.base` <-> `features` and `oracle.base` <-> `operations` (the
backend module and its parts import each other at module level; it works because `base`
imports them after defining what they need; the Oracle imports carry a bare `# NOQA`, so
the finding is placed on the other import), and with deferred imports left out
`django.db.models` <-> `django.db.models.base` (36 modules) and `django.contrib.admin` <->
`django.contrib.admin.sites`, package `__init__` files whose submodules import names back
from the package.
"""

from __future__ import annotations

import argparse
import json
import resource
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


def timed(project: Path, command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system, all processes) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=project, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


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
        "cold, every per-file gate": [*cold, "--select", "ALL", "--ignore", RULES],
        "cold, every gate (the three included)": [*cold, "--select", "ALL"],
        **{f"cold, {code} alone": [*cold, "--select", code] for code in RULES.split(",")},
        "warm, default gates": [*CODEHEALTH, "django"],
        "warm, default gates + the three": [*CODEHEALTH, "--extend-select", RULES, "django"],
    }
    for warm in ([*CODEHEALTH, "django"], [*CODEHEALTH, "--extend-select", RULES, "django"]):
        timed(project, warm)  # fill the cache for the warm runs
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(project, command))
    if with_pylint:
        pylint = [sys.executable, "-m", "pylint", "--disable=all", "-j", "2"]
        pylint += ["--enable=cyclic-import,duplicate-code", "--min-similarity-lines=5", "django"]
        samples["pylint cyclic-import,duplicate-code"] = [timed(project, pylint)]
    base = _medians(samples["cold, default gates"])
    print("| run | wall s | vs cold default | CPU s | vs cold default |\n|---|---|---|---|---|")
    for name, times in samples.items():
        wall, cpu = _medians(times)
        versus = f"{wall / base[0] - 1:+.0%} | {cpu:.2f} | {cpu / base[1] - 1:+.0%}"
        print(f"| {name} | {wall:.2f} | {versus} |")


def _medians(times: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)


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
