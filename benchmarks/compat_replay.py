"""Replay real splits from the package index and score `codehealth compat` against the truth.

    python benchmarks/compat_replay.py [--keep DIR]

For each release pair below, a module that became a package, both versions are downloaded
(`pip download --no-deps`), committed as two commits of a scratch git repository and
checked with `codehealth compat --ref HEAD~1`. Each reported break is then checked by calling
the new API in a subprocess (`compat_oracle.py`), which also lists every call valid against
the old API that fails against the new one (the truth). Prints per split the reported
labels (`name`, `Class.method`, `__all__:name`), those confirmed, the false positives and the
missed ones, precision and recall. Needs the network to the package index.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

SPLITS = [
    # (requirement before, requirement after, module)
    ("pyparsing==2.4.7", "pyparsing==3.0.0", "pyparsing"),
    ("itsdangerous==0.24", "itsdangerous==1.1.0", "itsdangerous"),
    ("distro==1.6.0", "distro==1.7.0", "distro"),
    ("termcolor==1.1.0", "termcolor==2.0.0", "termcolor"),
    ("tabulate==0.8.10", "tabulate==0.9.0", "tabulate"),
]
ORACLE = Path(__file__).with_name("compat_oracle.py")
LABEL = re.compile(r'^(?:missing|signature): ([\w.]+)|^__all__: missing "(\w+)"')
GIT = ["git", "-c", "user.name=replay", "-c", "user.email=replay@example.com"]


def download(requirement: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", requirement]
    subprocess.run([*command, "-d", str(folder)], check=True)
    return next(folder.iterdir())


def unpack(archive: Path, module: str, dest: Path) -> None:
    """The module's `.py` files (`module.py` or `module/...`) from a wheel or an sdist."""
    names: dict[str, bytes] = {}
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            names = {n: wheel.read(n) for n in wheel.namelist() if n.endswith(".py")}
    else:
        with tarfile.open(archive) as sdist:
            for member in sdist.getmembers():
                data = sdist.extractfile(member) if member.isfile() else None
                if data is not None and member.name.endswith(".py"):
                    names[member.name.split("/", 1)[1]] = data.read()
    for name, data in names.items():
        for prefix in ("", "src/"):
            relative = name.removeprefix(prefix)
            if relative == f"{module}.py" or relative.startswith(f"{module}/"):
                target = dest / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)


def replay(old: str, new: str, module: str, work: Path) -> dict[str, object]:
    old_tree, new_tree, repo = work / "old", work / "new", work / "repo"
    unpack(download(old, work / "dl-old"), module, old_tree)
    unpack(download(new, work / "dl-new"), module, new_tree)
    shutil.copytree(old_tree, repo)
    (repo / "pyproject.toml").write_text("[tool.codehealth]\n")
    subprocess.run([*GIT, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", old], cwd=repo, check=True)
    (repo / f"{module}.py").unlink()
    shutil.copytree(new_tree / module, repo / module)
    subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*GIT, "commit", "-qm", new], cwd=repo, check=True)
    codehealth = Path(sys.executable).with_name("codehealth")
    done = subprocess.run(
        [str(codehealth), "compat", "--ref", "HEAD~1"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.splitlines()
    scripts = [line for line in lines if line.startswith("python -m ")]
    reported = sorted(
        {m.group(1) or f"__all__:{m.group(2)}" for line in lines if (m := LABEL.match(line))}
    )
    truth = oracle(old_tree, new_tree, module, work)
    return {
        "header": lines[0] if lines else "",
        "lines": lines,
        "other": [
            line for line in lines[1:] if not LABEL.match(line) and not line.startswith("warning")
        ],
        "reported": reported,
        "truth": truth,
        "scripts": [_runs_as_script(module, new_tree, work) for _ in scripts],
    }


def _runs_as_script(module: str, tree: Path, work: Path) -> str:
    """`python -m module` against the new tree: what a user of the old script now gets."""
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys, runpy; sys.path.insert(0, {str(tree)!r}); "
            f"sys.argv = ['{module}']; runpy.run_module('{module}', run_name='__main__')",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    said = done.stderr.strip().splitlines()
    return f"exit {done.returncode}: {said[-1] if said else ''}"


def oracle(old_tree: Path, new_tree: Path, module: str, work: Path) -> dict[str, list[str]]:
    taken, answer = work / "shapes.json", work / "truth.json"
    python = [sys.executable, "-I", str(ORACLE)]
    subprocess.run(
        [*python, "shapes", str(old_tree), module, str(taken)], cwd=work, check=True, timeout=600
    )
    subprocess.run(
        [*python, "try", str(new_tree), module, str(taken), str(answer)],
        cwd=work,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )
    broken: dict[str, list[str]] = json.loads(answer.read_text())["broken"]
    return broken


def score(result: dict[str, object]) -> str:
    reported = set(result["reported"])  # type: ignore[arg-type]
    truth: dict[str, list[str]] = result["truth"]  # type: ignore[assignment]
    hits = reported & set(truth)
    precision = len(hits) / len(reported) if reported else 1.0
    recall = len(hits) / len(truth) if truth else 1.0
    by_call = sum(
        1
        for label in hits
        if any(" call: " in r or r == "missing" or "__all__" in r for r in truth[label])
    )
    return "\n".join(
        [
            f"  reported {len(reported)}, true breaks {len(truth)}, confirmed {len(hits)} "
            f"({by_call} by a real call or a failing import)",
            f"  precision {precision:.0%}, recall {recall:.0%}",
            f"  false positives: {sorted(reported - set(truth))}",
            f"  missed: {sorted(set(truth) - reported)}",
            f"  other lines: {result['other']}",
            f"  python -m of the new package: {result['scripts']}",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the scratch folders here")
    parser.add_argument("--show", action="store_true", help="print every reported line and truth")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="compat-replay-"))
    for old, new, module in SPLITS:
        work = base / module
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        result = replay(old, new, module, work)
        print(f"{old} -> {new}: {result['header']}")
        print(score(result))
        if args.show:
            print("\n".join(f"    {line}" for line in result["lines"]))  # type: ignore[union-attr]
            for label, reasons in sorted(result["truth"].items()):  # type: ignore[union-attr]
                print(f"    truth {label}: {reasons[0]}")
    if args.keep is None:
        shutil.rmtree(base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
