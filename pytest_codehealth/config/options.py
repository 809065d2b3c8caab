"""Turn a rule's raw TOML table into typed values for its frozen `Options` dataclass.

Keys are kebab-case in TOML and snake_case on the dataclass. Field types drive the check:
`int`, `float`, `bool`, `str`, `Literal[...]`, `frozenset[str]`, `tuple[str, ...]`; a
field's `metadata["parse"]` (value -> value, raising ValueError) handles anything else and
`metadata["min"]` bounds a number.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from typing import Any

from pytest_codehealth.config.wording import toml, unknown_option


class OptionError(ValueError):
    """A bad option value; `key` is the kebab-case key within the rule's table."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


def option_keys(options_type: type[Any]) -> list[str]:
    return [field.name.replace("_", "-") for field in dataclasses.fields(options_type)]


def convert_table(options_type: type[Any], table: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a rule table; returns snake_case field -> typed value for the given keys."""
    fields = {field.name: field for field in dataclasses.fields(options_type)}
    hints = typing.get_type_hints(options_type)
    values = {}
    for key, raw in table.items():
        attr = key.replace("-", "_")
        if attr not in fields or "_" in key:
            raise OptionError(key, unknown_option(key, option_keys(options_type)))
        try:
            values[attr] = _convert(hints[attr], fields[attr].metadata, raw)
        except ValueError as exc:
            raise OptionError(key, str(exc)) from None
    return values


def _convert(hint: Any, metadata: Mapping[str, Any], raw: Any) -> Any:
    if "parse" in metadata:
        return metadata["parse"](raw)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        choices = typing.get_args(hint)
        if raw not in choices:
            raise ValueError(f"expected one of {', '.join(map(toml, choices))}, got {toml(raw)}")
        return raw
    if origin in (frozenset, tuple):
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise ValueError(f"expected a list of strings, got {toml(raw)}")
        return origin(raw)
    return _scalar(hint, metadata, raw)


def _scalar(hint: Any, metadata: Mapping[str, Any], raw: Any) -> Any:
    if hint is bool:
        return _expect(raw, isinstance(raw, bool), "true or false")
    if hint in (int, float):
        return _number(hint, metadata.get("min"), raw)
    if hint is str:
        return _expect(raw, isinstance(raw, str), "a string")
    raise TypeError(f"unsupported option type {hint!r}")  # a bug in a rule, not user input


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
