"""Same answer everywhere near the parser's limit (issue 19): what Python parses is checked.

How deep `ast.parse` goes depends on how deep the caller's stack already is, so the CLI, the
process pool, pytest and xdist workers used to cut off at different depths. A parse that runs
out of room is retried from a fresh thread, which gives every way in Python's own answer.
"""

from __future__ import annotations

import ast
import threading
from collections.abc import Callable

import pytest

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import parse
from pytest_codehealth.engine import pool

TOO_DEEP = "cannot parse file: too deeply nested for the parser"


def _sum(terms: int) -> bytes:
    return ("x = " + " + ".join(["a"] * terms) + "\n").encode()


def _parses_at_top(terms: int) -> bool:
    """What Python itself says, parsing from the top of a new thread's stack."""
    verdict: list[bool] = []

    def top() -> None:
        try:
            ast.parse(_sum(terms))
            verdict.append(True)
        except (RecursionError, MemoryError):
            verdict.append(False)

    thread = threading.Thread(target=top)
    thread.start()
    thread.join()
    return verdict[0]


def _limit(parses: Callable[[int], bool]) -> int:
    """The largest sum `parses` accepts (bisection)."""
    low, high = 100, 50_000
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if parses(middle) else (low, middle)
    return low


def _verdict(terms: int) -> str:
    loaded = parse(_sum(terms), "deep.py")
    return loaded.message if isinstance(loaded, Finding) else "parsed"


PYTHON = _limit(_parses_at_top)
OURS = _limit(lambda terms: _verdict(terms) == "parsed")


def _nested(depth: int, terms: int) -> str:
    return _verdict(terms) if depth == 0 else _nested(depth - 1, terms)


@pytest.mark.parametrize("depth", [0, 300, 800], ids=lambda depth: f"{depth}-frames-deep")
def test_the_verdict_does_not_depend_on_the_callers_stack(depth: int) -> None:
    assert _nested(depth, OURS) == "parsed"
    assert _nested(depth, OURS + 1) == TOO_DEEP


def test_a_pool_worker_gives_the_same_verdict() -> None:
    assert pool.map_chunks(_verdict, [[(OURS,), (OURS + 1,)]], 1) == [["parsed", TOO_DEEP]]


def test_the_limit_is_pythons_own() -> None:
    # a few frames of ours between the thread's top and the parser cost a few terms each
    assert PYTHON - 30 <= OURS <= PYTHON
