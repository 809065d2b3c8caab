"""radon's Halstead volume of a module, from one walk of the tree without recursion.

radon's `HalsteadVisitor` (what `h_visit_ast` runs, and the maintainability index reads)
recurses through every node and starts a new visitor for each statement of a function's
body; this walk counts the same things (the tests compare it with radon's visitor, and
`benchmarks/halstead_agreement.py` on whole trees):

- each binary, unary and boolean operator, augmented assignment and comparison adds its
  operators (a comparison one per operator) and its operands (a boolean operator one per
  value, a comparison one more than its operators);
- an operator is told apart by its class (`Add`, `And`, `Lt`...); an operand by the name of
  the function whose body holds it (None outside any) and by its identifier (a name), its
  attribute's name (`a.x` and `b.x` are one), its value (a constant: `1`, `1.0` and `True`
  are one, as in a Python set) or else by being the node it is;
- a function's decorators, parameters and annotations are not visited, nor counted;
- volume = N * log2(h), where N counts the operators and operands and h the distinct ones.

CH012 counts from the file's node index instead (`counts_indexed`): only the nodes that carry
operators, each placed in its function by position; the walk stays as the second way the
tests and `benchmarks/halstead_agreement.py` hold against radon's visitor.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Iterator
from operator import itemgetter
from typing import Any, cast

from pytest_codehealth.core.children import ANY, BACKWARDS, MANY, backwards, nodes_in
from pytest_codehealth.core.source import SourceFile

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_KEYS = {ast.Name: "id", ast.Attribute: "attr", ast.Constant: "value"}


class Counts:
    """The four Halstead counts of a module, as radon's visitor keeps them."""

    def __init__(self) -> None:
        self.operators = self.operands = 0
        self.operators_seen: set[str] = set()
        self.operands_seen: set[tuple[str | None, Any]] = set()

    @property
    def volume(self) -> float:
        """radon's `HalsteadReport.volume`: N * log2(h), 0 for an empty vocabulary."""
        vocabulary = len(self.operators_seen) + len(self.operands_seen)
        length = self.operators + self.operands
        return length * math.log(vocabulary, 2) if vocabulary != 0 else 0

    def add(self, operators: list[ast.AST], operands: list[ast.AST], context: str | None) -> None:
        self.operators += len(operators)
        self.operands += len(operands)
        self.operators_seen.update(type(operator).__name__ for operator in operators)
        self.operands_seen.update((context, _operand(operand)) for operand in operands)


def counts(tree: ast.AST) -> Counts:
    """The module's operators and operands, counted where radon's visitor counts them."""
    found = Counts()
    pending: list[tuple[list[Any], str | None]] = [([tree], None)]
    while pending:  # the module, then each function's body in the function's own context
        roots, context = pending.pop()
        _walk(roots, context, found, pending)
    return found


def counts_indexed(src: SourceFile) -> Counts:
    """The same counts from the file's node index (built once for every rule): the nodes
    that carry operators, each in the context of the innermost function whose body holds it
    by position, and none that sits in a function's decorators, parameters or annotations.
    """
    found = Counts()
    for context, node in _placed(src):
        if context is not _HEADER:
            operators, operands = _PARTS[type(node)](node)
            found.add(operators, operands, cast("str | None", context))
    return found


_HEADER = object()  # an operator in a def's decorators, parameters or annotations
_Event = tuple[tuple[int, int], int, Any]  # where it starts, 0 for a def (first), the node
_EVENT_KEY = itemgetter(0, 1)  # a def before an operator where both start; never the nodes


def _placed(src: SourceFile) -> Iterator[tuple[object, Any]]:
    """Each node that carries operators, with its context: a def's name, None, `_HEADER`."""
    events: list[_Event] = [(_top(node), 0, node) for kind in _DEFS for node in src.nodes(kind)]
    events.extend(  # type by type: their order does not matter, `nodes` would merge them
        ((node.lineno, node.col_offset), 1, node) for kind in _CARRIERS for node in src.nodes(kind)
    )
    events.sort(key=_EVENT_KEY)
    open_defs: list[Any] = []
    for start, kind, node in events:
        while open_defs and (open_defs[-1].end_lineno, open_defs[-1].end_col_offset) < start:
            open_defs.pop()
        if kind == 0:
            open_defs.append(node)
        else:
            yield _context(open_defs[-1] if open_defs else None, start), node


def _top(node: Any) -> tuple[int, int]:
    """Where a def starts: its first decorator, or its `def`."""
    first = node.decorator_list[0] if node.decorator_list else node
    return min((first.lineno, first.col_offset), (node.lineno, node.col_offset))


def _context(owner: Any, start: tuple[int, int]) -> object:
    """The innermost def's name if `start` is in its body, `_HEADER` if before it."""
    if owner is None:
        return None
    body = owner.body[0]
    return owner.name if start >= (body.lineno, body.col_offset) else _HEADER


def _walk(
    roots: list[Any],
    context: str | None,
    found: Counts,
    pending: list[tuple[list[Any], str | None]],
) -> None:
    """Count under `roots`; a def's body is left in `pending` (its decorators, parameters and
    annotations are not visited)."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        if node is None:  # a hole in a list of nodes (`Dict.keys` for `**rest`)
            continue
        kind = type(node)
        if kind in _DEFS:
            pending.append((node.body, node.name))
            continue
        parts = _PARTS.get(kind)
        if parts is not None:
            operators, operands = parts(node)
            found.add(operators, operands, context)
        fields = BACKWARDS.get(kind)
        if fields is None:
            fields = backwards(kind)
        for name, shape in fields:
            value = getattr(node, name)
            if shape == MANY:
                stack.extend(value)
            elif shape == ANY:
                stack.extend(nodes_in(value))
            elif value is not None:
                stack.append(value)


def _operand(node: ast.AST) -> Any:
    key = _KEYS.get(type(node))
    return getattr(node, key) if key is not None else node


def _bin_op(node: ast.BinOp) -> tuple[list[ast.AST], list[ast.AST]]:
    return [node.op], [node.left, node.right]


def _unary_op(node: ast.UnaryOp) -> tuple[list[ast.AST], list[ast.AST]]:
    return [node.op], [node.operand]


def _bool_op(node: ast.BoolOp) -> tuple[list[ast.AST], list[ast.AST]]:
    return [node.op], list(node.values)


def _aug_assign(node: ast.AugAssign) -> tuple[list[ast.AST], list[ast.AST]]:
    return [node.op], [node.target, node.value]


def _compare(node: ast.Compare) -> tuple[list[ast.AST], list[ast.AST]]:
    return list(node.ops), [*node.comparators, node.left]


_PARTS: dict[type[ast.AST], Any] = {
    ast.BinOp: _bin_op,
    ast.UnaryOp: _unary_op,
    ast.BoolOp: _bool_op,
    ast.AugAssign: _aug_assign,
    ast.Compare: _compare,
}
_CARRIERS: tuple[Any, ...] = tuple(_PARTS)  # the node types that carry operators
