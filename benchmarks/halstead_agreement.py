"""Are CH012's Halstead counts radon's own? Compared file by file on whole trees.

    python benchmarks/halstead_agreement.py FOLDER [FOLDER ...]

For every `.py` file under each FOLDER (Django, sympy, the standard library) that parses,
compares `_halstead.counts` (the walk) and `_halstead.counts_indexed` (from the node index,
what CH012 uses) with radon's `h_visit_ast` (run with a raised recursion limit):
distinct and total operators and operands, and the volume, exactly. Prints the files, the
mismatches (the first few named), the files radon's visitor could not do at all, and the CPU
time of each side. Exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
import warnings
from pathlib import Path

from radon.metrics import h_visit_ast

from pytest_codehealth.core.source import SourceFile, decode
from pytest_codehealth.rules.complexity import _halstead


def _tree(path: Path) -> ast.Module | None:
    try:
        text = decode(path.read_bytes())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError, ValueError, RecursionError):
        return None  # the engine's CH000: nothing to count


def _key(found: _halstead.Counts) -> tuple[int, int, int, int, float]:
    distinct = len(found.operators_seen), len(found.operands_seen)
    return (*distinct, found.operators, found.operands, found.volume)


def compare(folder: Path) -> int:
    files = mismatches = too_deep = 0
    radon_cpu = ours_cpu = indexed_cpu = 0.0
    for path in sorted(folder.rglob("*.py")):
        tree = _tree(path)
        if tree is None:
            continue
        start = time.process_time()
        try:
            total = h_visit_ast(tree).total
        except RecursionError:
            too_deep += 1
            continue
        middle = time.process_time()
        found = _halstead.counts(tree)
        ours_cpu += time.process_time() - middle
        radon_cpu += middle - start
        files += 1
        source = SourceFile(str(path), "", tree)
        source.nodes(ast.Module)  # the index, built for every rule in a run
        middle = time.process_time()
        indexed = _halstead.counts_indexed(source)
        indexed_cpu += time.process_time() - middle
        expected = (total.h1, total.h2, total.N1, total.N2, total.volume)
        if _key(found) != expected or _key(indexed) != expected:
            mismatches += 1
            if mismatches <= 10:
                print(f"  mismatch: {path}")
    print(
        f"| {folder} | {files} | {mismatches} | {too_deep} | {radon_cpu:.2f} s | {ours_cpu:.2f} s "
        f"| {indexed_cpu:.2f} s |"
    )
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args()
    sys.setrecursionlimit(100_000)
    print(f"Python {sys.version.split()[0]}")
    print("| tree | files | mismatches | too deep for radon | radon CPU | walk CPU | index CPU |")
    print("|---|---|---|---|---|---|---|")
    return 1 if sum(compare(folder) for folder in args.folders) else 0


if __name__ == "__main__":
    raise SystemExit(main())
