"""A module's public API read from its source with `ast`: never imported, never executed.

With `__all__`, the API is exactly its names. Without, it is the top-level functions, classes
and assigned names plus the names imported from the module's own top-level package (project
re-exports); names starting with `_` and names imported from elsewhere are left out.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeGuard

from pytest_codehealth.compat.branches import branches_that_run, python2_only
from pytest_codehealth.compat.constructors import constructor
from pytest_codehealth.compat.methods import static_kind
from pytest_codehealth.compat.model import METHOD, ModuleApi, Name, Signature
from pytest_codehealth.compat.params import signature_of

_NOT_METHODS = frozenset({"property", "cached_property", "setter", "getter", "deleter", "overload"})
_FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class ApiSourceError(ValueError):
    """Old source that cannot be parsed."""


def extract(text: str, module: str, origin: str) -> ModuleApi:
    """The public API of `module`, given its source text."""
    scan = _Scan(module.partition(".")[0])
    for node in _top_level(_parse(text, origin).body):
        scan.visit(node)
    return scan.api(module, origin)


def _parse(text: str, origin: str) -> ast.Module:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        raise ApiSourceError(f"{origin}: cannot parse the old source: {exc}") from None


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements at module level that run on Python 3, including those inside top-level `if`
    and `try` blocks (not under `if TYPE_CHECKING:` or in a Python-2-only branch)."""
    for node in body:
        if not python2_only(node):
            yield node
        yield from _top_level(_nested(node))


def _nested(node: ast.stmt) -> list[ast.stmt]:
    if isinstance(node, ast.If):
        if _is_main_check(node.test):
            return []
        body, orelse = branches_that_run(node.test)
        return [*(node.body if body else []), *(node.orelse if orelse else [])]
    if isinstance(node, ast.Try | ast.TryStar):
        return [*node.body, *_handler_bodies(node), *node.orelse, *node.finalbody]
    return []


def _handler_bodies(node: ast.Try | ast.TryStar) -> list[ast.stmt]:
    return [stmt for handler in node.handlers for stmt in handler.body]


class _Scan:
    def __init__(self, top: str) -> None:
        self.top = top
        self.defined: dict[str, Name] = {}
        self.external: set[str] = set()
        self.all: list[str] | None = None
        self.main = False
        self.constructors: dict[str, Signature | None] = {}
        self.handlers: dict[type[ast.AST], Callable[[Any], None]] = {
            ast.FunctionDef: self.function,
            ast.AsyncFunctionDef: self.function,
            ast.ClassDef: self.klass,
            ast.Import: self.imports,
            ast.ImportFrom: self.imports,
            ast.Assign: self.assign,
            ast.AnnAssign: self.assign,
            ast.AugAssign: self.assign,
            ast.Expr: self.expression,
            ast.If: self.if_main,
        }

    def api(self, module: str, origin: str) -> ModuleApi:
        public = tuple(self.public())
        if self.all is None:
            return ModuleApi(module, public, None, (), self.main, origin)
        listed = tuple(self.named(key) for key in self.all)
        outside = tuple(item.name for item in public if item.name not in self.all)
        return ModuleApi(module, listed, tuple(self.all), outside, self.main, origin)

    def public(self) -> list[Name]:
        return [item for item in self.defined.values() if not item.name.startswith("_")]

    def named(self, key: str) -> Name:
        return self.defined.get(key) or Name(key, "import" if key in self.external else "unknown")

    def visit(self, node: ast.stmt) -> None:
        handler = self.handlers.get(type(node))
        if handler is not None:
            handler(node)

    def function(self, node: _FunctionNode) -> None:
        if not _decorated(node, {"overload"}):
            self.defined[node.name] = Name(node.name, "function", signature_of(node.args))

    def klass(self, node: ast.ClassDef) -> None:
        defs = [item for item in node.body if _is_method(item)]
        methods = {item.name: signature_of(item.args) for item in defs}
        kinds = {item.name: static_kind(item) for item in defs}
        call = constructor(node, self.constructors)
        self.constructors[node.name] = call
        if call is not None:  # the class's own call signature stands for its `__init__`
            methods.pop("__init__", None)
        special = {name: kind for name, kind in kinds.items() if kind != METHOD}
        self.defined[node.name] = Name(node.name, "class", call, methods, special)

    def if_main(self, node: ast.If) -> None:
        self.main = self.main or _is_main_check(node.test)

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            bound = _bound(node, alias)
            if bound is None:
                continue
            if self.internal(node, alias):
                kind = "module" if isinstance(node, ast.Import) else "import"
                self.defined[bound] = Name(bound, kind)
            else:
                self.defined.pop(bound, None)
                self.external.add(bound)

    def internal(self, node: ast.Import | ast.ImportFrom, alias: ast.alias) -> bool:
        """Whether the import is from the module's own top-level package."""
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            return True
        source = node.module if isinstance(node, ast.ImportFrom) else alias.name
        return source is not None and (source == self.top or source.startswith(f"{self.top}."))

    def assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets: list[ast.expr] = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(_is_all(target) for target in targets):
            self.all_assign(node)
        elif _binds(node):
            self.variables(targets)

    def variables(self, targets: list[ast.expr]) -> None:
        for target in targets:
            for name in _bound_names(target):
                self.defined[name] = Name(name, "variable")
                self.external.discard(name)

    def all_assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        names = _literal_strings(node.value)
        if names is None:
            self.all = None  # computed at run time: fall back to the names the module defines
        else:
            grown = isinstance(node, ast.AugAssign)
            self.all = [*(self.all or []), *names] if grown else names

    def expression(self, node: ast.Expr) -> None:
        """`__all__.extend([...])` and `__all__.append("x")`."""
        call = _all_method(node.value)
        if call is None:
            return
        method, argument = call
        added = _literal_strings(argument if method == "extend" else ast.List([argument]))
        self.all = None if added is None or self.all is None else [*self.all, *added]


def _bound(node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str | None:
    """The name an import binds, or None for `*` and `import a.b` (which binds `a`)."""
    plain = isinstance(node, ast.Import) and alias.asname is None
    if alias.name == "*" or plain:
        return None
    return alias.asname or alias.name


def _is_all(target: ast.expr) -> bool:
    return isinstance(target, ast.Name) and target.id == "__all__"


def _binds(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> bool:
    """Plain and annotated assignments with a value bind names; `x += 1` and `x: int` don't."""
    return isinstance(node, ast.Assign) or (isinstance(node, ast.AnnAssign) and bool(node.value))


def _all_method(node: ast.expr) -> tuple[str, ast.expr] | None:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
        return None
    method = node.func.attr
    if _is_all(node.func.value) and method in ("extend", "append"):
        return method, node.args[0]
    return None


def _bound_names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _bound_names(element)
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)


def _literal_strings(node: ast.expr | None) -> list[str] | None:
    if not isinstance(node, ast.List | ast.Tuple):
        return None
    values = [elt.value for elt in node.elts if isinstance(elt, ast.Constant)]
    strings = [value for value in values if isinstance(value, str)]
    return strings if len(strings) == len(node.elts) else None


def _is_main_check(test: ast.expr) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if not (isinstance(test, ast.Compare) and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = {_label(test.left), _label(test.comparators[0])}
    return len(test.ops) == 1 and sides == {"__name__", "'__main__'"}


def _label(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return repr(node.value) if isinstance(node, ast.Constant) else ""


def _decorated(node: _FunctionNode, names: set[str] | frozenset[str]) -> bool:
    return any(_decorator_name(decorator) in names for decorator in node.decorator_list)


def _decorator_name(decorator: ast.expr) -> str:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _is_method(item: ast.stmt) -> TypeGuard[_FunctionNode]:
    """Public methods and `__init__` (with `self`/`cls` kept as their first parameter)."""
    if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    public = not item.name.startswith("_") or item.name == "__init__"
    return public and not _decorated(item, _NOT_METHODS)
