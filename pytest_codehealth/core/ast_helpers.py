"""Small helpers over `ast` that several rules share."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping

Scope = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def dotted_name(node: ast.expr) -> str | None:
    """`a.b.c` for a Name/Attribute chain, as written; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def import_map(tree: ast.Module) -> dict[str, str]:
    """Local name -> qualified name for every import in the module (any depth)."""
    return import_bindings(ast.walk(tree))


def module_imports(tree: ast.Module) -> dict[str, str]:
    """Like `import_map`, for the module's top-level import statements only."""
    return import_bindings(tree.body)


def import_bindings(nodes: Iterable[ast.AST]) -> dict[str, str]:
    """Local name -> qualified name bound by the import statements among `nodes`."""
    names: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    names[alias.asname] = alias.name
                else:
                    top = alias.name.split(".", 1)[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def qualified_name(node: ast.expr, imports: Mapping[str, str]) -> str | None:
    """The imported name an expression refers to (`cl.suppress` -> `contextlib.suppress`)."""
    dotted = dotted_name(node)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    if head not in imports:
        return None
    return f"{imports[head]}.{rest}" if rest else imports[head]


def is_string_statement(node: ast.stmt) -> bool:
    """A docstring or any other statement that is only a string literal."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def snake_case(name: str) -> str:
    """A name in lower snake case for matching: `requestId`, `X-Request-ID` -> `request_id`."""
    return _CAMEL.sub("_", _NON_WORD.sub("_", name)).strip("_").lower()


def bound_names(tree: ast.Module) -> set[str]:
    """Every name the module binds other than by an import: assignments, defs, arguments."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
            names.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            names.update(node.names)
    return names
