"""The module's own classes and functions, for the Redis rules: what they make and return.

A class holds what `self.<attr>` is assigned in any of its methods (and class attributes),
its properties and its methods' results; a subclass of a client type is that client. What
a function or method returns comes from its return annotation, else from its `return`
statements when they all agree (`def get_redis(): return redis.asyncio.from_url(...)`, a
property returning `self._pipeline_class(...)`). Results are worked out on demand.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable

from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.record import Record, field
from pytest_codehealth.rules.redis._scope import (
    COMPREHENSIONS,
    Binding,
    FunctionNode,
    Scope,
    ScopeInfo,
    parameters,
)
from pytest_codehealth.rules.redis._types import Kind

Result = tuple[Kind, bool]  # what a call gives, and whether the function is `async def`
PROPERTIES = frozenset({"property", "cached_property", "functools.cached_property"})
_NOT_FACTORIES = frozenset({"contextmanager", "asynccontextmanager", "contextlib.contextmanager"})
_INNER = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, *COMPREHENSIONS)


class ClassInfo(Record, frozen=False):
    """A class of the module: what `self.<attr>` holds, what its methods return."""

    node: ast.ClassDef
    kind: Kind | None = None  # set when it subclasses a client type
    methods: dict[str, FunctionNode] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)  # classes of the module
    remote_bases: list[Kind] = field(default_factory=list)  # classes of other modules
    assigned: dict[str, list[tuple[Binding, ast.AST]]] = field(default_factory=dict)
    attrs: dict[str, Kind | None] = field(default_factory=dict)  # resolved on demand

    def add_base(self, kind: Kind | None) -> None:
        """A base that is not a class of the module: a client type, or another module's."""
        if kind is not None and kind.is_redis:
            self.kind = kind
        elif kind is not None and kind.family == "remote":
            self.remote_bases.append(kind)

    def is_property(self, name: str) -> bool:
        method = self.methods.get(name)
        return method is not None and decorated(method, PROPERTIES)


def read_class(info: ClassInfo, index: dict[ast.AST, ScopeInfo]) -> None:
    """Methods, class attributes and `self.<attr> = ...` of a class."""
    for binding in index[info.node].bindings:  # class attributes
        info.assigned.setdefault(binding.name, []).append((binding, info.node))
    for node in info.node.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            info.methods[node.name] = node
            _read_method(node, info, index)


def _read_method(node: FunctionNode, info: ClassInfo, index: dict[ast.AST, ScopeInfo]) -> None:
    params = parameters(node)
    if not params or is_static(node):
        return
    for target, binding in index[node].attributes:
        if dotted_name(target.value) == params[0].arg:
            named = Binding(target.attr, binding.value, binding.annotation)
            info.assigned.setdefault(target.attr, []).append((named, node))


def parameter_bindings(node: FunctionNode | ast.Lambda, owner: str | None) -> list[Binding]:
    """A function's parameters; `self` of a method of the module's class `owner` is pinned."""
    bindings = []
    for index, arg in enumerate(parameters(node)):
        is_self = owner is not None and index == 0 and not is_static(node)
        pinned = Kind("local", owner) if is_self and owner else None
        bindings.append(Binding(arg.arg, None, arg.annotation, pinned))
    return bindings


def returned_values(node: FunctionNode) -> list[ast.expr] | None:
    """The values a function returns (not `None`); None if it is a generator or a context
    manager, or returns nothing we could follow."""
    if decorated(node, _NOT_FACTORIES):
        return None
    values: list[ast.expr] = []
    stack: list[ast.AST] = list(node.body)
    while stack:
        child = stack.pop()
        if isinstance(child, ast.Yield | ast.YieldFrom):
            return None
        if isinstance(child, ast.Return) and child.value is not None and not is_none(child.value):
            values.append(child.value)
        if not isinstance(child, _INNER):
            stack.extend(ast.iter_child_nodes(child))
    return values or None


def agreed(kinds: Iterable[Kind | None]) -> Kind | None:
    """The one kind every value has; None if any is unknown or they differ."""
    found: Kind | None = None
    for kind in kinds:
        if kind is None or (found is not None and not found.same(kind)):
            return None
        found = kind if found is None or found.weak else found
    return found


def result_of(
    node: FunctionNode,
    annotated: Callable[[ast.expr | None], Kind | None],
    evaluate: Callable[[ast.expr], Kind | None],
) -> Result | None:
    """What calling `node` gives: its `return`s if they agree on a kind, else its annotation."""
    values = returned_values(node)
    kind = agreed(evaluate(value) for value in values) if values else None
    kind = kind or annotated(node.returns)
    return None if kind is None else (kind, isinstance(node, ast.AsyncFunctionDef))


def is_none(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def is_static(node: FunctionNode | ast.Lambda) -> bool:
    return not isinstance(node, ast.Lambda) and decorated(node, {"staticmethod", "classmethod"})


def decorated(node: FunctionNode, names: Iterable[str]) -> bool:
    wanted = set(names)
    return any(dotted_name(_called(decorator)) in wanted for decorator in node.decorator_list)


def _called(decorator: ast.expr) -> ast.expr:
    """`@lru_cache(maxsize=1)` is `lru_cache`."""
    return decorator.func if isinstance(decorator, ast.Call) else decorator


__all__ = ["ClassInfo", "Result", "Scope", "agreed", "read_class", "result_of"]
