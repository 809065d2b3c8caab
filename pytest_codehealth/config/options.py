"""Turn a rule's raw TOML table into typed values for its frozen `OptionSchema`.

Keys are kebab-case in TOML and snake_case on the schema. A field's annotation text drives the
check: `int`, `float`, `bool`, `str`, `Literal[...]` (its `choices`), `frozenset[str]`,
`tuple[str, ...]`; a field's `parse` (value -> value, raising ValueError) handles anything else
and `low` bounds a number. No annotation is evaluated (`typing.get_type_hints`) at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_codehealth.config.schema import OptionField, OptionSchema
from pytest_codehealth.config.wording import toml, unknown_option


class OptionError(ValueError):
    """A bad option value; `key` is the kebab-case key within the rule's table."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def option_keys(options_type: type[OptionSchema]) -> list[str]:
    return [name.replace("_", "-") for name in options_type.FIELDS]


def convert_table(options_type: type[OptionSchema], table: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a rule table; returns snake_case field -> typed value for the given keys."""
    fields = options_type.FIELDS
    values = {}
    for key, raw in table.items():
        attr = key.replace("-", "_")
        if attr not in fields or "_" in key:
            raise OptionError(key, unknown_option(key, option_keys(options_type)))
        try:
            values[attr] = _convert(fields[attr], raw)
        except ValueError as exc:
            raise OptionError(key, str(exc)) from None
    return values


def _convert(spec: OptionField, raw: Any) -> Any:
    if spec.parse is not None:
        return spec.parse(raw)
    if spec.choices is not None:
        if raw not in spec.choices:
            choices = ", ".join(map(toml, spec.choices))
            raise ValueError(f"expected one of {choices}, got {toml(raw)}")
        return raw
    if spec.kind in ("frozenset[str]", "tuple[str, ...]"):
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise ValueError(f"expected a list of strings, got {toml(raw)}")
        return (frozenset if spec.kind.startswith("frozenset") else tuple)(raw)
    return _scalar(spec, raw)


def _scalar(spec: OptionField, raw: Any) -> Any:
    if spec.kind == "bool":
        return _expect(raw, isinstance(raw, bool), "true or false")
    if spec.kind in ("int", "float"):
        return _number(int if spec.kind == "int" else float, spec.low, raw)
    if spec.kind == "str":
        return _expect(raw, isinstance(raw, str), "a string")
    raise TypeError(f"unsupported option type `{spec.kind}`")  # a bug in a rule, not user input


def _expect(raw: Any, ok: bool, what: str) -> Any:
    if not ok:
        raise ValueError(f"expected {what}, got {toml(raw)}")
    return raw


def _number(hint: type[Any], low: float | None, raw: Any) -> Any:
    ok = isinstance(raw, int if hint is int else int | float) and not isinstance(raw, bool)
    _expect(raw, ok, "an integer" if hint is int else "a number")
    if low is not None and raw < low:
        raise ValueError(f"expected a number >= {low}, got {toml(raw)}")
    return hint(raw)
