"""Which binding of a name holds where it is used, when the scope binds it to different things.

`x = redis.Redis()` ... `x.close()` ... `x = redis.asyncio.Redis()` ... `x.close()`: each use
has one assignment that must have run last before it, in straight-line terms: the latest
assignment before the use whose statement list also holds (an ancestor of) the use, with no
other binding of the name in between and none later in a loop around the use that could
come back to it. Anything less certain (a branch, a `try`, a `for` target) gives no answer.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence

from pytest_codehealth.rules.redis._scope import Binding

_LOOPS = (ast.For, ast.AsyncFor, ast.While)


def reaching(
    bindings: Sequence[Binding], use: ast.expr, parents: Mapping[ast.AST, ast.AST]
) -> Binding | None:
    """The binding that holds at `use`, when one surely does."""
    statements = [binding.stmt for binding in bindings]
    last = _last_before(statements, use)
    sibling = _sibling_on_path(last, use, parents) if last is not None else None
    if sibling is None:
        return None
    here = _position(use)
    later = [stmt for stmt in statements if stmt is not None and _position(stmt) > here]
    if any(_loops_back(loop, later) for loop in _loops_between(use, sibling, parents)):
        return None
    return bindings[statements.index(last)]


def _last_before(statements: list[ast.stmt | None], use: ast.expr) -> ast.stmt | None:
    """The last binding statement before `use` (not one holding it: `x = x.pipeline()`)."""
    if any(stmt is None for stmt in statements):
        return None  # bound by a `for`, `with`, `except`...: no straight line to follow
    here = _position(use)
    before = [s for s in statements if s and _position(s) < here and not _encloses(s, use)]
    return max(before, key=_position) if before else None


def _sibling_on_path(
    stmt: ast.stmt, use: ast.AST, parents: Mapping[ast.AST, ast.AST]
) -> ast.AST | None:
    """The ancestor of `use` in the same statement list as `stmt` (and after it), if any."""
    block = parents.get(stmt)
    node: ast.AST | None = use
    while node is not None and parents.get(node) is not block:
        node = parents.get(node)
    if node is None or block is None:
        return None
    for field in ("body", "orelse", "finalbody", "handlers", "cases"):
        statements = getattr(block, field, None)
        if isinstance(statements, list) and stmt in statements:
            return node if node in statements else None
    return None


def _loops_between(
    use: ast.AST, sibling: ast.AST, parents: Mapping[ast.AST, ast.AST]
) -> list[ast.AST]:
    """Loops around `use`, up to and including `sibling` (the binding is outside them)."""
    loops: list[ast.AST] = []
    node: ast.AST | None = use
    while node is not None:
        if isinstance(node, _LOOPS):
            loops.append(node)
        if node is sibling:
            break
        node = parents.get(node)
    return loops


def _loops_back(loop: ast.AST, later: list[ast.stmt]) -> bool:
    return any(_encloses(loop, stmt) for stmt in later)


def _encloses(outer: ast.AST | None, inner: ast.AST) -> bool:
    if outer is None:
        return False
    start, end = _position(outer), _end(outer)
    return start <= _position(inner) and _end(inner) <= end


def _position(node: ast.AST | None) -> tuple[int, int]:
    return (getattr(node, "lineno", 0), getattr(node, "col_offset", 0))


def _end(node: ast.AST) -> tuple[int, int]:
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
