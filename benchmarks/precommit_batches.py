"""Time the all-gates pre-commit hook with pre-commit's parallel batches against one serial run.

    python benchmarks/precommit_batches.py [--runs 5] [--files 885]

pre-commit splits the file list into batches and runs them in parallel unless the hook says
`require_serial: true`; each batch is a `codehealth` process with a start-up, a summary line
and (past 40 files) a process pool of its own. This builds a throwaway git repository from
Django 5.2.19's sources (downloaded from the package index), defines the same hook twice as
`repo: local` (`language: system`, this interpreter's `codehealth`), once batched and once
serial, and times `pre-commit run HOOK --all-files` cold (`--no-cache`) and warm, alternating
the two and taking medians. It also counts the summary lines each one prints.
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
import zipfile
from pathlib import Path

CODE_BASE = "django==5.2.19"
CONFIG = """repos:
- repo: local
  hooks:
{hooks}
"""
HOOK = """  - id: {id}
    name: {id}
    entry: {codehealth} check {extra}
    language: system
    types: [python]
    require_serial: {serial}
"""


def _repo(folder: Path, files: int) -> Path:
    wheels = folder / "wheels"
    command = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(wheels)]
    subprocess.run([*command, CODE_BASE], check=True)
    repo = folder / "repo"
    with zipfile.ZipFile(next(wheels.glob("*.whl"))) as wheel:
        names = sorted(name for name in wheel.namelist() if name.endswith(".py"))[:files]
        for name in names:
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_bytes(wheel.read(name))
    codehealth = shutil.which("codehealth", path=str(Path(sys.executable).parent))
    hooks = "".join(
        HOOK.format(id=f"{name}{suffix}", codehealth=codehealth, serial=serial, extra=extra)
        for name, serial in (("batched", "false"), ("serial", "true"))
        for suffix, extra in (("-cold", "--no-cache"), ("-warm", ""))
    )
    (repo / ".pre-commit-config.yaml").write_text(CONFIG.format(hooks=hooks))
    for git in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "x", "--no-verify"]):
        subprocess.run(["git", *git], cwd=repo, check=True, env=_git_env())
    return repo


def _git_env() -> dict[str, str]:
    names = {"GIT_AUTHOR_NAME": "b", "GIT_COMMITTER_NAME": "b"}
    mails = {"GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_EMAIL": "b@example.com"}
    return {**os.environ, **names, **mails}


def _run(repo: Path, hook: str) -> tuple[float, int]:
    """Wall time of one hook run over every file, and how many summary lines it printed."""
    start = time.perf_counter()
    done = subprocess.run(
        ["pre-commit", "run", hook, "--all-files", "--verbose"],
        check=False,  # findings make the hook fail: that is the point
        cwd=repo,
        capture_output=True,
        text=True,
        env={**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")},
    )
    elapsed = time.perf_counter() - start
    summaries = sum(line.startswith("codehealth: ") for line in done.stdout.splitlines())
    return elapsed, summaries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=100_000, help="at most this many files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        repo = _repo(Path(folder), args.files)
        count = len(list(repo.rglob("*.py")))
        for hook in ("batched-warm", "serial-warm"):  # fill the cache, install nothing
            _run(repo, hook)
        times: dict[str, list[float]] = {}
        lines: dict[str, int] = {}
        for _ in range(args.runs):
            for hook in ("batched-cold", "serial-cold", "batched-warm", "serial-warm"):
                elapsed, summaries = _run(repo, hook)
                times.setdefault(hook, []).append(elapsed)
                lines[hook] = summaries
    print(f"{count} files, {os.cpu_count()} cores, median of {args.runs} alternating runs")
    print("| hook | median wall | summary lines |")
    print("|---|---|---|")
    for hook, values in times.items():
        print(f"| {hook} | {statistics.median(values):.2f} s | {lines[hook]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
