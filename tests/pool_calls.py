"""Functions the pool tests send to worker processes (by reference, so in a module of their
own that imports nothing the worker would not hold anyway)."""

from __future__ import annotations

import os
import sys
from typing import Any

from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine.analysis import analyse_bytes


def analyse_then_list_modules(*arguments: Any) -> FileResult:
    """The file's findings, and the modules this process holds once it has analysed it."""
    result = analyse_bytes(*arguments)
    return FileResult(result.findings, {"modules": sorted(sys.modules), "pid": os.getpid()})


def print_then_analyse(*arguments: Any) -> FileResult:
    print("a rule that prints")  # must not reach the parent's channel
    return analyse_bytes(*arguments)


def fail(*arguments: Any) -> FileResult:
    raise ValueError(f"failed on {arguments[0]}")


def exit_now(*arguments: Any) -> FileResult:
    os._exit(3)  # as a worker killed by the kernel would end: no answer


class _Node:
    """A weak-referable object in a reference cycle: only the cyclic GC frees it."""

    def __init__(self) -> None:
        self.me = self


_LEFT: list[Any] = []


def leave_a_cycle_then_check(*arguments: Any) -> FileResult:
    """Leave a cycle behind; on the next file, say whether the last one is still alive."""
    import weakref  # noqa: PLC0415  # not in the worker's module set check

    alive = bool(_LEFT) and _LEFT[-1]() is not None
    _LEFT.append(weakref.ref(_Node()))
    return FileResult([], {"last file's cycle alive": alive})


class Result:
    """A result a test can hold a weak reference to."""

    def __init__(self, display: str) -> None:
        self.display = display


_RESULTS: list[Any] = []


def weakly_held_result(*arguments: Any) -> Result:
    """A result; says whether the last file's result is still alive in this worker."""
    import weakref  # noqa: PLC0415  # not in the worker's module set check

    result = Result(arguments[0])
    result.last_alive = bool(_RESULTS) and _RESULTS[-1]() is not None  # type: ignore[attr-defined]
    _RESULTS.append(weakref.ref(result))
    return result
