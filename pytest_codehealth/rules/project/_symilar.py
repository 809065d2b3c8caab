"""pylint's similarity comparison (`pylint.checkers.symilar`, the core of its `duplicate-code`)
on plain lists, without pylint's objects and without importing pylint.

`duplicate_code.collect` gives each file's compared lines, already normalised (comments cut,
the lines of imports, signatures, docstrings, stubs and `__all__` left out with our syntax
tree). Compared as pylint compares two files (`Symilar._find_common`): every window of
`min_lines - 1` successive lines is keyed by the sum of its lines' `hash`; each pair of start
indexes whose windows share a key becomes a couple, in the order pylint builds them; runs of
successive couples merge (`remove_successive`, quirks included: a couple merged into one seen
before it keeps its own count); a merged couple is a block when more than `min_lines - 1` of
its lines that hold a word character are equal, one by one. Only the pairs of files that
share a window are compared.

pylint 4.1 changed three details, and the result follows the installed pylint: before 4.1 a
window's key is the hash of its lines in order (a tuple's), the shared keys are ordered by
their first window in the file with fewer distinct keys (the second file on a tie: the one a
set intersection walks) and every pair of windows of a key is a couple; from 4.1 the key is
the sum of the lines' hashes (the same lines in another order match too), the shared keys are
ordered by their first window in the first file, and a key with more than 500 pairs of
windows pairs them in order (first with first, second with second). Either way, files that
share no summed key share no key: the summed keys find the pairs of files to compare.
`benchmarks/symilar_agreement.py` holds this against pylint itself.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

# a file's compared lines: their 1-based numbers (ascending) and normalised texts
Kept = tuple[list[int], list[str]]
Version = tuple[int, int]
Pairing = tuple[int, int, int]  # kept lines, start index in the first file, in the second
_SUMMED = (4, 1)  # from this pylint on, keys are sums and a large key pairs windows in order
_PRODUCT_LIMIT = 500  # pylint's `_HASH_BUCKET_PRODUCT_LIMIT`
_WORD = re.compile(r"\w")  # pylint counts only lines holding one (`.*\w+`, matched)


class Place(NamedTuple):
    file: int  # index in the files given
    first: int  # 1-based, first and last kept line of the block
    last: int


class Duplicate(NamedTuple):
    lines: int  # kept lines in the block
    one: Place
    other: Place


def duplicates(files: Sequence[Kept], min_lines: int, pylint: Version) -> Iterator[Duplicate]:
    """Blocks of at least `min_lines` similar kept lines shared by two files, once per pair,
    as the `pylint` version given finds them."""
    window = min_lines - 1  # pylint reports blocks of *more* than its `min_lines`
    summed = pylint >= _SUMMED
    keys = [list(_keys(texts, window)) for _, texts in files]
    pairs, shared = _candidates([set(found) for found in keys])
    paired = sorted({index for pair in pairs for index in pair})
    prepared = {
        index: _File(files[index], keys[index], shared, window if not summed else 0)
        for index in paired
    }
    for one, other in pairs:
        first, second = prepared[one], prepared[other]
        for count, start, other_start in _common(first, second, window, summed):
            here, there = first.place(one, start, count), second.place(other, other_start, count)
            yield Duplicate(count, here, there)


class _File:
    """One file as pylint compares it: its lines, how many distinct window keys it has, and
    the start indexes of each key that another file may have too (whose summed key another
    file has: no other window can pair)."""

    def __init__(self, kept: Kept, summed: list[int], shared: set[int], ordered: int) -> None:
        """`ordered`: the window's size, when the keys are the hashes of the lines in order
        (pylint before 4.1), else 0 (the summed keys are pylint's)."""
        self.numbers, self.texts = kept
        keys = _ordered_keys(self.texts, ordered) if ordered else summed
        self.distinct = len(set(keys))
        self.windows: dict[int, list[int]] = {}
        for index, key in [
            (index, key) for index, key in enumerate(keys) if summed[index] in shared
        ]:
            self.windows.setdefault(key, []).append(index)

    def place(self, file: int, index: int, count: int) -> Place:
        """The block of `count` kept lines from the `index`th, as 1-based first and last lines."""
        last = self.numbers[min(index + count, len(self.numbers)) - 1]
        return Place(file, self.numbers[index], last)

    def content(self, index: int, count: int) -> list[str]:
        """The lines from the `index`th on, `count` of them, that hold a word character."""
        return [text for text in self.texts[index : index + count] if _WORD.search(text)]


def _common(first: _File, second: _File, window: int, summed: bool) -> Iterator[Pairing]:
    """pylint's `_find_common`: (kept lines, start index in `first`, in `second`) per block."""
    couples = dict.fromkeys(_couples(first, second, summed), window)
    _merge_successive(couples)
    for (one, other), count in couples.items():
        equal = sum(map(operator.eq, first.content(one, count), second.content(other, count)))
        if equal > window:
            yield count, one, other


def _couples(first: _File, second: _File, summed: bool) -> Iterator[tuple[int, int]]:
    """The pairs of window start indexes with the same key, in the order pylint sets them."""
    shared = first.windows.keys() & second.windows.keys()
    # before 4.1: by the keys of the set a set intersection walks, the smaller or the second
    walked = second if second.distinct <= first.distinct else first
    ordering = first if summed else walked
    for key in sorted(shared, key=lambda key: ordering.windows[key][0]):
        ones, others = first.windows[key], second.windows[key]
        if summed and len(ones) * len(others) > _PRODUCT_LIMIT:
            yield from zip(ones, others, strict=False)
        else:
            yield from itertools.product(ones, others)


def _merge_successive(couples: dict[tuple[int, int], int]) -> None:
    """pylint's `remove_successive`: each couple, in order, takes in the couples that follow it
    one line on in both files, one line of count each, and they go."""
    for one, other in tuple(couples):
        step = 1
        while (one + step, other + step) in couples:
            couples[one, other] += 1
            step += 1
        for taken in range(1, step):
            del couples[one + taken, other + taken]


def _keys(lines: Sequence[str], window: int) -> Iterable[int]:
    """pylint's key of every window of `window` successive lines: the sum of their hashes."""
    if len(lines) < window:
        return ()
    hashes = list(map(hash, lines))
    steps = map(operator.sub, hashes[window:], hashes)
    return itertools.accumulate(steps, initial=sum(hashes[:window]))


def _ordered_keys(lines: Sequence[str], window: int) -> list[int]:
    """pylint's key of every window before 4.1: the hash of its lines in order."""
    return [hash(tuple(lines[index : index + window])) for index in range(len(lines) - window + 1)]


def _candidates(keys: Sequence[set[int]]) -> tuple[list[tuple[int, int]], set[int]]:
    """Pairs of files that share a window key (so no pair pylint would match is missed), in
    order, and the keys more than one file has. The keys no other file has are dropped with
    set operations first."""
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
    return sorted(pairs), shared
