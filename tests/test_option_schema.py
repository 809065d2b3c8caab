"""Option schemas: a light frozen record instead of a dataclass, its field table static.

The table (`FIELDS`) is read from the annotation text when a schema class is made; these tests
check it against the evaluated annotations, so the run itself never calls `get_type_hints`.
"""

from __future__ import annotations

import pickle
import typing
from typing import Any, ClassVar, Literal

import pytest

from pytest_codehealth.config.catalogue import CATALOGUE, RuleInfo
from pytest_codehealth.config.options import OptionError, convert_table
from pytest_codehealth.config.rule_options import MaxLines, RedisClients, TimestampId
from pytest_codehealth.config.schema import OptionSchema, option

KIND_TYPES: dict[str, object] = {
    "bool": bool,
    "int": int,
    "float": float,
    "str": str,
    "frozenset[str]": frozenset[str],
    "tuple[str, ...]": tuple[str, ...],
}


@pytest.mark.parametrize("info", CATALOGUE, ids=lambda info: info.code)
def test_the_field_table_matches_the_annotations(info: RuleInfo) -> None:
    hints = {
        name: hint
        for name, hint in typing.get_type_hints(info.options_type).items()
        if typing.get_origin(hint) is not ClassVar
    }
    fields = info.options_type.FIELDS
    assert list(fields) == list(hints)
    for name, spec in fields.items():
        hint = hints[name]
        if typing.get_origin(hint) is Literal:
            assert spec.choices == typing.get_args(hint), name
        else:
            assert KIND_TYPES[spec.kind] == hint, name
        origin = typing.get_origin(hint) or hint
        assert isinstance(spec.default, str if origin is Literal else origin), name


def test_converting_a_table_evaluates_no_annotation(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("get_type_hints called at run time")

    monkeypatch.setattr(typing, "get_type_hints", forbidden)
    table = {"max": 3, "count": "code"}
    assert MaxLines(**convert_table(MaxLines, table)) == MaxLines(max=3, count="code")


@pytest.mark.parametrize(
    ("table", "reason"),
    [
        ({"count": "lines"}, 'expected one of "physical", "code", got "lines"'),
        ({"max": 0}, "expected a number >= 1, got 0"),
        ({"max": True}, "expected an integer, got true"),
        ({"max": "10"}, 'expected an integer, got "10"'),
    ],
)
def test_bad_values_are_named(table: dict[str, Any], reason: str) -> None:
    with pytest.raises(OptionError) as caught:
        convert_table(MaxLines, table)
    assert (caught.value.key, caught.value.reason) == (next(iter(table)), reason)


def test_a_record_is_built_compared_hashed_and_shown_as_a_dataclass_was() -> None:
    options = MaxLines(max=3)
    assert (options.max, options.count) == (3, "physical")
    assert MaxLines(3, "code") == MaxLines(max=3, count="code")
    assert options != MaxLines()
    assert options != "MaxLines(max=3)"
    assert hash(options) == hash(MaxLines(max=3))
    assert repr(options) == "MaxLines(max=3, count='physical')"
    assert options.replace(count="code") == MaxLines(max=3, count="code")
    assert options == MaxLines(max=3)  # replace made a copy


def test_a_subclass_inherits_its_base_fields_and_class_constants() -> None:
    assert list(RedisClients.FIELDS) == ["client_types", "client_names"]
    assert RedisClients.TABLE == "redis"
    assert RedisClients(frozenset({"Db"})).client_types == frozenset({"Db"})


@pytest.mark.parametrize(
    "options", [MaxLines(max=7), TimestampId(numeric_ids=False), RedisClients(frozenset({"a"}))]
)
def test_a_record_survives_pickling(options: OptionSchema) -> None:
    """Worker processes (`--jobs`) get the settings pickled."""
    assert pickle.loads(pickle.dumps(options)) == options


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda o: setattr(o, "max", 1), "cannot assign to field `max`: options are frozen"),
        (lambda o: delattr(o, "max"), "cannot delete field `max`: options are frozen"),
        (lambda o: MaxLines(maxx=1), "MaxLines has no option maxx"),
        (lambda o: MaxLines(1, "code", 2), "MaxLines takes 2 options"),
        (lambda o: MaxLines(1, max=2), "MaxLines got an option twice"),
    ],
)
def test_misuse_is_refused(change: Any, message: str) -> None:
    with pytest.raises((AttributeError, TypeError), match=message):
        change(MaxLines())


def test_an_annotation_no_converter_knows_is_refused_when_the_schema_is_made() -> None:
    with pytest.raises(TypeError, match=r"Odd\.value: unsupported option type `list\[int\]`"):

        class Odd(OptionSchema):
            value: list[int] = option(default=[])


def test_a_literal_needs_its_choices() -> None:
    with pytest.raises(TypeError, match=r"Bare\.mode: unsupported option type `Literal"):

        class Bare(OptionSchema):
            mode: Literal["a", "b"] = "a"


def test_a_record_works_its_hash_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Options key the run's memos (facts, followed imports): hashed once, not per lookup."""
    options = RedisClients(frozenset({"a"}))
    asked: list[OptionSchema] = []
    real = OptionSchema.as_dict

    def counted(self: OptionSchema) -> dict[str, Any]:
        asked.append(self)
        return real(self)

    monkeypatch.setattr(OptionSchema, "as_dict", counted)
    assert hash(options) == hash(options) == hash(RedisClients(frozenset({"a"})))
    assert len(asked) == 2  # once per record
    assert options == RedisClients(frozenset({"a"}))
    assert pickle.loads(pickle.dumps(options)) == options
    assert repr(options) == "RedisClients(client_types=frozenset({'a'}), client_names=frozenset())"
