"""Where each construct the compiler places stands: one sweep over the node index's spans.

`return` needs a def around it, `break` and `continue` a loop's body (not its `else`) in the
same def, `yield` a def's body (an `async def` holding one: no `return` with a value),
`yield from` a plain def's, `await`, `async for` and `async with` an `async def`'s,
`import *` the module, and `:=` no comprehension around it; loops, `try` and `with` nest
at most a few deep before the compiler's limit of 20 blocks comes near. Spans of a parsed
tree nest, so one pass in source order, with a stack of the scopes and blocks open at each
point, finds what is around every construct without walking the tree again. Anything the
sweep cannot place surely allowed (a lambda, a class body, an f-string, a default value) is
left to the compiler.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any, NamedTuple

Nodes = Callable[..., Iterator[Any]]  # `SourceFile.nodes`
Position = tuple[int, int]  # line, column
LOOP, SCOPE, BLOCK, FOUND = 0, 1, 2, 3  # of spans alike, the first is the outermost
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.JoinedStr)
_BLOCK_NAMES = ("For", "AsyncFor", "While", "Try", "TryStar", "With", "AsyncWith")
_BLOCKS = tuple(kind for kind in (getattr(ast, name, None) for name in _BLOCK_NAMES) if kind)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_PLACED = (ast.Return, ast.Break, ast.Continue, ast.Yield, ast.YieldFrom, ast.Await)
_PLACED_TOO = (ast.NamedExpr, ast.AsyncFor, ast.AsyncWith, ast.ImportFrom)
_ASYNC = (ast.Await, ast.AsyncFor, ast.AsyncWith)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_YIELDS, _RETURNS = 1, 2  # what an `async def` holds: refused together
DEEP = 5  # loops, `try` and `with` nested in one def: at most 3 compiler blocks each


Event = tuple[int, int, int, int, int, int, Any]  # start, -end, role, order: then the node


class Open(NamedTuple):
    """A scope, block or loop body open at the point the sweep has reached."""

    end: tuple[int, int]
    role: int
    node: Any
    depth: int = 0  # for a block: the blocks around it in its def, itself included


_UNSURE = Open((0, 0), SCOPE, None)  # a scope that holds a construct only in part


def misplaced(nodes: Nodes, future_annotations: bool = False) -> bool:
    """Does any construct stand where the compiler may refuse it?"""
    found = [node for node in each(nodes, (*_PLACED, *_PLACED_TOO)) if _placed(node)]
    blocks = list(each(nodes, _BLOCKS))
    if not found and not blocks:
        return False
    if future_annotations and any(isinstance(node, ast.expr) for node in found):
        return True  # an annotation may hold the `yield`, `await` or `:=`: not told apart
    events = _events(found, FOUND)
    events.extend(_events(each(nodes, (*_SCOPES, *_COMPREHENSIONS)), SCOPE, len(events)))
    events.extend(_events(blocks, BLOCK, len(events)))
    events.extend(_loop_bodies(blocks, len(events)))
    events.sort()  # source order; of spans starting together, the outermost first (a loop's
    # body before the def that is all of it)
    return _sweep(events)


def each(nodes: Nodes, kinds: tuple[type, ...]) -> Iterator[Any]:
    """The index's nodes of these types, type after type (not merged into source order)."""
    return chain.from_iterable(map(nodes, kinds))


def _placed(node: ast.AST) -> bool:
    """Every construct of `_PLACED`, but only `import *` of the imports."""
    return not isinstance(node, ast.ImportFrom) or any(each.name == "*" for each in node.names)


def _events(nodes: Iterable[Any], role: int, first: int = 0) -> list[Event]:
    return [
        (node.lineno, node.col_offset, -node.end_lineno, -node.end_col_offset, role, order, node)
        for order, node in enumerate(nodes, first)
    ]


def _loop_bodies(blocks: list[Any], first: int) -> Iterator[Event]:
    """Each loop's body: where `break` and `continue` may stand (not its `else`)."""
    for order, node in enumerate(blocks, first):
        if isinstance(node, _LOOPS):
            start: Any = node.body[0]
            end: Any = node.body[-1]
            line, col = start.lineno, start.col_offset
            yield line, col, -end.end_lineno, -end.end_col_offset, LOOP, order, node


def _sweep(events: list[Event]) -> bool:
    """Open each scope and block in turn; judge each construct by what is open around it."""
    open_spans: list[Open] = []
    generators: dict[int, int] = {}  # an `async def` -> what it holds: `_YIELDS`, `_RETURNS`
    for line, col, end_line, end_col, role, _, node in events:
        start, end = (line, col), (-end_line, -end_col)
        while open_spans and open_spans[-1].end <= start:
            open_spans.pop()
        if role == FOUND:
            if not _allowed(node, start, end, open_spans) or _async_generator_returns(
                node, end, open_spans, generators
            ):
                return True
            continue
        depth = _depth(open_spans) + 1 if role == BLOCK else 0
        if depth >= DEEP:
            return True
        open_spans.append(Open(end, role, node, depth))
    return False


def _depth(open_spans: list[Open]) -> int:
    """The blocks open in the innermost scope (a def or class starts again from none)."""
    for span in reversed(open_spans):
        if span.role == BLOCK:
            depth: int = span.depth
            return depth
        if span.role == SCOPE:
            return 0
    return 0


def _allowed(node: ast.AST, start: Position, end: Position, open_spans: list[Open]) -> bool:
    """May the construct stand where it is?"""
    scope, in_loop = _around(end, open_spans)
    if isinstance(node, ast.NamedExpr):
        return not any(isinstance(each.node, _COMPREHENSIONS) for each in open_spans)
    if isinstance(node, ast.ImportFrom):
        return scope is None
    if isinstance(node, ast.Break | ast.Continue):
        return in_loop
    if scope is None or not _in_body(start, end, scope.node):
        return False
    if isinstance(node, _ASYNC):
        return isinstance(scope.node, ast.AsyncFunctionDef)
    return isinstance(node, ast.Return | ast.Yield) or isinstance(scope.node, ast.FunctionDef)


def _async_generator_returns(
    node: ast.AST, end: Position, open_spans: list[Open], generators: dict[int, int]
) -> bool:
    """An `async def` holding both `yield` and `return` with a value, in either order."""
    if isinstance(node, ast.Return):
        part = _RETURNS if node.value is not None else 0
    else:
        part = _YIELDS if isinstance(node, ast.Yield) else 0
    scope = _around(end, open_spans)[0] if part else None
    if scope is None or not isinstance(scope.node, ast.AsyncFunctionDef):
        return False
    held = generators[id(scope.node)] = generators.get(id(scope.node), 0) | part
    return held == _YIELDS | _RETURNS


def _around(end: Position, open_spans: list[Open]) -> tuple[Open | None, bool]:
    """The innermost scope holding the construct (None: the module), and whether a loop's
    body in that scope holds it."""
    in_loop = False
    for each in reversed(open_spans):
        if each.role == SCOPE:
            return (each if end <= each.end else _UNSURE), in_loop
        in_loop = in_loop or (each.role == LOOP and end <= each.end)
    return None, in_loop


def _in_body(start: Position, end: Position, scope: Any) -> bool:
    """Inside a def's body (not its defaults, annotations or decorators)."""
    if not isinstance(scope, _DEFS):
        return False
    first, last = scope.body[0], scope.body[-1]
    return (first.lineno, first.col_offset) <= start and end <= (
        last.end_lineno,
        last.end_col_offset,
    )
