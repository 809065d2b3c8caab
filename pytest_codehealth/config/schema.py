"""A light frozen record for rule options: what `@dataclass(frozen=True)` gave, cheaper to import.

A hook imports every schema on every run; a dataclass costs an `exec` per generated method and
pulls in `inspect`. A subclass of `OptionSchema` lists its fields as annotated class attributes
(a default, or `option(default, ...)` for a parser, a lower bound or the choices of a
`Literal`); `__init_subclass__` reads them into `FIELDS` once, from the annotation text, with no
`eval`. `typing.dataclass_transform` tells mypy the constructor, so the schemas stay typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Self, TypeVar, dataclass_transform

_T = TypeVar("_T")
# the annotations a converter knows (`options.convert_table`); `Literal[...]` needs choices
KINDS = frozenset({"bool", "int", "float", "str", "frozenset[str]", "tuple[str, ...]"})


class FrozenOptionsError(AttributeError):
    """An attempt to change a field of a frozen options record."""


class OptionField:
    """One field of a schema: its name, default, annotation text and how a raw value is checked."""

    __slots__ = ("choices", "default", "kind", "low", "name", "parse")

    def __init__(
        self,
        default: Any,
        parse: Callable[[Any], Any] | None = None,
        low: float | None = None,
        choices: tuple[Any, ...] | None = None,
    ) -> None:
        self.name, self.kind = "", ""
        self.default, self.parse, self.low, self.choices = default, parse, low, choices

    def __repr__(self) -> str:
        return f"OptionField({self.name!r}, {self.kind!r}, default={self.default!r})"


def option(
    *,
    default: _T,  # by keyword: that is how `dataclass_transform` tells mypy the default
    parse: Callable[[Any], _T] | None = None,
    low: float | None = None,
    choices: tuple[_T, ...] | None = None,
) -> _T:
    """A field with more than a default: a parser, a lower bound or the choices of a `Literal`."""
    spec: _T = OptionField(default, parse, low, choices)  # type: ignore[assignment]  # see below
    return spec  # typed as the value: mypy reads the default (see `dataclass_transform`)


@dataclass_transform(frozen_default=True, field_specifiers=(option,))
class OptionSchema:
    """The base of every rule's options: built as a dataclass is, frozen, equal by value."""

    FIELDS: ClassVar[dict[str, OptionField]] = {}

    def __init_subclass__(cls) -> None:
        fields = dict(cls.FIELDS)  # a base's fields first, as dataclasses order them
        for name, kind in vars(cls).get("__annotations__", {}).items():
            if kind.startswith("ClassVar["):
                continue
            spec = vars(cls).get(name, fields[name].default if name in fields else None)
            spec = spec if isinstance(spec, OptionField) else OptionField(spec)
            spec.name, spec.kind = name, kind
            literal = kind.startswith("Literal[") and spec.choices is not None
            if kind not in KINDS and spec.parse is None and not literal:
                raise TypeError(f"{cls.__name__}.{name}: unsupported option type `{kind}`")
            fields[name] = spec
            if name in vars(cls):
                delattr(cls, name)  # the instance holds the value
        cls.FIELDS = fields

    def __init__(self, *args: Any, **values: Any) -> None:
        if len(args) > len(self.FIELDS):
            raise TypeError(f"{type(self).__name__} takes {len(self.FIELDS)} options")
        positional = dict(zip(self.FIELDS, args, strict=False))  # in field order
        if positional.keys() & values.keys():
            raise TypeError(f"{type(self).__name__} got an option twice")
        values.update(positional)
        unknown = values.keys() - self.FIELDS.keys()
        if unknown:
            raise TypeError(f"{type(self).__name__} has no option {', '.join(sorted(unknown))}")
        for name, spec in self.FIELDS.items():
            object.__setattr__(self, name, values.get(name, spec.default))

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed (as `dataclasses.replace`)."""
        return type(self)(**{**self.as_dict(), **changes})

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenOptionsError(f"cannot assign to field `{name}`: options are frozen")

    def __delattr__(self, name: str) -> None:
        raise FrozenOptionsError(f"cannot delete field `{name}`: options are frozen")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OptionSchema) or type(other) is not type(self):
            return NotImplemented
        return self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        """Worked out once: options key the memos of a run (facts, followed imports)."""
        known: int | None = vars(self).get("_hash")
        if known is None:
            known = hash((type(self), tuple(self.as_dict().values())))
            object.__setattr__(self, "_hash", known)
        return known

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={value!r}" for name, value in self.as_dict().items())
        return f"{type(self).__name__}({values})"

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.as_dict())


def _rebuild(cls: type[OptionSchema], values: dict[str, Any]) -> OptionSchema:
    """Unpickle (worker processes get the settings): through `__init__`, as frozen records do."""
    return cls(**values)
