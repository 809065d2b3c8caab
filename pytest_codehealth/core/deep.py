"""Room for deep trees: a call that hit the recursion limit runs again with room to spare.

`ast.parse` accepts expressions nested about 3,000 deep (a 600-term sum in sympy is one),
but a recursive `ast.NodeVisitor` needs several frames a level and stops near 1,000 frames.
Such a call runs once more in a thread with a large stack and a raised recursion limit, so
the file is checked like any other (`with_room`). Only what fails even then is reported as too
deep. How deep Python itself parses depends on how deep the caller's stack already is (the CLI,
a pool worker, pytest, an xdist worker): `from_the_top` retries a parse from a fresh thread's
stack, so every way in gives Python's own answer.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import threading

T = TypeVar("T")
DEEP_LIMIT = 100_000  # Python frames; the parser's own limit keeps real trees far below
STACK_BYTES = 512 * 1024 * 1024  # address space reserved for the thread, not memory used
TOP_STACK_BYTES = 16 * 1024 * 1024  # a main thread's usual stack (8 MiB) with room to spare


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: building and walking a syntax tree allocates
    millions of objects, and each collection walks them all again (a 40,000-line module took
    2.5 times as long with it). Trees hold no cycles, so reference counting frees them."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def with_room(call: Callable[[], T]) -> T:
    """`call()`; if it raises `RecursionError`, once more in a deep thread (may raise again)."""
    try:
        return call()
    except RecursionError as exc:
        first = exc
    outcome: list[T] = []
    failure: list[BaseException] = []

    def deep() -> None:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, DEEP_LIMIT))
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the calling thread below
            failure.append(exc)
        finally:
            sys.setrecursionlimit(old)

    thread = _start(deep)
    if thread is None:  # this platform refuses a thread with a large stack
        raise first
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def from_the_top(call: Callable[[], T]) -> T:
    """`call()`; if it raises `RecursionError`, once more from the top of a new thread's stack
    with the interpreter's recursion limit as it is (may raise again)."""
    try:
        return call()
    except RecursionError as exc:
        first = exc
    outcome: list[T] = []
    failure: list[BaseException] = []

    def top() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the calling thread below
            failure.append(exc)

    thread = _start(top, TOP_STACK_BYTES)
    if thread is None:
        raise first
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def _start(target: Callable[[], None], size: int = STACK_BYTES) -> threading.Thread | None:
    import threading  # noqa: PLC0415  # only for a tree too deep: not in every pool worker

    try:
        previous = threading.stack_size(size)
    except (ValueError, RuntimeError):
        return None
    try:
        thread = threading.Thread(target=target, name="codehealth-deep", daemon=True)
        thread.start()
    except RuntimeError:  # no thread with such a stack here
        return None
    finally:
        threading.stack_size(previous)
    return thread
