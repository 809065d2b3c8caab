"""CH011 module-complexity: the average of the blocks `radon cc` lists, against `max-average`."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_codehealth.config.options import OptionError, convert_table
from pytest_codehealth.rules.complexity import module_complexity
from tests.helpers import found, run_rule


def scored(score: int, name: str) -> str:
    """A function radon scores `score`: one `if` per extra point."""
    branches = "".join(f"    if kind == {i}:\n        return {i}\n" for i in range(score - 1))
    return f"def {name}(kind):\n{branches}    return None\n"


def module(*scores: int) -> str:
    return "".join(scored(score, f"f{i}") for i, score in enumerate(scores))


SERVICE = """\
class Billing:
    def charge(self, order):
        if order.total <= 0:
            raise ValueError(order)
        for line in order.lines:
            if line.refunded or line.free:
                continue
        return order.total

    def refund(self, order):
        return order.total if order.paid else 0
"""

FLAGGED = [
    pytest.param(module(12, 9, 3, 1), 5, "6.25 (25 over 4 blocks), rank B (limit 5)", id="xenon-A"),
    pytest.param(module(6), 5, "6.00 (6 over 1 block), rank B (limit 5)", id="one-block"),
    pytest.param(module(11, 10), 10, "10.50 (21 over 2 blocks), rank C (limit 10)", id="rank-B"),
    pytest.param(module(4, 4, 5), 4.2, "4.33 (13 over 3 blocks), rank A (limit 4.2)", id="float"),
    # `charge` 5, `refund` 2; the class int((1 + 5 + 2) / 2) + 1 (one more for two methods)
    pytest.param(SERVICE, 3, "4.00 (12 over 3 blocks), rank A (limit 3)", id="class-counts"),
]


@pytest.mark.parametrize(("src", "limit", "numbers"), FLAGGED)
def test_flags(src: str, limit: float, numbers: str) -> None:
    (finding,) = run_rule("module-complexity", src, {"max-average": limit})
    assert finding.message == f"module has average complexity {numbers}"
    assert (finding.line, finding.col, finding.code) == (1, 1, "CH011")


CLEAN = [
    pytest.param("", 1, id="empty-module"),
    pytest.param("x = [a for a in b if a and c]\n", 1, id="no-blocks"),
    pytest.param(module(9, 1), 5, id="average-at-limit"),
    pytest.param(module(1, 1, 1), 1, id="simple-functions"),
    pytest.param(SERVICE, 4, id="class-and-methods-at-limit"),
    # the nested `wrapper` (3) is not one of radon's blocks: `retry` (1) alone is averaged
    pytest.param(
        "def retry(fn):\n    def wrapper():\n        return fn() if fn else None or 1\n"
        "    return wrapper\n",
        1,
        id="closures-not-averaged",
    ),
]


@pytest.mark.parametrize(("src", "limit"), CLEAN)
def test_clean(src: str, limit: float) -> None:
    assert found("module-complexity", src, {"max-average": limit}) == []


@pytest.mark.parametrize(
    ("letter", "bound"), [("A", 5), ("B", 10), ("C", 20), ("D", 30), ("E", 40)]
)
def test_rank_letter_at_and_one_over(letter: str, bound: int) -> None:
    assert found("module-complexity", module(bound, bound), {"max-average": letter}) == []
    flagged = found("module-complexity", module(bound, bound + 1), {"max-average": letter})
    assert flagged == ["1:1 CH011"]


def test_default_limit_is_rank_a() -> None:
    assert found("module-complexity", module(5, 5)) == []
    assert found("module-complexity", module(5, 6)) == ["1:1 CH011"]


def test_no_assert_option() -> None:
    src = "def check(x):\n    assert x\n    assert x > 1\n    return x\n"
    assert found("module-complexity", src, {"max-average": 2}) == ["1:1 CH011"]
    assert found("module-complexity", src, {"max-average": 2, "no-assert": True}) == []


def test_measure_records_average_and_limit() -> None:
    (finding,) = run_rule("module-complexity", module(7, 8))
    assert finding.measure is not None
    assert (finding.measure.value, finding.measure.limit) == (7.5, 5)


@pytest.mark.parametrize(
    ("raw", "value"), [(8, 8.0), (4.5, 4.5), ("b", 10.0), ("C", 20.0), (1, 1.0)]
)
def test_max_average_accepts(raw: Any, value: float) -> None:
    assert convert_table(module_complexity.Options, {"max-average": raw}) == {"max_average": value}


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Z", 'expected a number or a rank letter A-E, got "Z"'),
        (-1, "expected a number >= 1 or a rank letter A-E, got -1"),
        (0.5, "expected a number >= 1 or a rank letter A-E, got 0.5"),
        (float("nan"), "expected a number >= 1 or a rank letter A-E, got nan"),
        ("F", "rank F has no upper bound; give a number such as 50, or A-E"),
        ([5], "expected a number or a rank letter A-E, got [5]"),
    ],
)
def test_max_average_rejects(raw: Any, reason: str) -> None:
    with pytest.raises(OptionError) as info:
        convert_table(module_complexity.Options, {"max-average": raw})
    assert (info.value.key, info.value.reason) == ("max-average", reason)
