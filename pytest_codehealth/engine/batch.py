"""Analyse many files, in a process pool when there are enough of them to pay for it."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.findings import FileResult

if TYPE_CHECKING:  # a run served from the cache imports no analysis code
    from pytest_codehealth.engine.modules import Location

POOL_THRESHOLD = 40  # below this many files to parse, a process pool costs more than it saves
# the most file bytes read by the parent that one chunk carries (a larger file goes alone): a
# worker holds its whole chunk while it parses the chunk's first, largest, file
CHUNK_BYTES = 256 * 1024
Analyse = Callable[[str, "bytes | Path", FileSettings, "Location | None"], FileResult]
Arguments = tuple[str, "bytes | Path", FileSettings, "Location | None"]
Arrived = Callable[[int, FileResult], None]  # a file's index in `pending`, its result


class Pending(NamedTuple):
    """A file still to analyse: its bytes as read once (its cache key, if the cache is on), or
    its path, when no cache needs the bytes first: then it is read when it is analysed."""

    display: str
    data: bytes | Path
    settings: FileSettings
    key: str
    location: Location | None = None  # where the file is, for rules that read its imports


def analyse_all(
    pending: list[Pending], jobs: int, analyse: Analyse, arrived: Arrived | None = None
) -> list[FileResult]:
    """Results in the order of `pending`, whatever the number of processes; `arrived(index,
    result)`, if given, is called once per file as its result comes (in this process, one
    call at a time; with worker processes, while they go on with the other files)."""
    if not pooled(len(pending), jobs):
        return [_analysed(index, item, analyse, arrived) for index, item in enumerate(pending)]
    from pytest_codehealth.engine import pool  # noqa: PLC0415  # not on the warm path

    order = largest_first(pending)
    workers = _workers(len(pending), jobs)
    size = max(1, len(pending) // (workers * 8))
    chunks = _chunks([_arguments(pending[index]) for index in order], size)
    firsts = list(itertools.accumulate((len(chunk) for chunk in chunks), initial=0))

    def came(chunk: int, position: int, result: FileResult) -> None:
        if arrived is not None:
            arrived(order[firsts[chunk] + position], result)

    answers = pool.map_chunks(analyse, chunks, workers, *((came,) if arrived else ()))
    results = dict(zip(order, itertools.chain.from_iterable(answers), strict=True))
    return [results[index] for index in range(len(pending))]


def _analysed(index: int, item: Pending, analyse: Analyse, arrived: Arrived | None) -> FileResult:
    result = analyse(item.display, item.data, item.settings, item.location)
    if arrived is not None:
        arrived(index, result)
    return result


def pooled(count: int, jobs: int) -> bool:
    """Do `count` files to analyse go to worker processes?"""
    return jobs > 1 and count >= POOL_THRESHOLD and bool(sys.executable)


def start_ahead(count: int, jobs: int, analyse: Callable[[], Analyse]) -> bool:
    """Start the pool's workers now if `count` files are likely to go to them (they boot while
    the parent reads and hashes the files), with the function `analyse()` gives (asked only
    then: it may import the analysis); True if any was started (see `stop_ahead`)."""
    if not pooled(count, jobs):
        return False
    from pytest_codehealth.engine import pool  # noqa: PLC0415  # not on the warm path

    pool.start_ahead(analyse(), _workers(count, jobs))
    return True


def stop_ahead() -> None:
    """End the workers started ahead that no pool took (the files were in the cache after all)."""
    from pytest_codehealth.engine import pool  # noqa: PLC0415  # loaded by `start_ahead`

    pool.stop_ahead()


def _workers(count: int, jobs: int) -> int:
    return min(jobs, count // (POOL_THRESHOLD // 2))


def _chunks(rows: list[Arguments], most: int) -> list[list[Arguments]]:
    """`rows` in order, cut into chunks of at most `most` files and `CHUNK_BYTES` bytes read
    (a path is read by the worker when it gets to it: it adds nothing to hold)."""
    chunks: list[list[Arguments]] = []
    held = 0
    for row in rows:
        size = len(row[1]) if isinstance(row[1], bytes) else 0
        if not chunks or len(chunks[-1]) >= most or held + size > CHUNK_BYTES:
            chunks.append([])
            held = 0
        chunks[-1].append(row)
        held += size
    return chunks


def _arguments(item: Pending) -> Arguments:
    return item.display, item.data, item.settings, item.location


def largest_first(pending: list[Pending]) -> list[int]:
    """Indexes of `pending`, largest file first (ties in their order): a worker's peak is its
    largest tree on top of what it has grown to, so the largest trees come while the workers
    are lean, and the longest jobs do not end the run alone."""
    sizes = [_size(item.data) for item in pending]
    return sorted(range(len(pending)), key=lambda index: -sizes[index])


def _size(data: bytes | Path) -> int:
    if isinstance(data, bytes):
        return len(data)
    try:
        return data.stat().st_size
    except OSError:  # reported when the file is read
        return 0
