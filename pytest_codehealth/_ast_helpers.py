"""Small helpers over `ast` that several rules share."""

from __future__ import annotations

import ast
from collections.abc import Mapping


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
    names: dict[str, str] = {}
    for node in ast.walk(tree):
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
