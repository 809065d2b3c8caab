"""Are CH012's line counts radon's own? Compared file by file on whole trees.

    python benchmarks/raw_agreement.py FOLDER [FOLDER ...]

For every `.py` file under each FOLDER (Django, sympy, the standard library) that parses,
compares radon's `raw.analyze(text)` (loc, lloc, sloc, comments, multi, blank, single
comments; or the `SyntaxError` it raises) with `_radon.raw_counts(text)`, the counts CH012
uses, exactly; and counts the files the scan (`_lines`) answered alone, without the
tokenizer. Prints, per tree, the files, the mismatches (the first few named), the files left
to the tokenizer, and the CPU time of radon's `analyze`, of the scan and of the tokenizer
way the scan replaced (`_radon`'s one-pass tokenizing). Exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
import warnings
from pathlib import Path

from radon import raw

from pytest_codehealth.core.source import decode
from pytest_codehealth.rules.complexity import _lines, _radon


def _text(path: Path) -> str | None:
    try:
        text = decode(path.read_bytes())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError, ValueError, RecursionError):
        return None  # the engine's CH000: nothing to count
    return text


def _radon_counts(text: str) -> object:
    try:
        return tuple(raw.analyze(text))
    except SyntaxError as exc:
        return type(exc).__name__


def _our_counts(text: str) -> object:
    try:
        return tuple(_radon.raw_counts(text))
    except SyntaxError as exc:
        return type(exc).__name__


def _tokenizer_way(text: str) -> None:
    _radon._linear_counts(raw, [line.strip() for line in text.splitlines()])


def compare(folder: Path) -> int:
    files = mismatches = left = 0
    cpu = dict.fromkeys(("radon", "scan", "tokenizer"), 0.0)
    for path in sorted(folder.rglob("*.py")):
        text = _text(path)
        if text is None:
            continue
        files += 1
        start = time.process_time()
        expected = _radon_counts(text)
        middle = time.process_time()
        scanned = _lines.counts(text)
        cpu["scan"] += time.process_time() - middle
        cpu["radon"] += middle - start
        start = time.process_time()
        _tokenizer_way(text)
        cpu["tokenizer"] += time.process_time() - start
        left += scanned is None
        if _our_counts(text) != expected:
            mismatches += 1
            if mismatches <= 10:
                print(f"  mismatch: {path}: {_our_counts(text)} != {expected}")
    seconds = " | ".join(f"{value:.2f} s" for value in cpu.values())
    print(f"| {folder} | {files} | {mismatches} | {left} | {seconds} |")
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    print("| tree | files | mismatches | left to the tokenizer | radon CPU | scan CPU |", end="")
    print(" tokenizer way CPU |")
    print("|---|---|---|---|---|---|---|")
    return 1 if sum(compare(folder) for folder in args.folders) else 0


if __name__ == "__main__":
    raise SystemExit(main())
