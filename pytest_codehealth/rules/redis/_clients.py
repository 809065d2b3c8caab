"""Which expressions of a module are Redis clients (and pipelines, locks...), without running it.

Sources of knowledge: constructors and factories in every import form (`redis.asyncio.Redis(...)`,
`from_url`, `Sentinel(...).master_for(...)`, aioredis, coredis, the sync `redis.Redis`),
annotations of parameters, variables, class attributes and return types (`Redis | None`,
`Optional["Redis"]`), what the module's functions and methods return, `self.attr = <client>`
in any method of a class (seen in all its methods and its subclasses), classes stored in
attributes (`self._pipeline_class(...)`), module-level clients, `with` and `async with ... as`,
the user's `client-types` and `client-names`, and what other modules of the project export
(`from app.db.redis import redis_client`, through `_remote`). A value beats an annotation
(`x: "AsyncRedis"` then `x = redis.from_url(...)` is the sync client); a name bound to things
that disagree is given up, unless one assignment surely holds where it is used (`_flow`): a
missed finding is cheaper than a false one. Kinds are resolved lazily, name by name.
"""

from __future__ import annotations

import ast

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.core.ast_helpers import dotted_name, import_bindings, qualified_name
from pytest_codehealth.rules.redis._definitions import (
    ClassInfo,
    Result,
    agreed,
    is_none,
    parameter_bindings,
    read_class,
    result_of,
)
from pytest_codehealth.rules.redis._flow import reaching
from pytest_codehealth.rules.redis._remote import Remote
from pytest_codehealth.rules.redis._scope import (
    Binding,
    FunctionNode,
    Ref,
    Scope,
    ScopeInfo,
    import_refs,
    index_scopes,
    weakly,
)
from pytest_codehealth.rules.redis._types import (
    ASYNC_CLIENT,
    CLASS_FACTORIES,
    TYPES,
    Kind,
    annotation_kind,
    is_library,
    made_by,
    type_kind,
)

_SKIP = Kind("skip", "")  # a binding that is never a Redis object (a Redis library's module)


class Model:
    """Kinds of expressions in one module."""

    def __init__(
        self,
        tree: ast.Module,
        options: RedisClients,
        remote: Remote | None,
        statements: list[ast.Import | ast.ImportFrom] | None = None,
    ) -> None:
        """`statements`: every import statement of the module, at any depth, when the caller
        has them (`SourceFile.nodes`) without walking the tree again."""
        self.tree = tree
        if statements is None:
            statements = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        self.imports = import_bindings(statements)
        self.refs = import_refs(statements)
        self.user_types = options.client_types
        self.user_names = options.client_names
        self.remote = remote
        self._parents: dict[ast.AST, ast.AST] = {}
        self.index = index_scopes(tree, self._parents)
        self.classes: dict[str, ClassInfo] = {}
        self.functions: dict[str, FunctionNode] = {}
        self._results: dict[ast.AST, Result | None] = {}
        self._scopes: dict[ast.AST, Scope] = {}
        self._evaluate_weakly = weakly(self._evaluate)  # scopes keep no cycle through `self`
        exported = [b for info in self.index.values() for b in info.exported]
        self.module = Scope([*self.index[tree].bindings, *exported], self._evaluate_weakly)
        self._collect_definitions(tree)

    @property
    def parents(self) -> dict[ast.AST, ast.AST]:
        """Each node's parent (recorded by the scopes' walk)."""
        return self._parents

    # -- kinds of expressions -------------------------------------------------------------

    def kind_of(self, node: ast.expr, scope: Scope) -> Kind | None:
        """What `node` evaluates to in `scope`, if it is a Redis object or a module class."""
        dotted = dotted_name(node)
        if dotted is not None and dotted in self.user_names:
            return ASYNC_CLIENT
        if isinstance(node, ast.Name):
            return self._name_kind(node, scope)
        if isinstance(node, ast.Attribute):
            return self._attribute_kind(node, scope)
        if isinstance(node, ast.Call):
            return self._call_kind(node, scope)
        return self._compound_kind(node, scope)

    def _name_kind(self, node: ast.Name, scope: Scope) -> Kind | None:
        kind = scope.lookup(node.id)
        group = scope.groups.get(node.id)
        if kind is not None or group is None or len(group) < 2:
            return kind
        binding = reaching(group, node, self.parents)  # bound here to things that disagree
        return self._evaluate([binding], scope) if binding is not None else None

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
        found = type_kind(qualified_name(node, self.imports), dotted_name(node), self.user_types)
        return found or self._remote_type(node)

    def _remote_type(self, node: ast.expr) -> Kind | None:
        """The kind of instances of a class imported from another module of the project."""
        ref = self.ref_of(node)
        found = self.remote.value(ref) if ref is not None and self.remote is not None else None
        return found.instance() if found is not None and found.cls else None

    def annotated(self, annotation: ast.expr | None) -> Kind | None:
        """The kind an annotation names; a sync one is `weak` (see `_sites`): code bases
        annotate asyncio clients with `redis.Redis` (redis-om, limits)."""
        if annotation is None:
            return None
        kind = annotation_kind(annotation, self.type_of)
        return kind._replace(weak=True) if kind is not None and kind.family == "sync" else kind

    def _attribute_kind(self, node: ast.Attribute, scope: Scope) -> Kind | None:
        owner = self.kind_of(node.value, scope)
        if owner is None:
            return self._class_value(node)
        if owner.family == "local" and not owner.cls:
            return self._class_member(owner.role, node.attr, set())
        if owner.family in ("module", "remote") and self.remote is not None:
            return self.remote.attribute(owner, node.attr)
        return None

    def _class_value(self, node: ast.expr) -> Kind | None:
        """`redis.asyncio.client.Pipeline` as a value: the class itself."""
        qualified = qualified_name(node, self.imports)
        user = ASYNC_CLIENT if qualified in self.user_types else None
        known = TYPES.get(qualified or "") or user
        return known._replace(cls=True) if known is not None else None

    def member(self, name: str, attr: str) -> Kind | None:
        """`attr` of an instance of the module's class `name` (its own, or a base's)."""
        return self._class_member(name, attr, set())

    def _class_member(self, name: str, attr: str, seen: set[str]) -> Kind | None:
        info = self.classes.get(name)
        if info is None or name in seen:
            return None
        seen.add(name)
        if info.is_property(attr):
            return _given(self.function_result(info.methods[attr], name), awaited=False)
        if attr in info.assigned:
            return self._attr(info, attr)
        return self._inherited(info, attr, seen)

    def _inherited(self, info: ClassInfo, attr: str, seen: set[str]) -> Kind | None:
        """`attr` from the bases of a class: the module's, then other modules'."""
        for base in info.bases:
            kind = self._class_member(base, attr, seen)
            if kind is not None:
                return kind
        for remote_base in info.remote_bases:
            kind = self.remote.attribute(remote_base, attr) if self.remote else None
            if kind is not None:
                return kind
        return None

    def _attr(self, info: ClassInfo, attr: str) -> Kind | None:
        if attr not in info.attrs:
            info.attrs[attr] = None  # an attribute built from itself stays unknown
            pairs = [
                (binding, self._scope_of(where, info)) for binding, where in info.assigned[attr]
            ]
            info.attrs[attr] = self._evaluate_pairs(pairs)
        return info.attrs[attr]

    # -- calls ----------------------------------------------------------------------------

    def _call_kind(self, node: ast.Call, scope: Scope) -> Kind | None:
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = self.kind_of(func.value, scope)
            if owner is not None:
                return self._method_result(owner, func.attr, False)
        elif isinstance(func, ast.Name):
            callee = scope.lookup(func.id)
            if callee is not None:  # a variable that is called: only a class makes something
                return callee.instance() if callee.cls else None
            found = self._named_result(func.id, scope, awaited=False)
            if found is not None:
                return found
        return self.type_of(func)

    def _named_result(self, name: str, scope: Scope, awaited: bool) -> Kind | None:
        """What calling a module-level function, or an imported one, gives."""
        if name in self.functions and scope.holder(name) is self.module:
            return _given(self.function_result(self.functions[name], None), awaited)
        ref = scope.imported(name)
        if ref is None or self.remote is None or is_library(ref):
            return None
        return self.remote.call(ref, awaited)

    def _method_result(self, owner: Kind, method: str, awaited: bool) -> Kind | None:
        if owner.cls:
            made = owner.instance()
            return made if made.role == "client" and method in CLASS_FACTORIES else None
        if owner.family == "local":
            return self._local_call(owner.role, method, awaited)
        if owner.family in ("module", "remote"):
            return self.remote.method(owner, method, awaited) if self.remote else None
        return made_by(owner, method, awaited)

    def _local_call(self, name: str, method: str, awaited: bool) -> Kind | None:
        """`self.method()` (maybe a base's), or `self._pipeline_class(...)`: a stored class."""
        found = self._method_of(name, method, set())
        if found is not None:
            node, owner = found
            return _given(self.function_result(node, owner), awaited)
        stored = self.member(name, method)
        if stored is not None and stored.cls:
            return None if awaited else stored.instance()
        bases = self._remote_bases(self.classes.get(name))
        inherited = (self.remote.method(base, method, awaited) for base in bases if self.remote)
        return next((kind for kind in inherited if kind is not None), None)

    def _method_of(self, name: str, method: str, seen: set[str]) -> tuple[FunctionNode, str] | None:
        """The method `name.method` runs: its own, or a base's of the module."""
        info = self.classes.get(name)
        if info is None or name in seen:
            return None
        seen.add(name)
        if method in info.methods:
            return info.methods[method], name
        found = (self._method_of(base, method, seen) for base in info.bases)
        return next((item for item in found if item is not None), None)

    def _remote_bases(self, info: ClassInfo | None) -> list[Kind]:
        """Bases of a class (and of its bases in the module) from other modules."""
        if info is None or self.remote is None:
            return []
        local = [self._remote_bases(self.classes.get(base)) for base in info.bases]
        return [*info.remote_bases, *(kind for kinds in local for kind in kinds)]

    def _await_kind(self, node: ast.expr, scope: Scope) -> Kind | None:
        func = node.func if isinstance(node, ast.Call) else None
        if isinstance(func, ast.Name) and scope.lookup(func.id) is None:
            return self._named_result(func.id, scope, awaited=True)
        if isinstance(func, ast.Attribute):
            found = self._awaited_method(func, scope)
            if found is not None:
                return found
        kind = self.kind_of(node, scope)
        return kind if kind is not None and kind.role == "client" else None  # `await Redis()`

    def _awaited_method(self, func: ast.Attribute, scope: Scope) -> Kind | None:
        """`await self.get_client()`, `await deps.make_redis()`: an `async def` of ours."""
        owner = self.kind_of(func.value, scope)
        if owner is None or owner.is_redis:
            return None
        return self._method_result(owner, func.attr, awaited=True)

    def _either(self, values: list[ast.expr], scope: Scope) -> Kind | None:
        """`client or Redis()`: the one kind among the operands we know; a client only, when
        some are unknown (`cmd.pipeline or self.client` may be either)."""
        kinds = [self.kind_of(value, scope) for value in values if not is_none(value)]
        known = agreed(kind for kind in kinds if kind is not None)
        sure = known is not None and (None not in kinds or known.role == "client")
        return known if sure else None

    def function_result(self, node: FunctionNode, owner: str | None) -> Result | None:
        """What a function or method of the module gives when called (worked out once)."""
        if node not in self._results:
            self._results[node] = None  # a function returning its own call stays unknown
            scope = self.function_scope(node, self.module, owner)
            self._results[node] = result_of(
                node, self.annotated, lambda value: self.kind_of(value, scope)
            )
        return self._results[node]

    # -- bindings and scopes --------------------------------------------------------------

    def _evaluate(self, bindings: list[Binding], scope: Scope) -> Kind | None:
        return self._evaluate_pairs([(binding, scope) for binding in bindings])

    def _evaluate_pairs(self, pairs: list[tuple[Binding, Scope]]) -> Kind | None:
        """Values decide when they agree; else a pinned kind or an annotation."""
        values = [self._value(binding, scope) for binding, scope in pairs]
        known = [value for value in values if value is not _SKIP]
        declared = (binding.pinned or self.annotated(binding.annotation) for binding, _ in pairs)
        return (agreed(known) if known else None) or next(filter(None, declared), None)

    def _value(self, binding: Binding, scope: Scope) -> Kind | None:
        """What one binding holds: `_SKIP` when it says nothing (`x = None`, `x: T`)."""
        if binding.imported is not None:
            return self._imported(binding.imported)
        if isinstance(binding.stmt, ast.ClassDef):
            return self._class_object(binding.name)
        if binding.value is not None and not is_none(binding.value):
            return self.kind_of(binding.value, scope)
        says_nothing = binding.value is not None or binding.pinned is not None
        return _SKIP if says_nothing or isinstance(binding.stmt, ast.AnnAssign) else None

    def _class_object(self, name: str) -> Kind | None:
        """A class of the module, as a value (`self._pipeline_class = SafePipeline`)."""
        made = self.type_of(ast.Name(name))
        return made._replace(cls=True) if made is not None else None

    def _imported(self, ref: Ref) -> Kind | None:
        """An import: a class of a Redis library, a Redis library module, or the project's."""
        level, dotted = ref
        if is_library(ref):
            known = TYPES.get(dotted)
            return known._replace(cls=True) if known is not None else _SKIP
        if not level and dotted in self.user_types:
            return ASYNC_CLIENT._replace(cls=True)
        return self.remote.value(ref) if self.remote is not None else None

    def ref_of(self, node: ast.expr) -> Ref | None:
        dotted = dotted_name(node)
        head, _, rest = (dotted or "").partition(".")
        if head not in self.refs:
            return None
        level, base = self.refs[head]
        return (level, f"{base}.{rest}" if rest else base)

    def function_scope(
        self, node: FunctionNode | ast.Lambda, parent: Scope, owner: str | None
    ) -> Scope:
        if node not in self._scopes:
            bindings = [*parameter_bindings(node, owner), *self.index[node].bindings]
            self._scopes[node] = Scope(bindings, self._evaluate_weakly, parent, node)
        return self._scopes[node]

    def comprehension_scope(self, node: ast.AST, parent: Scope) -> Scope:
        return Scope(self.index[node].bindings, self._evaluate_weakly, parent, parent.function)

    def _scope_of(self, where: ast.AST, info: ClassInfo) -> Scope:
        """The scope an attribute's value is evaluated in: the class body or a method."""
        if isinstance(where, ast.FunctionDef | ast.AsyncFunctionDef):
            return self.function_scope(where, self.module, info.node.name)
        if where not in self._scopes:
            self._scopes[where] = Scope(
                self.index[where].bindings, self._evaluate_weakly, self.module
            )
        return self._scopes[where]

    # -- definitions ----------------------------------------------------------------------

    def _collect_definitions(self, tree: ast.Module) -> None:
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                self.classes[node.name] = ClassInfo(node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[node.name] = node
        for info in self.classes.values():
            self._read_bases(info)
            read_class(info, self.index)

    def _read_bases(self, info: ClassInfo) -> None:
        for base in info.node.bases:
            if isinstance(base, ast.Name) and base.id in self.classes:
                info.bases.append(base.id)
            else:
                info.add_base(self.type_of(base))


def _given(result: Result | None, awaited: bool) -> Kind | None:
    """The kind a call gives, if it is (`awaited`) or is not awaited as it must be."""
    return result[0] if result is not None and result[1] == awaited else None


__all__ = ["ClassInfo", "Model", "ScopeInfo"]
