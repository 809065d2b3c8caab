"""Analyse many files, in a process pool when there are enough of them to pay for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.findings import FileResult

if TYPE_CHECKING:  # a run served from the cache imports no analysis code
    from pytest_codehealth.engine.modules import Location

POOL_THRESHOLD = 40  # below this many files to parse, a process pool costs more than it saves
Analyse = Callable[[str, "bytes | Path", FileSettings, "Location | None"], FileResult]


class Pending(NamedTuple):
    """A file still to analyse: its bytes as read once (its cache key, if the cache is on), or
    its path, when no cache needs the bytes first: then it is read when it is analysed."""

    display: str
    data: bytes | Path
    settings: FileSettings
    key: str
    location: Location | None = None  # where the file is, for rules that read its imports


def analyse_all(pending: list[Pending], jobs: int, analyse: Analyse) -> list[FileResult]:
    """Results in the order of `pending`, whatever the number of processes."""
    if jobs <= 1 or len(pending) < POOL_THRESHOLD:
        return [analyse(item.display, item.data, item.settings, item.location) for item in pending]
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415  # not on the warm path

    workers = min(jobs, len(pending) // (POOL_THRESHOLD // 2))
    chunk = max(1, len(pending) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(
            pool.map(
                analyse,
                [item.display for item in pending],
                [item.data for item in pending],
                [item.settings for item in pending],
                [item.location for item in pending],
                chunksize=chunk,
            )
        )
