"""Are CH012's line counts radon's own? Compared file by file on whole trees.

    python benchmarks/raw_agreement.py [--oracle tokenizer] FOLDER [FOLDER ...]

For every `.py` file under each FOLDER (Django, sympy, the standard library) that parses,
compares radon's `raw.analyze(text)` (loc, lloc, sloc, comments, multi, blank, single
comments; or the `SyntaxError` it raises) with `_radon.raw_counts(text)`, the counts CH012
uses, exactly; and counts the files the scan (`_lines`) answered alone, without the
tokenizer. Prints, per tree, the files, the mismatches (the first few named), the files left
to the tokenizer, and the CPU time of radon's `analyze`, of the scan and of the tokenizer
way the scan replaced (`_radon`'s one-pass tokenizing). Exit status 1 on any mismatch.

radon's `analyze` is quadratic in a long statement (the standard library's
`pydoc_data/topics.py` takes it many minutes): `--oracle tokenizer` compares the scan with
that one-pass tokenizing instead (itself checked against radon on every file of Django,
sympy and the standard library of 3.11 in session 4), counting only the files the scan
answers alone.
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


def _tokenizer_counts(text: str) -> object:
    counts = _radon._linear_counts(raw, [line.strip() for line in text.splitlines()])
    if counts is None:
        return None
    sloc, blank, multi, single = (counts[key] for key in ("sloc", "blank", "multi", "single"))
    loc = sloc + blank + multi + single
    return (loc, counts["lloc"], sloc, counts["comments"], multi, blank, single)


def _against_tokenizer(text: str) -> tuple[bool, bool]:
    """(the scan answered alone, it agrees with the tokenizer way)"""
    scanned = _lines.counts(text)
    if scanned is None:
        return False, True
    expected = _tokenizer_counts(text)
    return True, expected is None or tuple(scanned) == expected


def compare(folder: Path, oracle: str) -> int:
    if oracle == "tokenizer":
        return _compare_with_tokenizer(folder)
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


def _compare_with_tokenizer(folder: Path) -> int:
    files = mismatches = left = 0
    for path in sorted(folder.rglob("*.py")):
        text = _text(path)
        if text is None:
            continue
        files += 1
        answered, agrees = _against_tokenizer(text)
        left += not answered
        if not agrees:
            mismatches += 1
            if mismatches <= 10:
                print(f"  mismatch: {path}")
    print(f"| {folder} (against the tokenizer way) | {files} | {mismatches} | {left} |")
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--oracle", choices=("radon", "tokenizer"), default="radon")
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}")
    if args.oracle == "tokenizer":
        print("| tree | files | mismatches | left to the tokenizer |\n|---|---|---|---|")
    else:
        print(
            "| tree | files | mismatches | left to the tokenizer | radon CPU | scan CPU |", end=""
        )
        print(" tokenizer way CPU |\n|---|---|---|---|---|---|---|")
    return 1 if sum(compare(folder, args.oracle) for folder in args.folders) else 0


if __name__ == "__main__":
    raise SystemExit(main())
