"""Scopes for the Redis rules: which names a module, class or function binds, and how.

`bindings(body)` lists every binding of one scope in source order without entering nested
scopes; the model in `_redis_clients` turns them into kinds. A name bound to anything we
cannot name is still recorded, so that it shadows an outer client of the same name.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pytest_codehealth.rules._redis_types import Kind

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
ScopeNode = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NEW_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, *COMPREHENSIONS)


@dataclass(frozen=True)
class Binding:
    """`name` bound to `value` (None: to something we cannot follow), maybe annotated."""

    name: str
    value: ast.expr | None = None
    annotation: ast.expr | None = None
    pinned: Kind | None = None  # known without evaluation (`self` of a method)


@dataclass
class Scope:
    """Names -> kinds in one scope; `local` names shadow the enclosing scopes."""

    names: dict[str, Kind] = field(default_factory=dict)
    local: set[str] = field(default_factory=set)
    parent: Scope | None = None
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | None = None

    def lookup(self, name: str) -> Kind | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            if name in scope.local:
                return None
            scope = scope.parent
        return None


def own_nodes(body: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node of a scope's body, not entering nested functions, classes, comprehensions."""
    stack = list(body)[::-1]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, _NEW_SCOPES):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


def bindings(body: Iterable[ast.AST]) -> tuple[list[Binding], set[str]]:
    """Every binding of one scope in source order, and the names it declares global/nonlocal
    (their bindings belong to an outer scope: callers drop or keep them)."""
    found: list[Binding] = []
    followed: set[int] = set()
    outer: set[str] = set()
    for node in own_nodes(body):
        if isinstance(node, ast.Global | ast.Nonlocal):
            outer.update(node.names)
        for binding, target in _followed(node):
            found.append(binding)
            followed.add(id(target))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            if id(node) not in followed:
                found.append(Binding(node.id))
        else:
            found.extend(Binding(name) for name in _other_names(node))
    return found, outer


def _followed(node: ast.AST) -> list[tuple[Binding, ast.Name]]:
    """Bindings whose value we can follow: `x = v`, `x: T = v`, `with v as x`, `(x := v)`."""
    if isinstance(node, ast.Assign):
        return [(Binding(t.id, node.value), t) for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [(Binding(node.target.id, node.value, node.annotation), node.target)]
    if isinstance(node, ast.withitem) and isinstance(node.optional_vars, ast.Name):
        return [(Binding(node.optional_vars.id, node.context_expr), node.optional_vars)]
    if isinstance(node, ast.NamedExpr):
        return [(Binding(node.target.id, node.value), node.target)]
    return []


def _other_names(node: ast.AST) -> list[str]:
    """Names bound by definitions, imports, `except ... as`, `match` captures."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(alias.asname or alias.name).split(".", 1)[0] for alias in node.names]
    if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
        return [node.name]
    return []


def parameters(node: FunctionNode | ast.Lambda) -> list[ast.arg]:
    args = node.args
    extra = [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    return [*args.posonlyargs, *args.args, *extra, *args.kwonlyargs]


def comprehension_targets(node: ast.AST) -> set[str]:
    generators: list[ast.comprehension] = getattr(node, "generators", [])
    return {
        name.id
        for generator in generators
        for name in ast.walk(generator.target)
        if isinstance(name, ast.Name)
    }
