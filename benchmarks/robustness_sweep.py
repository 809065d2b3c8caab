"""Run every rule over the strangest real Python there is; report crashes and CH000 reasons.

    python benchmarks/robustness_sweep.py [--python CMD ...] [--no-stdlib] [--no-venv]
        [--venv DIR] [--package REQ ...] [--timeout SECONDS] [--json FILE]

Corpora: (a) the standard library of every Python found on the machine (`python3.N` on
PATH and pyenv's versions), `Lib/test` included, which holds deliberately odd and invalid
files; (b) the site-packages of a fresh venv after `pip install` of the large packages below
(or `--venv DIR`, created and filled if absent, kept). Each corpus is split into units (one
per top-level folder, one for its loose files) and each unit is one subprocess,
`codehealth check --select ALL --no-cache --format json`, with a timeout. A crash is a
traceback on stderr, an exit code other than 0 or 1, output that is not our JSON, or a
timeout; CH000 "rule ... failed" findings are bugs of ours too. Every file Python itself
cannot compile must have a CH000 finding, and every CH000 load finding must be a file Python
cannot compile (checked with this interpreter, which also runs codehealth): compiled to
bytecode with `compile()`, as `import` would, not only parsed, so that compile-time errors
(`return` outside a function, `nonlocal` at module level) count; their number is reported.
Exit status 1 if anything of that kind was seen. Needs the package index for (b).
"""

from __future__ import annotations

import argparse
import ast
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.engine.discovery import SKIP_DIRS

PACKAGES = [
    "django",
    "sympy==1.14.0",
    "sqlalchemy",
    "celery",
    "numpy",
    "pandas",
    "scipy",
    "matplotlib",
    "scikit-learn",
    "botocore",
    "networkx",
    "pydantic",
    "fastapi",
    "twisted",
    "tornado",
    "aiohttp",
    "jinja2",
    "pytest",
    "hypothesis",
    "ansible-core",
    "sphinx",
    "pygments",
    "docutils",
]
NOT_STDLIB = {"site-packages", "dist-packages"}  # what is installed, not the standard library
STDLIB = "import sysconfig; print(sysconfig.get_paths()['stdlib'])"
_VARIABLE = [  # parts of a CH000 message that differ per file, folded to count reasons
    (re.compile(r"byte 0x[0-9a-f]{2}"), "byte 0x.."),
    (re.compile(r"\(U\+[0-9A-F]+\)"), "(U+....)"),
    (re.compile(r"'[^']*'"), "'...'"),
    (re.compile(r"(?<![-\w])\d+(?!\w)"), "N"),
]


@dataclass
class Tally:
    """What the runs of one corpus found."""

    files: int = 0
    seconds: float = 0.0
    rules: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    load_errors: set[str] = field(default_factory=set)  # absolute paths with a CH000 load error
    crashes: list[str] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)  # reason -> one path
    rejected: int = 0  # files Python does not compile
    compile_only: set[str] = field(default_factory=set)  # ... though `ast.parse` takes them


def interpreters(extra: list[str]) -> dict[str, Path]:
    """Version label -> stdlib folder of every Python found (deduplicated by folder)."""
    names = extra or [f"python3.{minor}" for minor in range(8, 15)]
    candidates = [path for path in map(shutil.which, names) if path]
    if not extra:
        root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
        candidates += sorted(glob.glob(f"{root}/versions/*/bin/python3"))
    found: dict[str, Path] = {}
    for command in candidates:
        query = [command, "-c", f"import sys; {STDLIB}; print(sys.version.split()[0])"]
        try:
            result = subprocess.run(query, capture_output=True, text=True, timeout=30, check=True)
        except (OSError, subprocess.SubprocessError):
            continue  # e.g. a pyenv shim for a version that is not the global one
        folder, version = result.stdout.split()
        if Path(folder) not in found.values():
            found[f"stdlib {version}"] = Path(folder)
    return found


def site_packages(venv: Path, packages: list[str]) -> Path:
    """The site-packages folder of `venv`, created and filled with `packages` if needed."""
    if not (venv / "pyvenv.cfg").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", *packages]
    subprocess.run(pip, check=True)
    query = [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    return Path(subprocess.run(query, capture_output=True, text=True, check=True).stdout.strip())


def units(corpus: Path) -> list[tuple[str, list[str]]]:
    """The corpus split into runs: each top-level folder, then the loose files together."""
    folders = sorted(p for p in corpus.iterdir() if p.is_dir() and not p.is_symlink())
    loose = sorted(str(p) for p in corpus.iterdir() if p.name.endswith(".py") and p not in folders)
    runs = [(p.name, [str(p)]) for p in folders if p.name not in SKIP_DIRS | NOT_STDLIB]
    return [*runs, ("(top-level files)", loose)] if loose else runs


def check_unit(name: str, paths: list[str], timeout: float, tally: Tally) -> None:
    """One `codehealth check` subprocess; its findings and any crash go into `tally`."""
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--select", "ALL"]
    command += ["--no-cache", "--format", "json", "--max-file-size", str(10**10)]
    command += ["--config", "codehealth.toml", *paths]
    with tempfile.TemporaryDirectory() as cwd:  # paths shown absolute
        # an empty config here makes this empty folder the project: the whole-project rules
        # see the unit's files only, not the repository around them (pyenv is a git clone)
        (Path(cwd) / "codehealth.toml").write_text("")
        started = time.perf_counter()
        try:
            result = subprocess.run(
                command, check=False, capture_output=True, text=True, timeout=timeout, cwd=cwd
            )
        except subprocess.TimeoutExpired:
            tally.crashes.append(f"{name}: timeout after {timeout:g} s")
            return
        finally:
            tally.seconds += time.perf_counter() - started
    crash = _crash(result)
    if crash:
        tally.crashes.append(f"{name}: {crash}")
        return
    _count(json.loads(result.stdout), tally)


def _crash(result: subprocess.CompletedProcess[str]) -> str:
    """Why a finished run counts as a crash, or "" if it does not."""
    if "Traceback (most recent call last)" in result.stderr:
        return "traceback on stderr:\n" + result.stderr[-3000:]
    if result.returncode not in (0, 1):
        return f"exit code {result.returncode}:\n{result.stderr[-3000:]}"
    try:
        document = json.loads(result.stdout)
    except ValueError:
        return f"output is not JSON: {result.stdout[:300]!r}"
    if not isinstance(document, dict) or "findings" not in document:
        return f"output is not our report: {result.stdout[:300]!r}"
    return ""


def _count(document: dict[str, Any], tally: Tally) -> None:
    tally.files += document["files_checked"]
    for finding in document["findings"]:
        tally.rules[finding["code"]] += 1
        if finding["code"] != "CH000":
            continue
        reason = reason_of(finding["message"])
        tally.reasons[reason] += 1
        tally.examples.setdefault(reason, f"{finding['path']}:{finding['line']}")
        if not reason.startswith("rule "):
            tally.load_errors.add(os.path.abspath(finding["path"]))


def reason_of(message: str) -> str:
    """A CH000 message with its per-file details folded away."""
    if message.startswith("rule "):  # `rule CH0xx (name) failed on this file: Error: details`
        head, _, detail = message.partition(": ")
        return f"{head}: {detail.split(':', 1)[0]}"
    for pattern, replacement in _VARIABLE:
        message = pattern.sub(replacement, message)
    return message


def python_rejects(path: str, *, parse_only: bool = False) -> bool:
    """Does this interpreter fail to read or compile the file (to bytecode, as `import` does;
    with `parse_only`, only to a tree, as `ast.parse` does)?"""
    flags = ast.PyCF_ONLY_AST if parse_only else 0
    try:
        data = Path(path).read_bytes()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(data, path, "exec", flags=flags, dont_inherit=True)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    return False


def cross_check(corpus: Path, tally: Tally) -> list[str]:
    """Files Python rejects without a CH000 (silently green), and CH000s Python accepts.

    "Rejects" is `compile()` to bytecode, as `import` does: files `ast.parse` takes but the
    compiler refuses (`return` outside a function, `def f(a, a)`) count. How many of those
    there are goes into the tally.
    """
    rejected = set()
    for folder, dirs, files in os.walk(corpus):
        skip = SKIP_DIRS | NOT_STDLIB if folder == str(corpus) else SKIP_DIRS
        dirs[:] = [d for d in dirs if d not in skip and not d.endswith(".py")]
        dirs[:] = [d for d in dirs if not (Path(folder) / d / "pyvenv.cfg").exists()]
        for name in files:
            path = os.path.join(folder, name)
            if name.endswith(".py") and python_rejects(path):
                rejected.add(os.path.abspath(path))
    tally.compile_only = {path for path in rejected if not python_rejects(path, parse_only=True)}
    tally.rejected = len(rejected)
    loaded = {path for path in tally.load_errors if not Path(path).is_dir()}
    missed = [f"no CH000 but Python rejects it: {path}" for path in sorted(rejected - loaded)]
    extra = [f"CH000 but Python compiles it: {path}" for path in sorted(loaded - rejected)]
    return missed + extra


def sweep(label: str, corpus: Path, timeout: float) -> tuple[Tally, list[str]]:
    tally = Tally()
    plan = units(corpus)
    print(f"== {label}: {corpus} ({len(plan)} runs)", flush=True)
    for name, paths in plan:
        check_unit(f"{label}: {name}", paths, timeout, tally)
    return tally, cross_check(corpus, tally)


def render(label: str, tally: Tally, mismatches: list[str]) -> list[str]:
    lines = [f"\n## {label}: {tally.files} files in {tally.seconds:.0f} s"]
    lines.append(
        "findings per rule: " + ", ".join(f"{c} {n}" for c, n in sorted(tally.rules.items()))
    )
    for reason, count in tally.reasons.most_common():
        lines.append(f"  CH000 {count:>6}  {reason}   (e.g. {tally.examples[reason]})")
    lines.append(
        f"files Python does not compile: {tally.rejected}, of which ast.parse takes "
        f"{len(tally.compile_only)} (compile-time errors)"
    )
    lines += [f"  compile-time error: {path}" for path in sorted(tally.compile_only)]
    lines.append(f"crashes: {len(tally.crashes)}")
    lines += [f"  CRASH {crash}" for crash in tally.crashes]
    lines.append(f"CH000 disagreeing with Python: {len(mismatches)}")
    lines += [f"  {mismatch}" for mismatch in mismatches]
    return lines


def _summary(label: str, tally: Tally, mismatches: list[str]) -> dict[str, Any]:
    failed = sum(count for reason, count in tally.reasons.items() if reason.startswith("rule "))
    return {
        "corpus": label,
        "files": tally.files,
        "seconds": round(tally.seconds, 1),
        "findings": dict(sorted(tally.rules.items())),
        "ch000": dict(tally.reasons.most_common()),
        "rule_failures": failed,
        "python_rejects": tally.rejected,
        "compile_time_errors": sorted(tally.compile_only),
        "crashes": tally.crashes,
        "mismatches": mismatches,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", action="append", default=[], help="interpreters to sweep")
    parser.add_argument("--no-stdlib", action="store_true")
    parser.add_argument("--no-venv", action="store_true")
    parser.add_argument("--venv", type=Path, help="use (or create and keep) this venv")
    parser.add_argument("--package", action="append", default=[], help="instead of the list")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    corpora = {} if args.no_stdlib else interpreters(args.python)
    with tempfile.TemporaryDirectory() as temporary:
        if not args.no_venv:
            venv = args.venv or Path(temporary) / "venv"
            corpora["site-packages"] = site_packages(venv, args.package or PACKAGES)
        summaries, bad = [], 0
        for label, corpus in corpora.items():
            tally, mismatches = sweep(label, corpus, args.timeout)
            print("\n".join(render(label, tally, mismatches)), flush=True)
            summaries.append(_summary(label, tally, mismatches))
            bad += len(tally.crashes) + len(mismatches) + summaries[-1]["rule_failures"]
    if args.json:
        args.json.write_text(json.dumps(summaries, indent=2) + "\n")
    print(f"\n{sum(s['files'] for s in summaries)} files, {bad} crashes, failures or mismatches")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
