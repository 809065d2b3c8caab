"""One walk of a module for the Redis rules: every call on a Redis object, with its scope.

`analyse(src, options, imports)` is shared by CH005-CH008 (cached, so the four rules walk a
module once) and returns the `Site`s: calls such as `r.get(k)` or `script(keys=...)` whose
receiver is a known Redis object, and `async with` items that are one. `imports` (from the
engine) reaches the project's other modules. A sync client known from annotations alone is
given up in a module that awaits one (or hands it to `gather`): the code takes it for an
asyncio client, and so does its author (redis-om, limits).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from functools import partial

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.record import Record, field
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._clients import Model
from pytest_codehealth.rules.redis._remote import Remote
from pytest_codehealth.rules.redis._scope import (
    COMPREHENSIONS,
    FunctionNode,
    Ref,
    Scope,
    import_bindings,
)
from pytest_codehealth.rules.redis._types import Kind

_OFFERS = f"{__name__}.offers"  # the topic of `_offers` answers, for the engine's memo
_HINT = re.compile(r"[Rr]edis(?![a-z])")
_CARRIERS = (ast.Starred, ast.List, ast.Tuple, ast.Set, ast.ListComp, ast.GeneratorExp)
# callees that await what they are handed (or run it as a task)
HANDOFFS = frozenset(
    {"gather", "create_task", "ensure_future", "wait_for", "shield", "wait", "as_completed"}
    | {"run_coroutine_threadsafe", "run_until_complete", "run", "start_soon", "timeout"}
)


class _Key(Record):
    """The engine's view of the project, compared by identity (for the cache of analyses)."""

    imports: ImportedModule | None


class Site(Record):
    """`node` is a call on a Redis object (or an `async with` item that is one)."""

    node: ast.expr
    kind: Kind  # of the receiver
    method: str | None  # `get` in `r.get(k)`, `__call__` for a script, None for `async with`
    function: FunctionNode | ast.Lambda | None  # the innermost enclosing function

    @property
    def in_async_def(self) -> bool:
        return isinstance(self.function, ast.AsyncFunctionDef)

    @property
    def receiver(self) -> ast.expr | None:
        func = self.node.func if isinstance(self.node, ast.Call) else None
        return func.value if isinstance(func, ast.Attribute) else func

    def label(self) -> str:
        """`self.client.delete()`: the call as written, arguments elided."""
        if isinstance(self.node, ast.Call):
            return f"{_short(ast.unparse(self.node.func))}()"
        return _short(ast.unparse(self.node))


class Analysis(Record, frozen=False):
    sites: list[Site] = field(default_factory=list)
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)
    model: Model | None = None  # what the sites' scopes evaluate with (they hold it weakly)

    def parent(self, node: ast.AST) -> ast.AST | None:
        return self.parents.get(node)


def analyse(
    src: SourceFile, options: RedisClients, imports: ImportedModule | None = None
) -> Analysis:
    types, names = options.client_types, options.client_names
    return src.shared(
        (__name__, types, names, _Key(imports)), partial(_shared, src, types, names, imports)
    )


def _shared(
    src: SourceFile, types: frozenset[str], names: frozenset[str], imports: ImportedModule | None
) -> Analysis:
    """`_analyse` with what the four rules' options share (built by the first of them)."""
    return _analyse(src, RedisClients(types, names), imports)


def hinted(text: str, options: RedisClients) -> bool:
    """Might this text hold a Redis object? (the rest of the module is not worth a walk)

    `redis` not followed by a lower-case letter: `redis_client`, `aioredis`, `RedisCluster`,
    `get_redis()`, but not `rediscover` or `redistribute`, which would have every module of
    a large project that says so read and walked for nothing."""
    names = (*options.client_types, *options.client_names)
    said = "edis" in text and _HINT.search(text) is not None  # the substring test is cheap
    return said or any(name.rsplit(".", 1)[-1] in text for name in names)


def _analyse(src: SourceFile, options: RedisClients, imports: ImportedModule | None) -> Analysis:
    """The sites of one file, found once for CH005-CH008 (kept with the file)."""
    remote = Remote(imports)
    if not hinted(src.text, options) and not _imports_redis(src, remote):
        return Analysis()
    model = Model(src.tree, options, remote, list(src.nodes(ast.Import, ast.ImportFrom)))
    collector = _Collector(model)
    collector.visit(src.tree)
    if not collector.sites:
        return Analysis()
    analysis = Analysis(collector.sites, model.parents, model)
    if any(_weak_sync(site) and _taken_for_async(site, analysis) for site in analysis.sites):
        analysis.sites = [site for site in analysis.sites if not _weak_sync(site)]
    return analysis


def _imports_redis(src: SourceFile, remote: Remote) -> bool:
    """Does the module import, from the project, a Redis object or what makes or holds one?"""
    home = remote.home
    if home is None:
        return False
    for node in src.nodes(ast.Import, ast.ImportFrom):
        if isinstance(node, ast.Import | ast.ImportFrom):
            refs = [binding.imported for binding in import_bindings(node)]
            if any(ref is not None and _offers(home, ref) for ref in refs):
                return True
    return False


def _offers(home: ImportedModule, ref: Ref) -> bool:
    """`Remote.offers`: what an import brings depends only on where it leads, so the engine
    works it out once a run for the files of a package (most of them import alike). It reads
    the module the import leads to and stops there if its facts are `{}`: an import that
    cannot lead to a module with facts (`may_give_facts`) offers nothing."""
    level, dotted = ref
    if not home.may_give_facts(dotted, level):
        return False
    return home.followed(_OFFERS, dotted, level, lambda view: Remote(view).offers(ref))


def _weak_sync(site: Site) -> bool:
    return site.kind.weak and site.kind.family == "sync"


def _taken_for_async(site: Site, analysis: Analysis) -> bool:
    """Is the call awaited, iterated with `async for`, or handed to `gather` and the like?"""
    parent = analysis.parent(site.node)
    if site.method is None or isinstance(parent, ast.Await | ast.AsyncFor):
        return True
    return handed_off(site.node, analysis)


def handed_off(node: ast.expr, analysis: Analysis) -> bool:
    """Is the awaitable handed to `gather`, `create_task`, a task group... (maybe inside a
    list, a tuple or a comprehension: `gather(*[r.get(k) for k in keys])`)?"""
    child: ast.AST = node
    parent = analysis.parent(node)
    while isinstance(parent, _CARRIERS):
        child, parent = parent, analysis.parent(parent)
    if not isinstance(parent, ast.Call) or child not in parent.args:
        return False
    return (dotted_name(parent.func) or "").rsplit(".", 1)[-1] in HANDOFFS


class _Collector(ast.NodeVisitor):
    def __init__(self, model: Model) -> None:
        self.model = model
        self.scope: Scope = model.module
        self.owner: ast.ClassDef | None = None  # the class whose body is being visited
        self.sites: list[Site] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for child in (*node.bases, *node.keywords, *node.decorator_list):
            self.visit(child)
        outer, self.owner = self.owner, node
        for statement in node.body:
            self.visit(statement)
        self.owner = outer

    def visit_FunctionDef(self, node: FunctionNode) -> None:
        for child in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if child is not None:
                self.visit(child)
        # a method sees the scope around its class (not the class body); `self` is pinned
        self._enter(self.model.function_scope(node, self.scope, self._owner_of(node)), node.body)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._enter(self.model.function_scope(node, self.scope, None), [node.body])

    def generic_visit(self, node: ast.AST) -> None:
        if isinstance(node, COMPREHENSIONS):
            self._enter(self.model.comprehension_scope(node, self.scope), [node], generic=True)
        else:
            super().generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        site = self._site(node)
        if site is not None:
            self.sites.append(site)
        super().generic_visit(node)

    def visit_AsyncWith(self, node: ast.AsyncWith) -> None:
        for item in node.items:
            kind = self.model.kind_of(item.context_expr, self.scope)
            if kind is not None and kind.is_redis:
                self.sites.append(Site(item.context_expr, kind, None, self.scope.function))
        super().generic_visit(node)

    def _site(self, node: ast.Call) -> Site | None:
        callee = self.model.kind_of(node.func, self.scope)
        if callee is not None and callee.is_redis and callee.role == "script":
            return Site(node, callee, "__call__", self.scope.function)
        if not isinstance(node.func, ast.Attribute):
            return None
        owner = self.model.kind_of(node.func.value, self.scope)
        if owner is None or not owner.is_redis:
            return None
        return Site(node, owner, node.func.attr, self.scope.function)

    def _enter(self, scope: Scope, body: Sequence[ast.AST], generic: bool = False) -> None:
        outer_scope, outer_owner = self.scope, self.owner
        self.scope, self.owner = scope, None
        for child in body:
            if generic:
                super().generic_visit(child)
            else:
                self.visit(child)
        self.scope, self.owner = outer_scope, outer_owner

    def _owner_of(self, node: FunctionNode) -> str | None:
        """The module class whose method `node` is (None for other functions)."""
        if self.owner is None or node not in self.owner.body:
            return None
        info = self.model.classes.get(self.owner.name)
        return self.owner.name if info is not None and info.node is self.owner else None


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
