"""A module's public API read from its source with `ast`: never imported, never executed.

With `__all__`, the API is exactly its names. Without, it is the top-level functions, classes
and assigned names plus the names imported from the module's own top-level package (project
re-exports); names starting with `_` and names imported from elsewhere are left out.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator

from pytest_codehealth.compat.model import (
    KEYWORD_ONLY,
    POSITIONAL,
    POSITIONAL_ONLY,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    ModuleApi,
    Name,
    Param,
    Signature,
)

_NOT_METHODS = frozenset({"property", "cached_property", "setter", "getter", "deleter"})


class ApiSourceError(ValueError):
    """Old source that cannot be parsed."""


def extract(text: str, module: str, origin: str) -> ModuleApi:
    """The public API of `module`, given its source text."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError) as exc:
        raise ApiSourceError(f"{origin}: cannot parse the old source: {exc}") from None
    scan = _Scan(module.partition(".")[0])
    for node in _top_level(tree.body):
        scan.visit(node)
    public = [name for name in scan.defined.values() if not name.name.startswith("_")]
    if scan.all is None:
        return ModuleApi(module, tuple(public), None, (), scan.main, origin)
    listed = [scan.defined.get(key) or Name(key, scan.kind_of(key)) for key in scan.all]
    outside = tuple(item.name for item in public if item.name not in scan.all)
    return ModuleApi(module, tuple(listed), tuple(scan.all), outside, scan.main, origin)


def _top_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements at module level, including those inside top-level `if` and `try` blocks."""
    for node in body:
        yield node
        if isinstance(node, ast.If) and not _is_main_check(node.test):
            yield from _top_level([*node.body, *node.orelse])
        elif isinstance(node, ast.Try | ast.TryStar):
            handlers = [stmt for handler in node.handlers for stmt in handler.body]
            yield from _top_level([*node.body, *handlers, *node.orelse, *node.finalbody])


class _Scan:
    def __init__(self, top: str) -> None:
        self.top = top
        self.defined: dict[str, Name] = {}
        self.external: set[str] = set()
        self.all: list[str] | None = None
        self.main = False

    def kind_of(self, key: str) -> str:
        return "import" if key in self.external else "unknown"

    def visit(self, node: ast.stmt) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            if not _decorated(node, {"overload"}):
                self.defined[node.name] = Name(node.name, "function", signature_of(node.args))
        elif isinstance(node, ast.ClassDef):
            self.defined[node.name] = Name(node.name, "class", None, _methods(node))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            self.imports(node)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            self.assign(node)
        elif isinstance(node, ast.Expr):
            self.all_call(node.value)
        elif isinstance(node, ast.If) and _is_main_check(node.test):
            self.main = True

    def imports(self, node: ast.Import | ast.ImportFrom) -> None:
        plain = isinstance(node, ast.Import)
        for alias in node.names:
            if alias.name == "*" or (plain and alias.asname is None):
                continue  # `import a.b` binds `a`: not an API of this module
            source = alias.name if plain else getattr(node, "module", None) or ""
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            bound = alias.asname or alias.name
            if relative or source == self.top or source.startswith(f"{self.top}."):
                self.defined[bound] = Name(bound, "module" if plain else "import")
            else:
                self.defined.pop(bound, None)
                self.external.add(bound)

    def assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            self.all_assign(node)
            return
        if isinstance(node, ast.AugAssign) or (isinstance(node, ast.AnnAssign) and not node.value):
            return
        for target in targets:
            for name in _bound_names(target):
                self.defined[name] = Name(name, "variable")
                self.external.discard(name)

    def all_assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        names = _literal_strings(node.value)
        if names is None:
            self.all = None  # computed at run time: fall back to the names the module defines
        elif isinstance(node, ast.AugAssign):
            self.all = [*(self.all or []), *names]
        else:
            self.all = names

    def all_call(self, call: ast.expr) -> None:
        """`__all__.extend([...])` and `__all__.append("x")`."""
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            return
        owner = call.func.value
        if not (isinstance(owner, ast.Name) and owner.id == "__all__" and call.args):
            return
        if call.func.attr == "extend":
            added = _literal_strings(call.args[0])
        elif call.func.attr == "append":
            added = _literal_strings(ast.List([call.args[0]]))
        else:
            return
        self.all = None if added is None or self.all is None else [*self.all, *added]


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
    if len(values) != len(node.elts) or not all(isinstance(value, str) for value in values):
        return None
    return [str(value) for value in values]


def _is_main_check(test: ast.expr) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    sides = [test.left, test.comparators[0]]
    has_name = any(isinstance(side, ast.Name) and side.id == "__name__" for side in sides)
    has_main = any(isinstance(side, ast.Constant) and side.value == "__main__" for side in sides)
    return isinstance(test.ops[0], ast.Eq) and has_name and has_main


def _decorated(
    node: ast.FunctionDef | ast.AsyncFunctionDef, names: set[str] | frozenset[str]
) -> bool:
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        label = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if label in names:
            return True
    return False


def _methods(node: ast.ClassDef) -> dict[str, Signature]:
    """Public methods and `__init__`, with `self`/`cls` kept as their first parameter."""
    methods = {}
    for item in node.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if item.name.startswith("_") and item.name != "__init__":
            continue
        if _decorated(item, _NOT_METHODS | {"overload"}):
            continue
        methods[item.name] = signature_of(item.args)
    return methods


def signature_of(args: ast.arguments) -> Signature:
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += args.defaults
    params = [
        Param(arg.arg, kind, _text(default))
        for arg, kind, default in zip(
            positional,
            [POSITIONAL_ONLY] * len(args.posonlyargs) + [POSITIONAL] * len(args.args),
            defaults,
            strict=True,
        )
    ]
    if args.vararg is not None:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(Param(arg.arg, KEYWORD_ONLY, _text(default)))
    if args.kwarg is not None:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD))
    return Signature(tuple(params))


def _text(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)
