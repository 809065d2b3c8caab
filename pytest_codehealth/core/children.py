"""Which fields of each `ast` node type can hold nodes, read once from the type's signature.

A walk that tries every field of every node spends most of its time on fields that never hold
one (`Name.id`, `Constant.value`, `ctx`). Each node class documents its fields the way the
grammar declares them (`Name(identifier id, expr_context ctx)`): fields of the grammar's
scalar types (identifier, string, constant, int) and the `Load`/`Store`/`Del` context are
skipped; `expr*` fields are lists. A field the signature does not describe is tried as any
field is (`ANY`).
"""

from __future__ import annotations

import ast
import re

ONE, MANY, ANY = 0, 1, 2  # a node or None; a list of nodes (and None: `Dict.keys`); unknown
Fields = tuple[tuple[str, int], ...]
_SCALAR = frozenset({"identifier", "string", "constant", "int", "expr_context"})
_FIELD = re.compile(r"(\w+)([?*]?) (\w+)")
_KNOWN: dict[type, Fields] = {}
BACKWARDS: dict[type, Fields] = {}  # `backwards` so far: a walk's cheaper first lookup


def child_fields(kind: type) -> Fields:
    """The fields of `kind` that can hold nodes, in `_fields` order, with their shape."""
    known = _KNOWN.get(kind)
    if known is None:
        known = _KNOWN[kind] = _read(kind)
    return known


def backwards(kind: type) -> Fields:
    """`child_fields`, last first: what a walk with a stack pushes to pop them in order."""
    known = BACKWARDS.get(kind)
    if known is None:
        known = BACKWARDS[kind] = child_fields(kind)[::-1]
    return known


def nodes_in(value: object) -> list[ast.AST]:
    """The nodes a field the grammar does not describe holds: itself, or its list's nodes."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, ast.AST)]


def _read(kind: type) -> Fields:
    if not issubclass(kind, ast.AST):
        return ()
    signature = (kind.__doc__ or "").split("\n", 1)[0].partition("(")[2]
    declared = {name: (grammar, mark) for grammar, mark, name in _FIELD.findall(signature)}
    fields = []
    for name in kind._fields:
        grammar, mark = declared.get(name, ("", ""))
        if grammar in _SCALAR:
            continue
        shape = ANY if not grammar else MANY if mark == "*" else ONE
        fields.append((name, shape))
    return tuple(fields)
