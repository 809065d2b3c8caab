"""Do our per-block complexity scores equal radon's own? Compared on Django, or on any trees.

    python benchmarks/radon_agreement.py [--django 5.1.4] [--show 10] [FOLDER ...]

Without FOLDER, downloads Django's sdist (the package and its test suite) with pip into a
temporary folder (needs the package index); with FOLDERs (sympy, the standard library, ...)
compares each of them. On each tree, runs radon's own CLI from this venv twice (`radon cc -s
-j`, the blocks xenon and CH011 see, and `radon cc -s -j --show-closures`, the blocks CH010
checks), scores the same files through our code path (`ast.parse`, then `_radon.blocks` of
the engine's tree: `_cyclomatic`, not radon's visitor) and prints, per mode, the files, the
blocks compared and the mismatches (blocks that only one side has, or that the two score or
name differently, each counted once). Exit status 1 if anything differs.
"""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
import tarfile
import tempfile
import time
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

from pytest_codehealth.core.source import SourceFile, decode
from pytest_codehealth.rules.complexity import _radon

DJANGO = "5.1.4"
Key = tuple[int, int, str, int, str]  # line, column, kind, complexity, name ("" if not compared)


def download(version: str, into: Path) -> Path:
    """Django's sdist, unpacked; returns the source folder."""
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
    subprocess.run([*pip, f"django=={version}", "-d", str(into)], check=True)
    (archive,) = into.glob("*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    (folder,) = (path for path in into.iterdir() if path.is_dir())
    return folder


def python_files(root: Path) -> list[Path]:
    """What radon walks: every `.py` file outside hidden folders."""
    return sorted(
        path
        for path in root.rglob("*.py")
        if not any(part.startswith(".") for part in path.relative_to(root).parts)
    )


def radon_cli(root: Path, closures: bool) -> tuple[dict[str, Any], float]:
    """`radon cc -s -j [--show-closures] ROOT` -> {absolute path: blocks or {"error": ...}}."""
    argv = [sys.executable, "-m", "radon", "cc", "-s", "-j", str(root)]
    start = time.perf_counter()
    out = subprocess.run(
        [*argv, "--show-closures"] if closures else argv,
        cwd=root.parent,  # no radon settings from Django's setup.cfg
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    elapsed = time.perf_counter() - start
    return {str(Path(path).resolve()): blocks for path, blocks in json.loads(out).items()}, elapsed


def radon_keys(blocks: list[dict[str, Any]], names: bool) -> Counter[Key]:
    keys: Counter[Key] = Counter()
    for block in blocks:
        name = block["name"]
        if block["type"] == "method":
            name = f"{block['classname']}.{name}"
        kind, score = block["type"], block["complexity"]
        keys[(block["lineno"], block["col_offset"], kind, score, name if names else "")] += 1
    return keys


def our_keys(path: Path, closures: bool, names: bool) -> Counter[Key] | str:
    """Our blocks for one file, or why we could not score it.

    Parsed only (radon scores a file the compiler refuses, `return` outside a function: the
    engine reports CH000 for it instead, which is not a disagreement on scores)."""
    try:
        text = decode(path.read_bytes())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        return f"cannot parse: {type(exc).__name__}"
    blocks = _radon.blocks(SourceFile(str(path), text, tree))
    return Counter(
        (block.line, block.col, block.kind, block.complexity, block.name if names else "")
        for block in blocks
        if closures or not block.nested
    )


def compare(files: list[Path], theirs: dict[str, Any], closures: bool, show: int) -> int:
    """Print one mode's figures; returns the number of mismatches."""
    compared, both_failed, too_deep, mismatches = 0, 0, 0, []
    start = time.perf_counter()
    for path in files:
        radon_result = theirs.get(str(path.resolve()), [])
        if _recursed(radon_result) and isinstance(our_keys(path, closures, False), Counter):
            too_deep += 1  # radon's CLI has no room for it; we score it without recursing
            continue
        outcome = compare_file(path, radon_result, closures)
        if outcome is None:
            both_failed += 1
            continue
        compared += outcome[0]
        mismatches.extend(outcome[1])
    elapsed = time.perf_counter() - start
    for line in mismatches[:show]:
        print(f"  mismatch: {line}")
    mode = "radon cc -s -j --show-closures" if closures else "radon cc -s -j"
    print(
        f"{mode}: {len(files)} files, {compared} blocks compared, "
        f"{len(mismatches)} mismatches, {both_failed} files neither could score, "
        f"{too_deep} too deep for radon's CLI only; our scoring {elapsed:.1f}s"
    )
    return len(mismatches)


def _recursed(radon_result: Any) -> bool:
    return isinstance(radon_result, dict) and "recursion" in str(radon_result.get("error"))


def compare_file(path: Path, radon_result: Any, closures: bool) -> tuple[int, list[str]] | None:
    """Blocks compared and one line per mismatch; None if neither side could score the file."""
    # radon names a closure after its function only (`method.inner`): compare names on
    # top-level blocks, positions and scores on all
    names = not closures
    ours = our_keys(path, closures, names)
    if isinstance(radon_result, dict) or isinstance(ours, str):
        if isinstance(radon_result, dict) and isinstance(ours, str):
            return None
        return 0, [f"{path}: radon {radon_result!r}, ours {ours!r}"]
    expected = radon_keys(radon_result, names)
    return sum(expected.values()), differences(path, expected, ours)


def differences(path: Path, expected: Counter[Key], ours: Counter[Key]) -> list[str]:
    """One line per block (line, column) that differs, however it differs."""
    differ = sorted((expected - ours) + (ours - expected))
    lines = []
    for line, col in sorted({key[:2] for key in differ}):
        radon_side = [key[2:] for key in differ if key[:2] == (line, col) and expected[key]]
        our_side = [key[2:] for key in differ if key[:2] == (line, col) and ours[key]]
        lines.append(f"{path}:{line}:{col} radon {radon_side}, ours {our_side}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--django", default=DJANGO, help="the Django release (default %(default)s)")
    parser.add_argument("--show", type=int, default=10, help="mismatches to print per mode")
    parser.add_argument("folders", nargs="*", type=Path, help="trees to compare instead")
    args = parser.parse_args()
    if args.folders:
        return 1 if sum(agreement(folder.resolve(), args.show) for folder in args.folders) else 0
    with tempfile.TemporaryDirectory() as tmp:
        root = download(args.django, Path(tmp))
        print(f"Django {args.django} sdist")
        return 1 if agreement(root, args.show) else 0


def agreement(root: Path, show: int) -> int:
    """Both modes on one tree: the number of mismatches."""
    files = python_files(root)
    print(f"{root}: {len(files)} files, radon {_radon_version()}")
    total = 0
    for closures in (False, True):
        theirs, elapsed = radon_cli(root, closures)
        print(f"radon's CLI: {elapsed:.1f}s")
        total += compare(files, theirs, closures, show)
    return total


def _radon_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("radon")


if __name__ == "__main__":
    raise SystemExit(main())
