"""Which expressions of a module are Redis clients (and pipelines, locks...), without running it.

Sources of knowledge, all within the module: constructors and factories in every import form
(`redis.asyncio.Redis(...)`, `from_url`, `Sentinel(...).master_for(...)`, aioredis, coredis,
the sync `redis.Redis`), annotations of parameters, variables, class attributes and return
types (`Redis | None`, `Optional["Redis"]`), `self.attr = <client>` in any method of a class
(seen in all its methods and its subclasses in the module), module-level clients, `with` and
`async with ... as`, and the user's `client-types` and `client-names`. A name bound both to
a client and to something else is given up: a missed finding is cheaper than a false one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field

from pytest_codehealth._ast_helpers import dotted_name, import_map, qualified_name
from pytest_codehealth.rules import _redis_scope as scopes
from pytest_codehealth.rules._redis_data import AWAITABLE
from pytest_codehealth.rules._redis_scope import Binding, FunctionNode, Scope
from pytest_codehealth.rules._redis_types import (
    ASYNC_PIPELINE,
    FACTORY_METHODS,
    Kind,
    RedisClients,
    annotation_kind,
    type_kind,
)

_CONFLICT = Kind("", "")
_PROPERTIES = frozenset({"property", "cached_property", "functools.cached_property"})


@dataclass
class ClassInfo:
    """A class of the module: what `self.<attr>` holds, what its methods return."""

    node: ast.ClassDef
    kind: Kind | None = None  # set when it subclasses a client type
    attrs: dict[str, Kind] = field(default_factory=dict)
    returns: dict[str, tuple[Kind, bool]] = field(default_factory=dict)  # (kind, is async)
    properties: dict[str, Kind] = field(default_factory=dict)
    bases: list[str] = field(default_factory=list)


class Model:
    """Kinds of expressions in one module."""

    def __init__(self, tree: ast.Module, options: RedisClients) -> None:
        self.imports = import_map(tree)
        self.user_types = options.client_types
        self.user_names = options.client_names
        self.classes: dict[str, ClassInfo] = {}
        self.returns: dict[str, tuple[Kind, bool]] = {}
        self.module = Scope()
        self._collect_definitions(tree.body)
        self.module = self.scope_for(tree.body, [], None, _global_bindings(tree))
        for _ in range(2):  # attributes may be built from other attributes
            for info in self.classes.values():
                self._class_attrs(info)

    # -- kinds of expressions -------------------------------------------------------------

    def kind_of(self, node: ast.expr, scope: Scope) -> Kind | None:
        """What `node` evaluates to in `scope`, if it is a Redis object or a module class."""
        dotted = dotted_name(node)
        if dotted is not None and dotted in self.user_names:
            return Kind("redis", "client")
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
        if attr in info.attrs or attr in info.properties:
            return info.attrs.get(attr) or info.properties[attr]
        for base in info.bases:
            inherited = self._class_member(base, attr, seen)
            if inherited is not None:
                return inherited
        return None

    def _call_kind(self, node: ast.Call, scope: Scope) -> Kind | None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in self.returns and scope.lookup(func.id) is None:
            kind, is_async = self.returns[func.id]
            return None if is_async else kind
        if isinstance(func, ast.Attribute):
            owner = self.kind_of(func.value, scope)
            if owner is not None:
                return self._method_result(owner, func.attr, awaited=False)
        if isinstance(func, ast.Name) and scope.lookup(func.id) is not None:
            return None  # a local variable that is called, not a type
        return self.type_of(func)

    def _method_result(self, owner: Kind, method: str, awaited: bool) -> Kind | None:
        if owner.family == "local":
            info = self.classes.get(owner.role)
            found = info.returns.get(method) if info else None
            return found[0] if found and found[1] == awaited else None
        if awaited:
            return None
        role = FACTORY_METHODS.get((owner.role, method))
        if role is not None:
            return Kind(owner.family, role)
        staged = method in AWAITABLE["redis.client"] - AWAITABLE["redis.pipeline"]
        return owner if owner == ASYNC_PIPELINE and staged else None  # `pipe.set(a).set(b)`

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

    def scope_for(
        self,
        body: Iterable[ast.AST],
        params: list[Binding],
        parent: Scope | None,
        extra: Iterable[Binding] = (),
        function: FunctionNode | ast.Lambda | None = None,
    ) -> Scope:
        """Evaluate one scope's bindings in source order (parameters first)."""
        found, outer = scopes.bindings(body)
        every = [*params, *(b for b in found if b.name not in outer), *extra]
        scope = Scope(local={binding.name for binding in every}, parent=parent, function=function)
        states: dict[str, Kind] = {}
        pinned: set[str] = set()
        for binding in every:
            self._bind(binding, scope, states, pinned)
            scope.names = {name: kind for name, kind in states.items() if kind != _CONFLICT}
        return scope

    def _bind(
        self, binding: Binding, scope: Scope, states: dict[str, Kind], pinned: set[str]
    ) -> None:
        """Record one binding: an annotation pins the kind, values must all agree."""
        kind = binding.pinned or self.annotated(binding.annotation)
        if kind is not None:
            states[binding.name] = kind
            pinned.add(binding.name)
        elif binding.name not in pinned and not _is_none(binding.value):
            value = self.kind_of(binding.value, scope) if binding.value else None
            states[binding.name] = _merge(states.get(binding.name), value)

    def function_scope(
        self, node: FunctionNode | ast.Lambda, parent: Scope, owner: str | None
    ) -> Scope:
        params = []
        for index, arg in enumerate(scopes.parameters(node)):
            is_self = owner is not None and index == 0 and not _is_static(node)
            pinned = Kind("local", owner) if is_self and owner else None
            params.append(Binding(arg.arg, None, arg.annotation, pinned))
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        return self.scope_for(body, params, parent, function=node)

    def comprehension_scope(self, node: ast.AST, parent: Scope) -> Scope:
        return Scope(
            local=scopes.comprehension_targets(node), parent=parent, function=parent.function
        )

    # -- definitions ----------------------------------------------------------------------

    def _collect_definitions(self, body: list[ast.stmt]) -> None:
        for node in scopes.own_nodes(body):
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
        for node in info.node.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self._record_return(node, info.returns)
                if _decorated(node, _PROPERTIES) and node.name in info.returns:
                    info.properties[node.name] = info.returns.pop(node.name)[0]

    def _record_return(self, node: FunctionNode, table: dict[str, tuple[Kind, bool]]) -> None:
        kind = self.annotated(node.returns)
        if kind is not None:
            table[node.name] = (kind, isinstance(node, ast.AsyncFunctionDef))

    def _class_attrs(self, info: ClassInfo) -> None:
        states: dict[str, Kind] = {}
        pinned: set[str] = set()
        class_scope = self.scope_for(info.node.body, [], self.module)
        for binding in scopes.bindings(info.node.body)[0]:  # class attributes
            self._bind(binding, class_scope, states, pinned)
        for method in info.node.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                self._method_attrs(method, info.node.name, states, pinned)
        info.attrs = {name: kind for name, kind in states.items() if kind != _CONFLICT}

    def _method_attrs(
        self, method: FunctionNode, owner: str, states: dict[str, Kind], pinned: set[str]
    ) -> None:
        params = scopes.parameters(method)
        if not params or _is_static(method):
            return
        scope = self.function_scope(method, self.module, owner)
        for binding in _self_assignments(method, params[0].arg):
            self._bind(binding, scope, states, pinned)


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


def _self_assignments(method: FunctionNode, self_name: str) -> Iterable[Binding]:
    """`self.x = v` and `self.x: T = v` anywhere in the method (not in nested functions)."""
    for node in scopes.own_nodes(method.body):
        pairs: list[tuple[ast.expr, ast.expr | None, ast.expr | None]]
        if isinstance(node, ast.Assign):
            pairs = [(target, node.value, None) for target in node.targets]
        elif isinstance(node, ast.AnnAssign):
            pairs = [(node.target, node.value, node.annotation)]
        else:
            continue
        for target, value, annotation in pairs:
            if isinstance(target, ast.Attribute) and dotted_name(target.value) == self_name:
                yield Binding(target.attr, value, annotation)


def _global_bindings(tree: ast.Module) -> list[Binding]:
    """Module names assigned inside functions under `global` (`global redis; redis = ...`)."""
    found: list[Binding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            every, outer = scopes.bindings(node.body)
            found.extend(binding for binding in every if binding.name in outer)
    return found
