"""Does CH030's comparison find what pylint's engine finds? Compared on whole trees.

    python benchmarks/symilar_agreement.py TREE [TREE ...] [--min-lines 6 ...] [--skip NAME ...]

Run it with a Python whose environment holds the pylint to compare against (3.3 to 4.1; the
repository root goes first on `sys.path`, so a scratch venv with only pylint in it will do).
For every TREE (Django, sympy, the standard library): every `.py` file under it that loads
gives the lines CH030 compares (`duplicate_code.collect`, default options); then, for each
`--min-lines`, the blocks `_symilar.duplicates` finds for the installed pylint's version,
against pylint's own `_find_common` on its `LineSet`s (with its `hash_lineset`s on 4.1 and
later), run on every pair of files that shares a window key (a pair that shares none has
no couple in pylint either). The two lists must be equal, order included. Prints a Markdown
row per tree and `--min-lines`: files, files compared, blocks, mismatches, CPU of each side.
Exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import bisect
import inspect
import itertools
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pylint  # the oracle, from the environment running this script
from pylint.checkers.symilar import LineSet, Symilar, hash_lineset

from pytest_codehealth.config.rule_options import DuplicateCode
from pytest_codehealth.core.source import SourceFile, load
from pytest_codehealth.rules.project import _symilar, duplicate_code

Block = tuple[int, int, int, int, int, int, int]  # files, kept lines, first and last in each
_TAKES_HASHES = len(inspect.signature(Symilar._find_common).parameters) >= 5


def _kept(tree: Path, skip: Sequence[str]) -> list[_symilar.Kept]:
    """The compared lines of every file under `tree` that loads, as CH030 collects them
    (files in a folder named as one of `skip` left out)."""
    options = DuplicateCode()
    kept = []
    for path in sorted(tree.rglob("*.py")):
        if not set(path.relative_to(tree).parts[:-1]).isdisjoint(skip):
            continue
        source = load(path, str(path))
        if not isinstance(source, SourceFile):
            continue  # CH000 in a run: nothing to compare
        facts = duplicate_code.collect(source, options)
        kept.append((list(itertools.accumulate(facts["steps"])), facts["tokens"]))
    return kept


def _ours(files: Sequence[_symilar.Kept], min_lines: int) -> list[Block]:
    version = tuple(int(part) for part in pylint.__version__.split(".")[:2])
    found = _symilar.duplicates(files, min_lines, (version[0], version[1]))
    return [(d.one.file, d.other.file, d.lines, *d.one[1:], *d.other[1:]) for d in found]


def _pylints(files: Sequence[_symilar.Kept], min_lines: int) -> Iterator[Block]:
    """pylint's `_find_common` on the pairs that share a window key."""
    window = min_lines - 1
    engine = Symilar(min_lines=window)
    keys = [set(_symilar._keys(texts, window)) for _, texts in files]
    pairs, _ = _symilar._candidates(keys)
    sets = {index: _lineset(files[index]) for index in sorted({i for pair in pairs for i in pair})}
    hashes = {index: hash_lineset(lines, window) for index, lines in sets.items()}
    for one, other in pairs:
        extra = (hashes[one], hashes[other]) if _TAKES_HASHES else ()
        for common in engine._find_common(sets[one], sets[other], *extra):
            count = common.cmn_lines_nb
            first = _place(files[one][0], common.fst_file_start, count)
            second = _place(files[other][0], common.snd_file_start, count)
            yield (one, other, count, *first, *second)


def _lineset(kept: _symilar.Kept) -> LineSet:
    numbers, texts = kept
    lines = [""] * (numbers[-1] if numbers else 0)
    for number, text in zip(numbers, texts, strict=True):
        lines[number - 1] = text
    return LineSet("", lines)


def _place(numbers: list[int], start: int, count: int) -> tuple[int, int]:
    """pylint's 0-based start line and block length, as 1-based first and last kept lines."""
    index = bisect.bisect_left(numbers, start + 1)
    return start + 1, numbers[min(index + count, len(numbers)) - 1]


def compare(tree: Path, files: Sequence[_symilar.Kept], min_lines: int) -> int:
    start = time.process_time()
    ours = _ours(files, min_lines)
    middle = time.process_time()
    theirs = list(_pylints(files, min_lines))
    end = time.process_time()
    mismatches = sum(1 for mine, other in itertools.zip_longest(ours, theirs) if mine != other)
    compared = sum(1 for numbers, _ in files if numbers)
    print(
        f"| {pylint.__version__} | {tree} | {min_lines} | {len(files)} | {compared} | "
        f"{len(theirs)} | {mismatches} | {end - middle:.2f} s | {middle - start:.2f} s |",
        flush=True,
    )
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--min-lines", type=int, nargs="+", default=[6])
    parser.add_argument("--skip", nargs="*", default=[], help="folder names left out")
    arguments = parser.parse_args()
    print(
        "| pylint | tree | min-lines | files | with lines | blocks | mismatches | pylint | ours |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    failed = 0
    for tree in arguments.trees:
        files = _kept(tree, arguments.skip)
        for min_lines in arguments.min_lines:
            failed += compare(tree, files, min_lines)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
