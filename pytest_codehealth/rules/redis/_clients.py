"""Which expressions of a module are Redis clients (and pipelines, locks...), without running it.

Sources of knowledge, all within the module: constructors and factories in every import form
(`redis.asyncio.Redis(...)`, `from_url`, `Sentinel(...).master_for(...)`, aioredis, coredis,
the sync `redis.Redis`), annotations of parameters, variables, class attributes and return
types (`Redis | None`, `Optional["Redis"]`), `self.attr = <client>` in any method of a class
(seen in all its methods and its subclasses in the module), module-level clients, `with` and
`async with ... as`, and the user's `client-types` and `client-names`. A name bound both to
a client and to something else is given up: a missed finding is cheaper than a false one.
Kinds are resolved lazily, name by name, so a module pays only for the names it calls.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.core.ast_helpers import dotted_name, import_map, qualified_name
from pytest_codehealth.rules.redis._data import AWAITABLE
from pytest_codehealth.rules.redis._scope import (
    Binding,
    FunctionNode,
    Scope,
    ScopeInfo,
    index_scopes,
    parameters,
)
from pytest_codehealth.rules.redis._types import (
    ASYNC_CLIENT,
    ASYNC_PIPELINE,
    FACTORY_METHODS,
    Kind,
    annotation_kind,
    type_kind,
)

_CONFLICT = Kind("", "")
_PROPERTIES = frozenset({"property", "cached_property", "functools.cached_property"})
_STAGED = AWAITABLE["redis.client"] - AWAITABLE["redis.pipeline"]


@dataclass
class ClassInfo:
    """A class of the module: what `self.<attr>` holds, what its methods return."""

    node: ast.ClassDef
    kind: Kind | None = None  # set when it subclasses a client type
    returns: dict[str, tuple[Kind, bool]] = field(default_factory=dict)  # (kind, is async)
    properties: dict[str, Kind] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)
    assigned: dict[str, list[tuple[Binding, ast.AST]]] = field(default_factory=dict)
    attrs: dict[str, Kind | None] = field(default_factory=dict)  # resolved on demand


class Model:
    """Kinds of expressions in one module."""

    def __init__(self, tree: ast.Module, options: RedisClients) -> None:
        self.imports = import_map(tree)
        self.user_types = options.client_types
        self.user_names = options.client_names
        self.index = index_scopes(tree)
        self.classes: dict[str, ClassInfo] = {}
        self.returns: dict[str, tuple[Kind, bool]] = {}
        self._scopes: dict[ast.AST, Scope] = {}
        exported = [b for info in self.index.values() for b in info.exported]
        self.module = Scope([*self.index[tree].bindings, *exported], self._evaluate)
        self._collect_definitions(tree)

    # -- kinds of expressions -------------------------------------------------------------

    def kind_of(self, node: ast.expr, scope: Scope) -> Kind | None:
        """What `node` evaluates to in `scope`, if it is a Redis object or a module class."""
        dotted = dotted_name(node)
        if dotted is not None and dotted in self.user_names:
            return ASYNC_CLIENT
        if isinstance(node, ast.Name):
            return scope.lookup(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute_kind(node, scope)
        if isinstance(node, ast.Call):
            return self._call_kind(node, scope)
        return self._compound_kind(node, scope)

    def _compound_kind(self, node: ast.expr, scope: Scope) -> Kind | None:
        if isinstance(node, ast.Await):
            return self._await_kind(node.value, scope)
        if isinstance(node, ast.BoolOp):
            return self._either(node.values, scope)
        if isinstance(node, ast.IfExp):
            return self._either([node.body, node.orelse], scope)
        if isinstance(node, ast.NamedExpr):
            return self.kind_of(node.value, scope)
        return None

    def type_of(self, node: ast.expr) -> Kind | None:
        """The kind of instances of a type expression (a class or a factory)."""
        if isinstance(node, ast.Name) and node.id in self.classes:
            info = self.classes[node.id]
            return info.kind or Kind("local", node.id)
        return type_kind(qualified_name(node, self.imports), dotted_name(node), self.user_types)

    def annotated(self, annotation: ast.expr | None) -> Kind | None:
        """The kind an annotation names; never the sync client: code bases annotate asyncio
        clients with `redis.Redis` (redis-om, limits), so only a constructor makes one sync."""
        if annotation is None:
            return None
        kind = annotation_kind(annotation, self.type_of)
        return None if kind is not None and kind.family == "sync" else kind

    def _attribute_kind(self, node: ast.Attribute, scope: Scope) -> Kind | None:
        owner = self.kind_of(node.value, scope)
        if owner is None or owner.family != "local":
            return None
        return self._class_member(owner.role, node.attr, set())

    def _class_member(self, name: str, attr: str, seen: set[str]) -> Kind | None:
        info = self.classes.get(name)
        if info is None or name in seen:
            return None
        seen.add(name)
        if attr in info.assigned or attr in info.properties:
            return self._attr(info, attr) or info.properties.get(attr)
        for base in info.bases:
            inherited = self._class_member(base, attr, seen)
            if inherited is not None:
                return inherited
        return None

    def _attr(self, info: ClassInfo, attr: str) -> Kind | None:
        if attr not in info.attrs:
            info.attrs[attr] = None  # an attribute built from itself stays unknown
            pairs = [
                (binding, self._scope_of(where, info)) for binding, where in info.assigned[attr]
            ]
            info.attrs[attr] = self._evaluate_pairs(pairs)
        return info.attrs[attr]

    def _call_kind(self, node: ast.Call, scope: Scope) -> Kind | None:
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = self.kind_of(func.value, scope)
            if owner is not None:
                return self._method_result(owner, func.attr, False)
        if isinstance(func, ast.Name) and scope.lookup(func.id) is not None:
            return None  # a variable that is called, not a type
        if isinstance(func, ast.Name) and func.id in self.returns:
            kind, is_async = self.returns[func.id]
            return None if is_async else kind
        return self.type_of(func)

    def _method_result(self, owner: Kind, method: str, awaited: bool) -> Kind | None:
        if owner.family == "local":
            info = self.classes.get(owner.role)
            found = info.returns.get(method) if info else None
            return found[0] if found and found[1] == awaited else None
        role = None if awaited else FACTORY_METHODS.get((owner.role, method))
        if role is not None:
            return Kind(owner.family, role)
        chained = not awaited and owner == ASYNC_PIPELINE and method in _STAGED
        return owner if chained else None  # `pipe.set(a).set(b)`

    def _await_kind(self, node: ast.expr, scope: Scope) -> Kind | None:
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Name) and func.id in self.returns:
            returned, is_async = self.returns[func.id]
            return returned if is_async else None
        if isinstance(func, ast.Attribute):
            owner = self.kind_of(func.value, scope)
            if owner is not None and owner.family == "local":
                return self._method_result(owner, func.attr, awaited=True)
        kind = self.kind_of(node, scope)
        return kind if kind is not None and kind.role == "client" else None  # `await Redis()`

    def _either(self, values: list[ast.expr], scope: Scope) -> Kind | None:
        """`client or Redis()`: the one kind among the operands we know."""
        kinds = {self.kind_of(value, scope) for value in values} - {None}
        return kinds.pop() if len(kinds) == 1 else None

    # -- scopes ---------------------------------------------------------------------------

    def _evaluate(self, bindings: list[Binding], scope: Scope) -> Kind | None:
        return self._evaluate_pairs([(binding, scope) for binding in bindings])

    def _evaluate_pairs(self, pairs: list[tuple[Binding, Scope]]) -> Kind | None:
        """An annotation decides; else every value we can follow must agree."""
        for binding, _ in pairs:
            pinned = binding.pinned or self.annotated(binding.annotation)
            if pinned is not None:
                return pinned
        state: Kind | None = None
        for binding, scope in pairs:
            if not _is_none(binding.value):
                value = self.kind_of(binding.value, scope) if binding.value else None
                state = _merge(state, value)
        return None if state == _CONFLICT else state

    def function_scope(
        self, node: FunctionNode | ast.Lambda, parent: Scope, owner: str | None
    ) -> Scope:
        if node not in self._scopes:
            params = []
            for index, arg in enumerate(parameters(node)):
                is_self = owner is not None and index == 0 and not _is_static(node)
                pinned = Kind("local", owner) if is_self and owner else None
                params.append(Binding(arg.arg, None, arg.annotation, pinned))
            bindings = [*params, *self.index[node].bindings]
            self._scopes[node] = Scope(bindings, self._evaluate, parent, node)
        return self._scopes[node]

    def comprehension_scope(self, node: ast.AST, parent: Scope) -> Scope:
        return Scope(self.index[node].bindings, self._evaluate, parent, parent.function)

    def _scope_of(self, where: ast.AST, info: ClassInfo) -> Scope:
        """The scope an attribute's value is evaluated in: the class body or a method."""
        if isinstance(where, ast.FunctionDef | ast.AsyncFunctionDef):
            return self.function_scope(where, self.module, info.node.name)
        if where not in self._scopes:
            self._scopes[where] = Scope(self.index[where].bindings, self._evaluate, self.module)
        return self._scopes[where]

    # -- definitions ----------------------------------------------------------------------

    def _collect_definitions(self, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                self.classes[node.name] = ClassInfo(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self._record_return(node, self.returns)
        for info in self.classes.values():
            self._read_class(info)

    def _read_class(self, info: ClassInfo) -> None:
        for base in info.node.bases:
            kind = self.type_of(base)
            if kind is not None and kind.family != "local":
                info.kind = kind
            elif isinstance(base, ast.Name) and base.id in self.classes:
                info.bases.append(base.id)
        for binding in self.index[info.node].bindings:  # class attributes
            info.assigned.setdefault(binding.name, []).append((binding, info.node))
        for node in info.node.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self._read_method(node, info)

    def _read_method(self, node: FunctionNode, info: ClassInfo) -> None:
        self._record_return(node, info.returns)
        if _decorated(node, _PROPERTIES) and node.name in info.returns:
            info.properties[node.name] = info.returns.pop(node.name)[0]
        params = parameters(node)
        if not params or _is_static(node):
            return
        for target, binding in self.index[node].attributes:
            if dotted_name(target.value) == params[0].arg:
                named = Binding(target.attr, binding.value, binding.annotation)
                info.assigned.setdefault(target.attr, []).append((named, node))

    def _record_return(self, node: FunctionNode, table: dict[str, tuple[Kind, bool]]) -> None:
        kind = self.annotated(node.returns)
        if kind is not None:
            table[node.name] = (kind, isinstance(node, ast.AsyncFunctionDef))


def _merge(old: Kind | None, new: Kind | None) -> Kind:
    if new is None or (old is not None and old != new):
        return _CONFLICT
    return new


def _is_none(value: ast.expr | None) -> bool:
    return isinstance(value, ast.Constant) and value.value is None


def _is_static(node: FunctionNode | ast.Lambda) -> bool:
    return not isinstance(node, ast.Lambda) and _decorated(node, {"staticmethod", "classmethod"})


def _decorated(node: FunctionNode, names: Iterable[str]) -> bool:
    wanted = set(names)
    return any(dotted_name(decorator) in wanted for decorator in node.decorator_list)


__all__ = ["ClassInfo", "Model", "ScopeInfo"]
