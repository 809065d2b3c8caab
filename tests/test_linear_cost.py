"""Linear cost: twice the lines is at most about twice the work, counted, never timed.

The work is the number of Python function calls (and calls into C) the engine makes while it
analyses one generated file with every rule on (`sys.setprofile`): deterministic, so a
quadratic step (a list rebuilt per finding, a scan per scope) shows as a ratio well above 2
at any size. Wall-time ratios at larger sizes live in `benchmarks/linear_cost.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.engine.run import analyse_bytes

# one chunk of dense, real-looking code: scopes, branches, swallowed errors, clock ids,
# redis calls; every rule finds something in it
CHUNK = """
class Service{n}:
    def handle(self, request, client):
        try:
            value = request.get("key{n}")
        except KeyError:
            pass
        if value and value > {n} or value == -1:
            for item in value:
                while item:
                    item -= 1
        order_id = f"order_{{int(time.time())}}"
        client.set(order_id, value)
        return order_id


def helper{n}(a, b):
    x_{n} = a if a else b
    return x_{n}

"""
HEADER = "import time\nimport redis.asyncio as redis\n\nclient = redis.Redis()\n\n"


def generated(chunks: int) -> bytes:
    return (HEADER + "".join(CHUNK.format(n=n) for n in range(chunks))).encode()


def work(data: bytes, tmp_path: Path) -> int:
    """Calls made while the engine analyses `data` with every rule selected."""
    settings = load_settings(None, cli_overrides(["ALL"], [], [], [], []), tmp_path)
    file_settings = settings.for_parts(("generated.py",))
    analyse_bytes("generated.py", b"x = 1\n", file_settings)  # imports and first-use caches
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        result = analyse_bytes("generated.py", data, file_settings)
    finally:
        sys.setprofile(None)
    assert result.findings  # the rules ran and found the patterns
    return calls


@pytest.mark.parametrize("chunks", [100, 400])
def test_twice_the_lines_is_at_most_about_twice_the_work(tmp_path: Path, chunks: int) -> None:
    small = work(generated(chunks), tmp_path)
    large = work(generated(2 * chunks), tmp_path)
    assert large / small <= 2.2
