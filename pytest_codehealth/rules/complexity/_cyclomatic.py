"""radon's cyclomatic complexity, block for block, without radon's visitor.

radon's `ComplexityVisitor` recurses through every node, with a new visitor for each
statement of a function or class body: about a third of a cold run went there. `score`
counts the same things in the same places in one walk without recursion; `score_indexed`
(CH010, CH011) reads them off the node index the other rules share, and gives each to the
block whose body holds its text. The scores are radon's (the tests and
`benchmarks/radon_agreement.py` compare them with radon's own visitor):

- a block starts at 1; each `if`, `elif` and conditional expression adds 1, each loop 1
  (2 with an `else`), each `try` its handlers (and 1 for an `else`), each boolean operator
  its operands less one, each comprehension 1 and its `if`s, each `match` its cases (a
  capture-all case excepted), each `assert` 1 unless `no_assert`; nothing inside an
  `assert` counts, nor anything in decorators, parameters or annotations of a `def`;
- a function counts its body, not its nested functions (closures, reported on their own)
  nor classes defined inside it (radon drops those, with everything in them);
- a class scores its body and its methods: `real = 1 + body + sum(methods)`, shown as
  `real // methods + (methods > 1)` when it has methods.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any, Literal

from pytest_codehealth.core.children import ANY, BACKWARDS, MANY, backwards, nodes_in
from pytest_codehealth.core.record import Record, field

Kind = Literal["module", "function", "method", "class"]
Nodes = Callable[..., Iterator[Any]]  # `SourceFile.nodes`: nodes of these types, in pre-order
_STOPS = frozenset({ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Assert})
_BODY, _SPAN, _POINT = 0, 1, 2  # what a sweep item is: a block's body, a span counted nowhere
_END = 1 << 62  # past any line or column
Item = tuple[int, int, int, int, int, Any]  # start, end (negated), what, the node or its points


class Scope(Record, frozen=False):
    """A module, function or class being scored: its own count and the blocks defined in it."""

    kind: Kind
    node: ast.AST
    count: int = 1  # radon starts every block at 1
    functions: list[Scope] = field(default_factory=list)  # closures, or a class's methods
    classes: list[Scope] = field(default_factory=list)  # a class's or the module's classes

    @property
    def complexity(self) -> int:
        """The score radon shows for this block."""
        if self.kind != "class":
            return self.count
        methods = len(self.functions)
        return self.real if not methods else int(self.real / methods) + (methods > 1)

    @property
    def total(self) -> int:
        """radon's `total_complexity` of a module (what the maintainability index uses)."""
        functions = sum(each.count - 1 for each in self.functions)
        classes = sum(each.real - 1 for each in self.classes)
        return self.count + functions + classes

    @property
    def real(self) -> int:
        """A class's own count and its methods' (radon's `real_complexity`)."""
        return self.count + sum(method.count for method in self.functions)


def score(tree: ast.Module, *, no_assert: bool = False) -> Scope:
    """The module's scope, every block found under it, each with radon's count."""
    module = Scope("module", tree)
    pending = [module]
    while pending:
        scope = pending.pop()
        roots = [scope.node] if scope.kind == "module" else _body(scope.node)
        pending.extend(_count(scope, roots, no_assert))
    return module


def score_indexed(tree: ast.Module, nodes: Nodes, *, no_assert: bool = False) -> Scope:
    """`score`, from the file's node index instead of a walk: the decision points, `def`s,
    classes and `assert`s, each given to the innermost block whose body holds its text.

    A block's decorators, parameters, annotations and bases, and an `assert`'s contents, are
    spans that count nowhere (`score` never walks them); the body of a class defined inside a
    function too (radon drops it). Spans nest as the tree does, so one sweep in text order
    with a stack of the open spans finds each node's block."""
    module = Scope("module", tree)
    items = [*_points(nodes), *_spans(nodes)]
    items.sort(key=_order)
    _sweep(module, items, no_assert)
    return module


def _points(nodes: Nodes) -> Iterator[Item]:
    """Each decision point: where it starts, and what it adds."""
    for kind, points in _POINTS.items():
        for node in nodes(kind):
            where = node.target if kind is ast.comprehension else node  # it has no position
            yield (where.lineno, where.col_offset, 1, 1, _POINT, points(node))  # after spans


def _spans(nodes: Nodes) -> Iterator[Item]:
    """Each `def`, class and `assert` (a span counted nowhere), and each block's body."""
    for kind in _STOPS:
        for node in nodes(kind):
            yield (*_start(node), *_end(node), _SPAN, node)
            body = _body(node)
            if body:
                yield (*_start(body[0]), *_end(body[-1]), _BODY, node)


def _sweep(module: Scope, items: list[Item], no_assert: bool) -> None:
    """Add each point to the block whose body holds it, innermost first (spans nest)."""
    open_spans: list[tuple[tuple[int, int], Scope | None]] = [((_END, _END), module)]
    blocks: dict[ast.AST, Scope | None] = {}
    for line, col, end_line, end_col, what, node in items:
        while open_spans[-1][0] <= (line, col):
            open_spans.pop()
        scope = open_spans[-1][1]
        if what != _POINT:
            opened = _entered(scope, node, what, blocks, no_assert)
            open_spans.append(((-end_line, -end_col), opened))
        elif scope is not None:
            scope.count += node


def _entered(
    scope: Scope | None,
    node: ast.AST,
    what: int,
    blocks: dict[ast.AST, Scope | None],
    no_assert: bool,
) -> Scope | None:
    """The block a span opens counts into: its body's block, else none (an `assert` counts
    1 in the block around it, a `def` or class is recorded there)."""
    if what == _BODY:
        return blocks.get(node)
    if scope is not None and isinstance(node, ast.Assert):
        scope.count += int(not no_assert)
    elif scope is not None:
        blocks[node] = _block(scope, node)
    return None


def _end(node: ast.AST) -> tuple[int, int]:
    """Where a node's text ends, negated (wider spans sort first)."""
    return -node.end_lineno, -node.end_col_offset  # type: ignore[attr-defined]


def _start(node: ast.AST) -> tuple[int, int]:
    """Where a node's text starts: a `def`'s or class's at its first decorator."""
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    first = decorators[0] if decorators else node  # decorators come in text order
    return first.lineno, first.col_offset  # type: ignore[attr-defined]  # a stmt or an expr


def _order(item: tuple[int, int, int, int, int, ast.AST]) -> tuple[int, int, int, int, int]:
    """Text order; at one place the widest span first, and of two spans that end alike, a
    body before the block that fills it (`def f():` whose body is one `def g()`), then the
    nodes that start there."""
    return item[:5]


def _body(node: ast.AST) -> list[ast.AST]:
    body: list[ast.AST] = getattr(node, "body", [])
    return body


def _count(scope: Scope, roots: list[ast.AST], no_assert: bool) -> list[Scope]:
    """Add up `scope`'s own decision points; return the blocks that start inside it."""
    found: list[Scope] = []
    stack: list[ast.AST | None] = list(reversed(roots))
    count = 0
    while stack:
        node = stack.pop()
        if node is None:  # a hole in a list of nodes (`Dict.keys` for `**rest`)
            continue
        kind = type(node)
        if kind in _STOPS:  # a block of its own, or an `assert`: nothing below counts here
            count += _stop(scope, node, found, no_assert)
            continue
        points = _POINTS.get(kind)
        if points is not None:
            count += points(node)
        fields = BACKWARDS.get(kind)  # the fields that can hold nodes, last first
        if fields is None:
            fields = backwards(kind)
        for name, shape in fields:
            value = getattr(node, name)
            if shape == MANY:
                stack.extend(reversed(value))
            elif shape == ANY:
                stack.extend(reversed(nodes_in(value)))
            elif value is not None:
                stack.append(value)
    scope.count += count
    return found


def _stop(scope: Scope, node: ast.AST, found: list[Scope], no_assert: bool) -> int:
    """What an `assert` adds to `scope` (a `def` or `class` adds nothing: it is a block)."""
    if isinstance(node, ast.Assert):
        return int(not no_assert)
    block = _block(scope, node)
    if block is not None:
        found.append(block)
    return 0


def _block(scope: Scope, node: ast.AST) -> Scope | None:
    """A `def` or `class` found in `scope`, recorded where radon records it (None: dropped)."""
    if isinstance(node, ast.ClassDef):
        if scope.kind in ("function", "method"):
            return None  # radon keeps no class defined inside a function
        block = Scope("class", node)
        scope.classes.append(block)
        return block
    block = Scope("method" if scope.kind == "class" else "function", node)
    scope.functions.append(block)
    return block


def _if(node: ast.AST) -> int:
    return 1


def _bool_op(node: ast.BoolOp) -> int:
    return len(node.values) - 1


def _loop(node: ast.For | ast.While | ast.AsyncFor) -> int:
    return 1 + bool(node.orelse)


def _comprehension(node: ast.comprehension) -> int:
    return 1 + len(node.ifs)


def _try(node: ast.Try) -> int:
    return len(node.handlers) + bool(node.orelse)


def _match(node: ast.Match) -> int:
    capture_all = any(getattr(case.pattern, "pattern", False) is None for case in node.cases)
    return max(0, len(node.cases) - capture_all)


# The decision points a node adds, by its exact type as radon's `generic_visit` tells them
# apart (by class name): `try ... except*` (`TryStar`) adds nothing there.
_POINTS: dict[type[ast.AST], Callable[[Any], int]] = {
    ast.If: _if,
    ast.IfExp: _if,
    ast.BoolOp: _bool_op,
    ast.For: _loop,
    ast.While: _loop,
    ast.AsyncFor: _loop,
    ast.comprehension: _comprehension,
    ast.Try: _try,
    ast.Match: _match,
}
