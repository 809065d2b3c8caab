"""How CH005 fixes a command nobody awaits inside an `async def`: `await` goes before the call.

The edit is checked before it is offered: the edited text must compile and parse to the tree
we meant, the old one with exactly that call wrapped in `await` (when the call's result is
used further, `r.get(k).decode()`, the `await` needs parentheses: both forms are tried).
"""

from __future__ import annotations

import ast
import copy

from pytest_codehealth.core.edits import Edit, TextIndex, apply_edits, edited_tree


def await_edits(text: str, tree: ast.Module, call: ast.expr) -> tuple[Edit, ...] | None:
    """The edits that await `call`, or None when no form re-parses to the intended tree."""
    index = TextIndex(text)
    start, end = index.span(call)
    intended = ast.dump(_awaited(tree, call))
    plain = (Edit(start, start, "await "),)
    wrapped = (Edit(start, start, "(await "), Edit(end, end, ")"))
    for edits in (plain, wrapped):
        new_tree = edited_tree(apply_edits(text, edits), compiled=True)
        if new_tree is not None and ast.dump(new_tree) == intended:
            return edits
    return None


def _awaited(tree: ast.Module, call: ast.expr) -> ast.Module:
    """A copy of `tree` with the node at `call`'s position wrapped in `ast.Await`."""
    where = _position(call)

    class _Wrap(ast.NodeTransformer):
        def visit_Call(self, node: ast.Call) -> ast.AST:
            self.generic_visit(node)
            return ast.Await(value=node) if _position(node) == where else node

    return _Wrap().visit(copy.deepcopy(tree))  # type: ignore[no-any-return]  # a Module in, out


def _position(node: ast.expr) -> tuple[int, int, int | None, int | None]:
    return node.lineno, node.col_offset, node.end_lineno, node.end_col_offset
