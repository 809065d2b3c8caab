"""The only module that imports pylint: its similarity engine, `pylint.checkers.symilar`.

pylint is an optional extra (`pytest-codehealth[duplicates]`); `duplicate-code` (CH030)
imports this module inside its whole-project pass, so runs that do not select it never pay
for pylint. We hand pylint lines that `duplicate_code.collect` already normalised (comments
cut, and the lines of imports, signatures, docstrings, stubs and `__all__` blanked with our
syntax tree), so its own `ignore-*` switches stay off and it never parses with astroid.

pylint compares every pair of files; we first find the pairs that share at least one
window of lines (by pylint's own window hash) and run its comparison (`_find_common`, the
core of its `duplicate-code`, on its `LineSet`s and `hash_lineset`s) on those only.
"""

from __future__ import annotations

import bisect
import inspect
import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from pylint.checkers.symilar import Commonality, LineSet, Symilar, hash_lineset

# pylint compares two files with `Symilar._find_common`; since 4.1 it takes the two files'
# hashes too, so that each file is hashed once, not once per pair
_FIND_COMMON: Callable[..., Iterator[Commonality]] = Symilar._find_common
_TAKES_HASHES = len(inspect.signature(_FIND_COMMON).parameters) >= 5

# a file's compared lines: their 1-based numbers (ascending) and normalised texts
Kept = tuple[list[int], list[str]]


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
    pairs = _candidates([texts for _, texts in files], window)
    paired = sorted({index for pair in pairs for index in pair})
    prepared = {index: _File(files[index], window) for index in paired}
    for one, other in pairs:
        first, second = prepared[one], prepared[other]
        extra = (first.hashes, second.hashes) if _TAKES_HASHES else ()
        for common in _FIND_COMMON(engine, first.lineset, second.lineset, *extra):
            count = common.cmn_lines_nb
            here = first.place(one, common.fst_file_start, count)
            there = second.place(other, common.snd_file_start, count)
            yield Duplicate(count, here, there)


class _File:
    """One file as pylint compares it: its `LineSet` and window hashes."""

    def __init__(self, kept: Kept, window: int) -> None:
        self.numbers, texts = kept
        self.lineset = LineSet("", _real_lines(self.numbers, texts))
        self.hashes = hash_lineset(self.lineset, window)

    def place(self, file: int, start: int, count: int) -> Place:
        """pylint's 0-based start line and block length, as 1-based first and last lines."""
        index = bisect.bisect_left(self.numbers, start + 1)
        last = self.numbers[min(index + count, len(self.numbers)) - 1]
        return Place(file, start + 1, last)


def _real_lines(numbers: list[int], texts: list[str]) -> list[str]:
    """The file's lines as pylint reads them: compared ones in place, the others empty."""
    lines = [""] * (numbers[-1] if numbers else 0)
    for number, text in zip(numbers, texts, strict=True):
        lines[number - 1] = text
    return lines


def _candidates(texts: Sequence[Sequence[str]], window: int) -> list[tuple[int, int]]:
    """Pairs of files that share a window of `window` lines, by pylint's window hash (the sum
    of the lines' hashes, as `hash_lineset` computes it), so no pair pylint would match is
    missed; in order. The windows no other file has are dropped with set operations first."""
    keys = [_window_keys(lines, window) for lines in texts]
    seen: set[int] = set()
    shared: set[int] = set()
    for found in keys:
        shared |= found & seen
        seen |= found
    owners: dict[int, list[int]] = {}
    for index, found in enumerate(keys):
        for key in found & shared:
            owners.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for indexes in owners.values():
        pairs.update(itertools.combinations(indexes, 2))
    return sorted(pairs)


def _window_keys(lines: Sequence[str], window: int) -> set[int]:
    """pylint's hash of every window of `window` successive lines of a file."""
    if len(lines) < window:
        return set()
    hashes = list(map(hash, lines))
    steps = map(operator.sub, hashes[window:], hashes)
    return set(itertools.accumulate(steps, initial=sum(hashes[:window])))
