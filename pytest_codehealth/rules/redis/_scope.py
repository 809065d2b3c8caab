"""Scopes for the Redis rules: which names a module, class or function binds, and how.

`index_scopes(tree, parents)` walks the module once and files every binding under the scope that
owns it (module, class body, function, lambda, comprehension). A name bound to anything we
cannot follow is still recorded, so that it shadows an outer client of the same name.
`Scope` resolves a name's kind only when it is looked up.
"""

from __future__ import annotations

import ast
import weakref
from collections.abc import Callable, Iterable, Iterator

from pytest_codehealth.core.record import Record, field
from pytest_codehealth.rules.redis._types import Kind

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_NEW_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef, *COMPREHENSIONS)


Ref = tuple[int, str]  # an import: (level, dotted name): `from ..db import r` is (2, "db.r")


class Binding(Record):
    """`name` bound to `value` (None: to something we cannot follow), maybe annotated."""

    name: str
    value: ast.expr | None = None
    annotation: ast.expr | None = None
    pinned: Kind | None = None  # known without evaluation (`self` of a method)
    imported: Ref | None = None  # bound by an import of this
    stmt: ast.stmt | None = None  # the statement that binds it (assignments, imports, defs)


class ScopeInfo(Record, frozen=False):
    """What one scope binds: names in source order, `global` names, `x.attr = ...` targets."""

    bindings: list[Binding] = field(default_factory=list)
    outer: set[str] = field(default_factory=set)
    attributes: list[tuple[ast.Attribute, Binding]] = field(default_factory=list)
    exported: list[Binding] = field(default_factory=list)  # bindings of its `global` names


Evaluate = Callable[[list[Binding], "Scope"], Kind | None]


def weakly(method: Evaluate) -> Evaluate:
    """A bound `method` that does not keep its object alive: a model's scopes call back into
    the model, and a strong reference would make a cycle holding the whole tree until the
    cyclic GC runs (the analysis that uses the scopes keeps the model itself)."""
    ref = weakref.WeakMethod(method)

    def call(bindings: list[Binding], scope: Scope) -> Kind | None:
        bound = ref()
        if bound is None:
            raise ReferenceError("a scope outlived the Redis model it belongs to")
        return bound(bindings, scope)

    return call


class Scope:
    """Names -> kinds in one scope, resolved on first lookup; bound names shadow outer ones."""

    def __init__(
        self,
        bindings: Iterable[Binding],
        evaluate: Evaluate,
        parent: Scope | None = None,
        function: FunctionNode | ast.Lambda | None = None,
    ) -> None:
        self.groups: dict[str, list[Binding]] = {}
        for binding in bindings:
            self.groups.setdefault(binding.name, []).append(binding)
        self.evaluate, self.parent, self.function = evaluate, parent, function
        self.resolved: dict[str, Kind | None] = {}

    def lookup(self, name: str) -> Kind | None:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.groups:
                return scope.resolve(name)
            scope = scope.parent
        return None

    def holder(self, name: str) -> Scope | None:
        """The scope that binds `name` (this one or an enclosing one)."""
        scope: Scope | None = self
        while scope is not None and name not in scope.groups:
            scope = scope.parent
        return scope

    def imported(self, name: str) -> Ref | None:
        """The import `name` is bound by, when that is all it is bound by."""
        holder = self.holder(name)
        refs = {binding.imported for binding in holder.groups[name]} if holder else {None}
        return refs.pop() if len(refs) == 1 else None

    def resolve(self, name: str) -> Kind | None:
        if name not in self.resolved:
            self.resolved[name] = None  # a binding that refers to itself stays unknown
            self.resolved[name] = self.evaluate(self.groups[name], self)
        return self.resolved[name]


def index_scopes(tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> dict[ast.AST, ScopeInfo]:
    """One walk of the module: the bindings of every scope, keyed by the scope's node (and,
    in the same walk, each node's parent, into `parents`)."""
    index: dict[ast.AST, ScopeInfo] = {tree: ScopeInfo()}
    stack: list[tuple[ast.AST, ast.AST]] = [(child, tree) for child in reversed(tree.body)]
    parents.update(dict.fromkeys(tree.body, tree))
    followed: set[int] = set()  # Name targets already recorded with their value
    while stack:
        node, owner = stack.pop()
        _record(node, index[owner], followed)
        inner = owner
        if isinstance(node, _NEW_SCOPES):
            inner = node
            index[node] = ScopeInfo()
        children = list(ast.iter_child_nodes(node))
        parents.update(dict.fromkeys(children, node))
        stack.extend((child, inner) for child in reversed(children))
    for info in index.values():
        info.exported = [binding for binding in info.bindings if binding.name in info.outer]
        info.bindings = [binding for binding in info.bindings if binding.name not in info.outer]
    return index


def own_nodes(body: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every node of a scope's body, not entering nested functions, classes, comprehensions."""
    stack = list(body)[::-1]
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, _NEW_SCOPES):
            stack.extend(reversed(list(ast.iter_child_nodes(node))))


def _record(node: ast.AST, info: ScopeInfo, followed: set[int]) -> None:
    """File what `node` binds (its parent was filed first: the walk is pre-order)."""
    if isinstance(node, ast.Global | ast.Nonlocal):
        info.outer.update(node.names)
    elif isinstance(node, ast.Name):
        if not isinstance(node.ctx, ast.Load) and id(node) not in followed:
            info.bindings.append(Binding(node.id))
        followed.discard(id(node))
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.withitem | ast.NamedExpr):
        _record_followed(node, info, followed)
    elif isinstance(node, ast.Import | ast.ImportFrom):
        info.bindings.extend(import_bindings(node))
    else:
        info.bindings.extend(_other_bindings(node))


def _record_followed(
    node: ast.Assign | ast.AnnAssign | ast.withitem | ast.NamedExpr,
    info: ScopeInfo,
    followed: set[int],
) -> None:
    """`x = v`, `x: T = v`, `with v as x`, `(x := v)`, and `obj.attr = v` targets."""
    for target, binding in _targets(node):
        if isinstance(target, ast.Name):
            info.bindings.append(binding)
            followed.add(id(target))
        elif isinstance(target, ast.Attribute):
            info.attributes.append((target, binding))


def _targets(
    node: ast.Assign | ast.AnnAssign | ast.withitem | ast.NamedExpr,
) -> list[tuple[ast.expr, Binding]]:
    if isinstance(node, ast.Assign):
        return [
            (target, Binding(getattr(target, "id", ""), node.value, stmt=node))
            for target in node.targets
        ]
    if isinstance(node, ast.AnnAssign):
        name = getattr(node.target, "id", "")
        return [(node.target, Binding(name, node.value, node.annotation, stmt=node))]
    if isinstance(node, ast.withitem):
        target = node.optional_vars
        name = getattr(target, "id", "")
        return [(target, Binding(name, node.context_expr))] if target is not None else []
    return [(node.target, Binding(node.target.id, node.value))]


def import_bindings(node: ast.Import | ast.ImportFrom) -> list[Binding]:
    """`import a.b` binds `a` to (0, "a"); `import a.b as x`, `x` to (0, "a.b"); `from .m
    import n as x`, `x` to (1, "m.n")."""
    found = []
    for alias in node.names:
        if isinstance(node, ast.Import):
            ref = alias.name if alias.asname else alias.name.split(".", 1)[0]
            name, imported = alias.asname or ref, (0, ref)
        elif alias.name == "*":
            continue
        else:
            name = alias.asname or alias.name
            dotted = f"{node.module}.{alias.name}" if node.module else alias.name
            imported = (node.level, dotted)
        found.append(Binding(name, imported=imported, stmt=node))
    return found


def import_refs(statements: Iterable[ast.Import | ast.ImportFrom]) -> dict[str, Ref]:
    """Local name -> import, for these import statements (relative ones too)."""
    refs: dict[str, Ref] = {}
    for node in statements:
        refs.update({b.name: b.imported for b in import_bindings(node) if b.imported})
    return refs


def _other_bindings(node: ast.AST) -> list[Binding]:
    """Names bound by definitions, `except ... as`, `match` captures."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [Binding(node.name, stmt=node)]
    if isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
        return [Binding(node.name)]
    return []


def parameters(node: FunctionNode | ast.Lambda) -> list[ast.arg]:
    args = node.args
    extra = [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    return [*args.posonlyargs, *args.args, *extra, *args.kwonlyargs]
