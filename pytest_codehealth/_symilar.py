"""The only module that imports pylint: its similarity engine, `pylint.checkers.symilar`.

pylint is an optional extra (`pytest-codehealth[duplicates]`); `duplicate-code` (CH030)
imports this module inside its whole-project pass, so runs that do not select it never pay
for pylint. We hand pylint lines that `duplicate_code.collect` already normalised (comments
cut, and the lines of imports, signatures, docstrings, stubs and `__all__` blanked with our
syntax tree), so its own `ignore-*` switches stay off and it never parses with astroid.

pylint compares every pair of files; we first find the pairs that share at least one
window of lines (with pylint's `hash_lineset`) and run its comparison (`_find_common`, the
core of its `duplicate-code`) on those only.
"""

from __future__ import annotations

import bisect
import inspect
import itertools
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from pylint.checkers.symilar import Commonality, LineSet, Symilar, hash_lineset

# pylint compares two files with `Symilar._find_common`; since 4.1 it takes the two files'
# hashes too, so that each file is hashed once, not once per pair
_FIND_COMMON: Callable[..., Iterator[Commonality]] = Symilar._find_common
_TAKES_HASHES = len(inspect.signature(_FIND_COMMON).parameters) >= 5

Kept = Sequence[tuple[int, str]]  # (1-based line number, normalised text), in line order


class Place(NamedTuple):
    file: int  # index in the files given
    first: int  # 1-based, first and last kept line of the block
    last: int


class Duplicate(NamedTuple):
    lines: int  # kept lines in the block
    one: Place
    other: Place


def duplicates(files: Sequence[Kept], min_lines: int) -> Iterator[Duplicate]:
    """Blocks of at least `min_lines` similar kept lines shared by two files, once per pair."""
    window = min_lines - 1  # pylint reports blocks of *more* than its `min_lines`
    engine = Symilar(min_lines=window)
    linesets = [LineSet(str(index), _real_lines(kept)) for index, kept in enumerate(files)]
    hashes = [hash_lineset(lineset, window) for lineset in linesets]
    numbers = [[number for number, _ in kept] for kept in files]
    for one, other in _candidates(hashes):
        pair = (linesets[one], linesets[other])
        extra = (hashes[one], hashes[other]) if _TAKES_HASHES else ()
        for common in _FIND_COMMON(engine, *pair, *extra):
            first = _place(one, numbers[one], common.fst_file_start, common.cmn_lines_nb)
            second = _place(other, numbers[other], common.snd_file_start, common.cmn_lines_nb)
            yield Duplicate(common.cmn_lines_nb, first, second)


def _real_lines(kept: Kept) -> list[str]:
    """The file's lines as pylint reads them: kept ones in place, the others empty."""
    lines = [""] * (kept[-1][0] if kept else 0)
    for number, text in kept:
        lines[number - 1] = text
    return lines


def _candidates(hashes: Sequence[Sequence[Any]]) -> list[tuple[int, int]]:
    """Pairs of files that share at least one window of lines (a hash key), in order."""
    owners: dict[int, list[int]] = {}
    for index, result in enumerate(hashes):
        for key in result[0]:  # `hash_to_index` (a tuple before pylint 4.1, then a NamedTuple)
            owners.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for indexes in owners.values():
        if len(indexes) > 1:
            pairs.update(itertools.combinations(indexes, 2))
    return sorted(pairs)


def _place(file: int, numbers: list[int], start: int, count: int) -> Place:
    """pylint's 0-based start line and block length, as 1-based first and last lines."""
    index = bisect.bisect_left(numbers, start + 1)
    last = numbers[min(index + count, len(numbers)) - 1]
    return Place(file, start + 1, last)
