"""What a value is made of: a clock reading, and whether something random or unique is mixed in.

Used by CH003 (`timestamp-id`). `Evaluator.value(expr)` follows the derivations a clock
reading goes through on its way into an id (`int()`, `str()`, `.strftime()`, f-strings,
`%`, `.format()`, `+`, hashing) and local variables bound earlier in the same scope.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pytest_codehealth.core.ast_helpers import dotted_name, qualified_name, snake_case
from pytest_codehealth.core.record import Record
from pytest_codehealth.rules.ids._clock_data import (
    CLOCK_CALLS,
    DAY_CALLS,
    DAY_METHODS,
    DEFAULT_METHODS,
    ENTROPY_MODULES,
    ENTROPY_WORDS,
    NUMBER_BUILTINS,
    NUMBER_METHODS,
    SAME_METHODS,
    TEXT_BUILTINS,
    TEXT_METHODS,
    TIME_CONVERTERS,
    WEAK_RANDOM,
    day_format,
)

_PRESERVING_OPS = (ast.Add, ast.Mult)
_LEFT_OPS = (ast.Div, ast.FloorDiv, ast.Mod)
_DEFAULTS = ("default", "default_factory")
_READINGS = frozenset({*CLOCK_CALLS, *TIME_CONVERTERS, *DAY_CALLS})


class Value(Record):
    """What a value derives from: a clock reading (`clock`), something random or unique
    (`entropy`), the local variable it came through (`via`: name, line), and whether the
    clock part reached it as text (`text`) rather than as a number or a datetime."""

    clock: ast.expr | None = None
    entropy: bool = False
    via: tuple[str, int] | None = None
    text: bool = False
    day: bool = False  # the clock part is cut down to its day (`date.today()`, `%Y%m%d`)

    @property
    def timestamp_only(self) -> bool:
        return self.clock is not None and not self.entropy

    def as_text(self, text: bool = True) -> Value:
        return self.replace(text=text) if self.clock is not None else self

    def as_day(self) -> Value:
        return self.replace(day=True) if self.clock is not None else self


NOTHING = Value()
RANDOM = Value(None, True)


def combine(values: Iterable[Value]) -> Value:
    """A value built from all of these (an f-string, a concatenation)."""
    result = NOTHING
    for value in values:
        finer = value.clock is not None and (result.clock is None or result.day > value.day)
        if finer:  # the first clock part, or one finer than a day
            result = value.replace(entropy=result.entropy or value.entropy)
        else:
            text = result.text or (value.text and value.clock is not None)
            result = result.replace(entropy=result.entropy or value.entropy, text=text)
    return result


def either(values: Iterable[Value]) -> Value:
    """A value that is one of these (`a or b`, `a if c else b`): a bare timestamp wins."""
    values = list(values)
    for value in values:
        if value.timestamp_only:
            return value
    return Value(None, any(value.entropy for value in values))


def clock_lines(calls: Iterable[ast.Call], imports: Mapping[str, str]) -> list[int]:
    """Sorted lines of the calls that read the clock or take a clock as a field default."""
    lines = []
    for call in calls:
        names = [qualified_name(call.func, imports)]
        names += [qualified_name(k.value, imports) for k in call.keywords if k.arg in _DEFAULTS]
        if any(
            name in CLOCK_CALLS or name in TIME_CONVERTERS or name in DAY_CALLS for name in names
        ):
            lines.append(call.lineno)
    return sorted(lines)


def has_entropy_name(name: str) -> bool:
    """`suffix_token`, `_seq`, `uuid4`, `randbits`: a name that says random or counter."""
    words = snake_case(name).split("_")
    return any(word in ENTROPY_WORDS or word.startswith(("uuid", "rand")) for word in words)


class Evaluator:
    """Values of expressions in one scope, with the local variables bound so far."""

    def __init__(self, imports: Mapping[str, str]) -> None:
        self.imports = imports
        self.env: dict[str, Value] = {}
        self._dispatch: dict[type[ast.AST], Callable[[Any], Value]] = {
            ast.Call: self._call,
            ast.JoinedStr: lambda node: combine(map(self.value, node.values)).as_text(),
            ast.FormattedValue: self._formatted,
            ast.BinOp: self._binop,
            ast.BoolOp: lambda node: either(map(self.value, node.values)),
            ast.IfExp: lambda node: either((self.value(node.body), self.value(node.orelse))),
            ast.Subscript: lambda node: self.value(node.value),
            ast.Name: self._name,
            ast.Attribute: self._attribute,
            ast.NamedExpr: lambda node: self.value(node.value),
            ast.ListComp: lambda node: self.value(node.elt),
            ast.GeneratorExp: lambda node: self.value(node.elt),
            ast.List: lambda node: combine(map(self.value, node.elts)),
            ast.Tuple: lambda node: combine(map(self.value, node.elts)),
        }

    def value(self, node: ast.expr | None) -> Value:
        if node is None:
            return NOTHING
        handler = self._dispatch.get(type(node))
        return handler(node) if handler is not None else NOTHING

    def bind(self, key: str, value: Value, line: int) -> None:
        """Record what a local name (or `self.attr`) holds after an assignment."""
        if value.clock is None and not value.entropy:
            self.env.pop(key, None)
        elif value.via or value.clock is None:
            self.env[key] = value
        else:
            self.env[key] = value.replace(via=(key, line))

    def qualified(self, node: ast.expr) -> str | None:
        return qualified_name(node, self.imports)

    def is_clock_function(self, node: ast.expr) -> bool:
        """`time.time` itself (not called), as in `default_factory=time.time`."""
        return self.qualified(node) in CLOCK_CALLS

    def _call(self, node: ast.Call) -> Value:
        name = self.qualified(node.func)
        known = self._known_call(node, name) if name is not None else self._builtin(node)
        if known is not None:
            return known
        if isinstance(node.func, ast.Attribute):
            return self._method(node, node.func)
        callee = _callee_name(node.func)
        if callee in DEFAULT_METHODS:
            return self._default(node, DEFAULT_METHODS[callee])
        return self._unknown_call(node)

    def _builtin(self, node: ast.Call) -> Value | None:
        """`str(...)`, `int(...)` and the like pass the value on; `next(...)` is a counter."""
        callee = node.func.id if isinstance(node.func, ast.Name) else None
        if callee in TEXT_BUILTINS or callee in NUMBER_BUILTINS:
            first = self.value(node.args[0]) if node.args else NOTHING
            return first.as_text(callee in TEXT_BUILTINS)
        return RANDOM if callee == "next" else None

    def _known_call(self, node: ast.Call, name: str) -> Value | None:
        if name in CLOCK_CALLS:
            return Value(node)
        if name in TIME_CONVERTERS:
            return self._time_converter(node, name)
        if name in DAY_CALLS:
            return Value(node, day=True)
        if name.startswith("hashlib."):
            return combine(map(self.value, node.args)).as_text()
        return _randomness(name)

    def _time_converter(self, node: ast.Call, name: str) -> Value:
        """`time.strftime(fmt)` reads the clock; `time.strftime(fmt, t)` converts `t`."""
        index, text = TIME_CONVERTERS[name]
        day = name == "time.strftime" and bool(node.args) and _day_format(node.args[0])
        if len(node.args) <= index and not node.keywords:
            return Value(node, text=text, day=day)
        if len(node.args) <= index:
            return NOTHING
        value = self.value(node.args[index]).as_text(text)
        return value.as_day() if day else value

    def _method(self, node: ast.Call, func: ast.Attribute) -> Value:
        method, receiver = func.attr, self.value(func.value)
        if method == "strftime" and node.args and _day_format(node.args[0]):
            return receiver.as_text().as_day()
        if method in TEXT_METHODS or method in NUMBER_METHODS:
            return receiver.as_text(method in TEXT_METHODS)
        if method in SAME_METHODS:
            return receiver
        if method in DAY_METHODS:
            return receiver.as_day()
        return self._other_method(node, func, receiver)

    def _other_method(self, node: ast.Call, func: ast.Attribute, receiver: Value) -> Value:
        method = func.attr
        if isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
            if method == "format":
                parts = [*node.args, *(keyword.value for keyword in node.keywords)]
                return combine(map(self.value, parts)).as_text()
            if method == "join" and node.args:
                return self.value(node.args[0]).as_text()
        if method in DEFAULT_METHODS:
            return either((receiver, self._default(node, DEFAULT_METHODS[method])))
        return RANDOM if receiver.entropy else self._unknown_call(node)

    def _default(self, node: ast.Call, index: int) -> Value:
        """The fallback of `.get(key, default)`, `os.getenv(name, default)`."""
        defaults = [keyword.value for keyword in node.keywords if keyword.arg == "default"]
        if len(node.args) > index:
            defaults.append(node.args[index])
        return either(map(self.value, defaults))

    def _unknown_call(self, node: ast.Call) -> Value:
        """A call we cannot see into: only a field default, or randomness, passes through."""
        if has_entropy_name(_callee_name(node.func)):
            return RANDOM
        for keyword in node.keywords:
            if keyword.arg in _DEFAULTS:
                factory = self.factory(keyword.value)
                if factory.clock is not None:
                    return factory
        args = [*node.args, *(keyword.value for keyword in node.keywords)]
        return Value(None, any(self.value(arg).entropy for arg in args))

    def factory(self, node: ast.expr) -> Value:
        """What a default factory makes: `time.time`, `lambda: str(time.time())`."""
        if isinstance(node, ast.Lambda):
            return self.value(node.body)
        if self.is_clock_function(node):
            return Value(node)
        return self.value(node) if isinstance(node, ast.Call | ast.JoinedStr) else NOTHING

    def _binop(self, node: ast.BinOp) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        if isinstance(node.op, ast.Mod) and _is_text(node.left):
            return combine((left, right)).as_text()  # "%s-%d" % (prefix, time.time())
        if isinstance(node.op, _PRESERVING_OPS):
            return combine((left, right))
        if isinstance(node.op, ast.Sub):
            if left.clock is not None and right.clock is not None:
                return Value(None, left.entropy or right.entropy)  # a duration
            return combine((left, right))
        if isinstance(node.op, _LEFT_OPS):
            return left
        return NOTHING  # bit operations build snowflake-style ids on purpose

    def _formatted(self, node: ast.FormattedValue) -> Value:
        """`f"{now:%Y%m%d}"` keeps only the day of the clock reading."""
        value = self.value(node.value)
        spec = node.format_spec
        parts = spec.values if isinstance(spec, ast.JoinedStr) else []
        if parts and all(isinstance(part, ast.Constant) for part in parts):
            text = "".join(str(part.value) for part in parts if isinstance(part, ast.Constant))
            return value.as_day() if "%" in text and day_format(text) else value
        return value

    def _name(self, node: ast.Name) -> Value:
        if node.id in self.env:
            return self.env[node.id]
        return Value(None, has_entropy_name(node.id))

    def _attribute(self, node: ast.Attribute) -> Value:
        dotted = dotted_name(node)
        if dotted is not None and dotted in self.env:
            return self.env[dotted]
        if has_entropy_name(node.attr):
            return RANDOM
        return Value(None, self.value(node.value).entropy)  # `uuid4().hex`, not `now().year`


def _randomness(name: str) -> Value | None:
    """uuid/secrets-grade randomness makes an id unique; the `random` module does not (a few
    `random.choice` characters after a timestamp still collide)."""
    if _within(name, ENTROPY_MODULES):
        return RANDOM
    return NOTHING if _within(name, WEAK_RANDOM) else None


def _within(name: str, modules: Iterable[str]) -> bool:
    return any(name == module or name.startswith(f"{module}.") for module in modules)


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    )


def _day_format(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and day_format(node.value)


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
