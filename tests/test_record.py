"""`core.record.Record`: what `@dataclass` gave the run path's records, without `dataclasses`."""

from __future__ import annotations

import pickle
from functools import cached_property
from typing import Any

import pytest

from pytest_codehealth.core.record import Record, field


class Point(Record, order=True):
    x: int
    y: int = 0
    label: str = field(default="", compare=False)
    tags: list[str] = field(default_factory=list, compare=False, repr=False)

    @cached_property
    def total(self) -> int:
        return self.x + self.y


class Tally(Record, frozen=False):
    items: list[int] = field(default_factory=list)
    count: int = 0


def test_builds_by_position_and_keyword_with_defaults() -> None:
    point = Point(1, label="a")
    assert (point.x, point.y, point.label, point.tags) == (1, 0, "a", [])
    assert Point(1).tags is not Point(1).tags  # a fresh default from the factory


@pytest.mark.parametrize(
    ("args", "kwargs", "msg"),
    [
        pytest.param((), {}, "missing 1 required positional argument: 'x'", id="missing"),
        pytest.param((1, 2, "a", [], 5), {}, "takes from 2 to 5 positional", id="too-many"),
        pytest.param((1,), {"x": 2}, "got multiple values for argument 'x'", id="twice"),
        pytest.param((1,), {"z": 2}, "unexpected keyword argument 'z'", id="unknown"),
    ],
)
def test_bad_arguments_say_what(args: tuple[Any, ...], kwargs: dict[str, Any], msg: str) -> None:
    with pytest.raises(TypeError, match=msg):
        Point(*args, **kwargs)


def test_a_field_without_a_default_cannot_follow_one_with_a_default() -> None:
    with pytest.raises(TypeError, match="field `y` without a default follows one with a default"):

        class Bad(Record):
            x: int = 0
            y: int  # type: ignore[misc]  # the mistake under test


def test_equal_hash_and_order_on_compared_fields_only() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b")
    assert hash(Point(1, 2, "a")) == hash(Point(1, 2, "b"))
    assert Point(1, 2) != Point(1, 3)
    assert sorted([Point(2), Point(1, 5), Point(1, 2)]) == [Point(1, 2), Point(1, 5), Point(2)]
    assert Point(1) != (1, 0)  # type: ignore[comparison-overlap]  # another type: never equal
    with pytest.raises(TypeError):
        assert Point(1) < (1, 0)  # type: ignore[operator]  # the point of the test


def test_frozen_unless_asked_and_a_mutable_record_is_unhashable() -> None:
    with pytest.raises(AttributeError, match="cannot assign to field `x`"):
        Point(1).x = 2  # type: ignore[misc]  # frozen: the point of the test
    tally = Tally()
    tally.count = 3
    assert tally == Tally([], 3)
    with pytest.raises(TypeError):
        hash(tally)


def test_replace_repr_pickle_and_cached_property() -> None:
    point = Point(1, 2, "a", ["t"])
    assert point.total == 3
    assert point.replace(y=5) == Point(1, 5)
    assert point.replace(y=5).total == 6  # cached values are not copied
    assert repr(point) == "Point(x=1, y=2, label='a')"
    assert pickle.loads(pickle.dumps(point)) == point
    assert pickle.loads(pickle.dumps(point)).tags == ["t"]
    with pytest.raises(TypeError, match="unexpected keyword argument 'z'"):
        point.replace(z=1)
