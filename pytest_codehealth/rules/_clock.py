"""What a value is made of: a clock reading, and whether something random or unique is mixed in.

Used by CH003 (`timestamp-id`). `Evaluator.value(expr)` follows the derivations a clock
reading goes through on its way into an id (`int()`, `str()`, `.strftime()`, f-strings,
`%`, `.format()`, `+`, hashing) and local variables bound earlier in the same scope.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from pytest_codehealth._ast_helpers import dotted_name, qualified_name, snake_case

# Calls that read the clock whatever their arguments.
CLOCK_CALLS = frozenset(
    {
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.monotonic_ns",
        "time.perf_counter",
        "time.perf_counter_ns",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "django.utils.timezone.now",
        "arrow.now",
        "arrow.utcnow",
        "pendulum.now",
        "pandas.Timestamp.now",
        "pandas.Timestamp.utcnow",
    }
)
# Calls that read the clock when given no time (`time.strftime(fmt)`), else convert the time
# they are given: the number is how many positional arguments come before that time.
TIME_CONVERTERS = {
    "time.strftime": 1,
    "time.localtime": 0,
    "time.gmtime": 0,
    "time.ctime": 0,
    "time.asctime": 0,
    "time.mktime": 0,
    "calendar.timegm": 0,
    "datetime.datetime.fromtimestamp": 0,
    "datetime.datetime.utcfromtimestamp": 0,
    "datetime.date.fromtimestamp": 0,
}
# Calls and modules whose values make an id unique on their own.
ENTROPY_MODULES = (
    "uuid",
    "secrets",
    "random",
    "numpy.random",
    "os.urandom",
    "itertools.count",
    "shortuuid",
    "nanoid",
    "ulid",
    "ksuid",
    "cuid",
    "bson",
)
# Words in a variable or function name that say its value is random or a counter.
ENTROPY_WORDS = frozenset(
    {
        "uuid",
        "guid",
        "random",
        "rand",
        "nonce",
        "token",
        "secret",
        "salt",
        "entropy",
        "urandom",
        "counter",
        "count",
        "seq",
        "sequence",
        "serial",
        "incr",
        "increment",
        "ulid",
        "nanoid",
        "objectid",
    }
)
CONVERTERS = frozenset({"int", "str", "float", "round", "hex", "oct", "format", "abs", "repr"})
DERIVING_METHODS = frozenset(
    {
        "timestamp",
        "strftime",
        "isoformat",
        "ctime",
        "date",
        "astimezone",
        "replace",
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "zfill",
        "ljust",
        "rjust",
        "encode",
        "decode",
        "hex",
        "hexdigest",
        "digest",
        "split",
        "rsplit",
        "removeprefix",
        "removesuffix",
    }
)
DEFAULT_METHODS = {"get": 1, "pop": 1, "setdefault": 1, "getenv": 1}
_PRESERVING_OPS = (ast.Add, ast.Mult)
_LEFT_OPS = (ast.Div, ast.FloorDiv, ast.Mod)


@dataclass(frozen=True)
class Value:
    """A clock reading the value derives from (if any), whether it also holds randomness,
    and the local variable it came through (name, line)."""

    clock: ast.expr | None = None
    entropy: bool = False
    via: tuple[str, int] | None = None

    @property
    def timestamp_only(self) -> bool:
        return self.clock is not None and not self.entropy


NOTHING = Value()


def combine(values: Iterable[Value]) -> Value:
    """A value built from all of these (an f-string, a concatenation)."""
    result = NOTHING
    for value in values:
        clock = result.clock if result.clock is not None else value.clock
        via = result.via if result.clock is not None else value.via
        result = Value(clock, result.entropy or value.entropy, via)
    return result


def either(values: Iterable[Value]) -> Value:
    """A value that is one of these (`a or b`, `a if c else b`): a bare timestamp wins."""
    values = list(values)
    for value in values:
        if value.timestamp_only:
            return value
    return Value(None, any(value.entropy for value in values))


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
            ast.JoinedStr: self._fstring,
            ast.FormattedValue: lambda node: self.value(node.value),
            ast.BinOp: self._binop,
            ast.BoolOp: lambda node: either(map(self.value, node.values)),
            ast.IfExp: lambda node: either((self.value(node.body), self.value(node.orelse))),
            ast.Subscript: lambda node: self.value(node.value),
            ast.Name: self._name,
            ast.Attribute: self._attribute,
            ast.NamedExpr: lambda node: self.value(node.value),
            ast.ListComp: lambda node: self.value(node.elt),
            ast.GeneratorExp: lambda node: self.value(node.elt),
            ast.List: self._elements,
            ast.Tuple: self._elements,
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
        else:
            self.env[key] = (
                value if value.via or value.clock is None else replace(value, via=(key, line))
            )

    def qualified(self, node: ast.expr) -> str | None:
        return qualified_name(node, self.imports)

    def is_clock_function(self, node: ast.expr) -> bool:
        """`time.time` itself (not called), as in `default_factory=time.time`."""
        return self.qualified(node) in CLOCK_CALLS

    def _call(self, node: ast.Call) -> Value:
        name = self.qualified(node.func)
        known = self._known_call(node, name) if name is not None else None
        if known is not None:
            return known
        callee = _callee_name(node.func)
        if name is None and isinstance(node.func, ast.Name) and callee in CONVERTERS:
            return self.value(node.args[0]) if node.args else NOTHING
        if name is None and callee == "next":
            return Value(None, True)  # a counter
        if isinstance(node.func, ast.Attribute):
            return self._method(node, node.func)
        if callee in DEFAULT_METHODS:
            return self._default(node, DEFAULT_METHODS[callee])
        return self._unknown_call(node)

    def _known_call(self, node: ast.Call, name: str) -> Value | None:
        if name in CLOCK_CALLS:
            return Value(node)
        if name in TIME_CONVERTERS:
            index = TIME_CONVERTERS[name]
            if len(node.args) <= index and not node.keywords:
                return Value(node)
            return self.value(node.args[index]) if len(node.args) > index else NOTHING
        if name.startswith("hashlib."):
            return combine(map(self.value, node.args))
        if any(name == module or name.startswith(f"{module}.") for module in ENTROPY_MODULES):
            return Value(None, True)
        return None

    def _method(self, node: ast.Call, func: ast.Attribute) -> Value:
        method = func.attr
        receiver = self.value(func.value)
        if method in DERIVING_METHODS:
            return receiver
        if isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
            if method == "format":
                parts = [*node.args, *(keyword.value for keyword in node.keywords)]
                return combine(map(self.value, parts))
            if method == "join" and node.args:
                return self.value(node.args[0])
        if method in DEFAULT_METHODS:
            return either((receiver, self._default(node, DEFAULT_METHODS[method])))
        if receiver.entropy:
            return Value(None, True)
        return self._unknown_call(node)

    def _default(self, node: ast.Call, index: int) -> Value:
        """The fallback of `.get(key, default)`, `os.getenv(name, default)`."""
        defaults = [keyword.value for keyword in node.keywords if keyword.arg == "default"]
        if len(node.args) > index:
            defaults.append(node.args[index])
        return either(map(self.value, defaults))

    def _unknown_call(self, node: ast.Call) -> Value:
        """A call we cannot see into: only a field default, or randomness, passes through."""
        if has_entropy_name(_callee_name(node.func)):
            return Value(None, True)
        for keyword in node.keywords:
            if keyword.arg in ("default", "default_factory"):
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

    def _fstring(self, node: ast.JoinedStr) -> Value:
        return combine(self.value(part) for part in node.values)

    def _binop(self, node: ast.BinOp) -> Value:
        left, right = self.value(node.left), self.value(node.right)
        if isinstance(node.op, ast.Mod) and _is_text(node.left):
            return combine((left, right))  # "%s-%d" % (prefix, time.time())
        if isinstance(node.op, _PRESERVING_OPS):
            return combine((left, right))
        if isinstance(node.op, ast.Sub):
            both_clocks = left.clock is not None and right.clock is not None
            return (
                Value(None, left.entropy or right.entropy)
                if both_clocks
                else combine((left, right))
            )
        if isinstance(node.op, _LEFT_OPS):
            return left
        return NOTHING  # bit operations build snowflake-style ids on purpose

    def _name(self, node: ast.Name) -> Value:
        if node.id in self.env:
            return self.env[node.id]
        return Value(None, has_entropy_name(node.id))

    def _attribute(self, node: ast.Attribute) -> Value:
        dotted = dotted_name(node)
        if dotted is not None and dotted in self.env:
            return self.env[dotted]
        if has_entropy_name(node.attr):
            return Value(None, True)
        return Value(None, self.value(node.value).entropy)  # `uuid4().hex`, not `now().year`

    def _elements(self, node: ast.List | ast.Tuple) -> Value:
        return combine(map(self.value, node.elts))


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
    )


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""
