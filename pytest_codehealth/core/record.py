"""A light record: what `@dataclass` gave the run path's records, without importing `dataclasses`.

A hook that finds every result in the cache builds a few records and nothing else: importing
`dataclasses` (and with it `inspect`, `ast`, `dis`, `tokenize`) cost more than the whole of such
a run's work. A subclass lists its fields as annotated class attributes (a default, or
`field(...)`); `__init_subclass__` reads them once from the annotation text and writes
`__init__`, `__eq__` and, with `order=True`, the comparisons as plain code (one `exec` per
class), so that building and sorting thousands of findings costs what it did with dataclasses.
`typing.dataclass_transform` tells mypy the constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self, dataclass_transform

_MISSING: Any = object()


class Field:
    """One field: its default (or the factory making one) and whether it is compared and shown."""

    __slots__ = ("compare", "default", "factory", "shown")

    def __init__(
        self, default: Any, factory: Callable[[], Any] | None, compare: bool, shown: bool
    ) -> None:
        self.default, self.factory, self.compare, self.shown = default, factory, compare, shown


def field(
    *,
    default: Any = _MISSING,
    default_factory: Callable[[], Any] | None = None,
    compare: bool = True,
    repr: bool = True,  # the name `dataclasses.field` gives it
) -> Any:
    """A field with more than a default: a factory, or left out of comparisons or the repr."""
    return Field(default, default_factory, compare, repr)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """Built, compared, hashed, ordered (`order=True`) and shown as a dataclass would be;
    frozen unless `frozen=False`; `replace(**changes)` for a copy."""

    _FIELDS: ClassVar[dict[str, Field]] = {}
    _FROZEN: ClassVar[bool] = True

    def __init_subclass__(cls, *, frozen: bool = True, order: bool = False) -> None:
        fields = dict(cls._FIELDS)
        for name, kind in vars(cls).get("__annotations__", {}).items():
            if str(kind).startswith("ClassVar"):
                continue
            spec = vars(cls).get(name, _MISSING)
            if isinstance(spec, Field):
                delattr(cls, name)  # the instance holds the value
            else:
                spec = Field(spec, None, True, True)
            fields[name] = spec
        cls._FIELDS, cls._FROZEN = fields, frozen
        compared = [name for name, spec in fields.items() if spec.compare]
        for name, method in _methods(cls.__name__, fields, compared, order).items():
            setattr(cls, name, method)  # here, not in the body: mypy types them itself
        if not frozen:
            cls.__hash__ = None  # type: ignore[assignment]  # mutable and equal by value
            # a mutable record's fields are set as a plain object's: no frozen check to pay
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign, assignment]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign]

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        current = {name: getattr(self, name) for name in self._FIELDS}
        return type(self)(**{**current, **changes})

    def __setattr__(self, name: str, value: Any) -> None:
        if self._FROZEN:
            kind = type(self).__name__
            raise AttributeError(f"cannot assign to field `{name}`: {kind} is frozen")
        super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        if self._FROZEN:
            kind = type(self).__name__
            raise AttributeError(f"cannot delete field `{name}`: {kind} is frozen")
        super().__delattr__(name)

    def __repr__(self) -> str:
        shown = (name for name, spec in self._FIELDS.items() if spec.shown)
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{type(self).__name__}({values})"


def _methods(
    kind: str, fields: dict[str, Field], compared: list[str], order: bool
) -> dict[str, Callable[..., Any]]:
    """`__init__`, `__eq__`, `__hash__` (and the comparisons) as code, for `fields`."""
    scope: dict[str, Any] = {"MISSING": _MISSING}
    source = [*_init_source(kind, fields, scope), *_compare_source(compared, order)]
    exec("\n".join(source), scope)  # our own field names, read from the class
    made = ("__init__", "__eq__", "__hash__", "__lt__", "__le__", "__gt__", "__ge__")
    return {name: scope[name] for name in made if name in scope}


def _init_source(kind: str, fields: dict[str, Field], scope: dict[str, Any]) -> list[str]:
    """`__init__`: the fields by position or keyword, defaults and factories from `scope`."""
    parameters, lines, defaulted = [], [], False
    for index, (name, spec) in enumerate(fields.items()):
        if spec.factory is not None:
            scope[f"_f{index}"] = spec.factory
            parameters.append(f"{name}=MISSING")
            lines.append(f"  {name} = _f{index}() if {name} is MISSING else {name}")
        elif spec.default is not _MISSING:
            scope[f"_d{index}"] = spec.default
            parameters.append(f"{name}=_d{index}")
        elif defaulted:
            raise TypeError(f"{kind}: field `{name}` without a default follows one with a default")
        else:
            parameters.append(name)
        defaulted = defaulted or spec.factory is not None or spec.default is not _MISSING
    state = ", ".join(f"{name!r}: {name}" for name in fields)
    return [
        f"def __init__(self, {', '.join(parameters)}):",
        *lines,
        f"  self.__dict__.update({{{state}}})",
    ]


def _compare_source(compared: list[str], order: bool) -> list[str]:
    """`__eq__` and `__hash__` on the compared fields, and the comparisons with `order`."""
    mine = "(" + "".join(f"self.{name}, " for name in compared) + ")"
    theirs = mine.replace("self.", "other.")
    source = [
        "def __eq__(self, other):",
        "  if other.__class__ is not self.__class__: return NotImplemented",
        f"  return {mine} == {theirs}",
        f"def __hash__(self): return hash({mine})",
    ]
    for name, operator in (("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">=")) if order else ():
        source += [
            f"def __{name}__(self, other):",
            "  if other.__class__ is not self.__class__: return NotImplemented",
            f"  return {mine} {operator} {theirs}",
        ]
    return source
