"""How CH003 fixes the simple cases: the clock reading inside an id becomes `uuid.uuid4()`.

Fixable: an id that is directly an f-string, `str(...)`, `.strftime(...)`/`.isoformat()` or a
`+` of those (also as the body of `default_factory=lambda: ...`), where each clock part is a
bare clock reading or `int()`/`str()`/`round()` of one. Each fix is checked before it is
offered: the edited text must parse to exactly the tree we meant, with only those parts (and
an added `import uuid`) changed.
"""

from __future__ import annotations

import ast
import copy
import functools
import re
import warnings

from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.edits import Edit, TextIndex, apply_edits, edited_tree
from pytest_codehealth.core.record import Record
from pytest_codehealth.rules.ids._clock import Evaluator
from pytest_codehealth.rules.ids._clock_data import (
    CLOCK_CALLS,
    NUMBER_METHODS,
    SAME_METHODS,
    TEXT_METHODS,
    TIME_CONVERTERS,
)
from pytest_codehealth.rules.ids._uuid_import import import_edit, uuid_call

_NUMBER_OPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv)
_DERIVING_METHODS = TEXT_METHODS | SAME_METHODS | NUMBER_METHODS
_TEXT_METHODS = frozenset({"strftime", "isoformat"})
_FIELD_TAIL = re.compile(r"\s*(?:!s)?(?::[^{}]*)?")  # what may follow the expression before `}`


class Rewrite(Record):
    """Replace `node` by the uuid call: a field of an f-string keeps no conversion or format
    spec; `as_text` wraps the call in `str()`."""

    node: ast.expr | ast.FormattedValue
    as_text: bool = False


class Planner:
    """Fixes for one module: which rewrites an id's value needs, and the edits that make them."""

    def __init__(self, tree: ast.Module, evaluator: Evaluator) -> None:
        self.tree, self.ev = tree, evaluator

    @functools.cached_property
    def _uuid(self) -> tuple[str, bool] | None:
        return uuid_call(self.tree)

    def uuid_call(self) -> tuple[str, bool] | None:
        """The call to write (`uuid.uuid4()`) and whether `import uuid` must be added."""
        return self._uuid

    def rewrites(self, node: ast.expr) -> tuple[Rewrite, ...] | None:
        """What to replace so that this id no longer reads the clock, or None if not simple."""
        if self.uuid_call() is None:
            return None
        found = self._text(self._factory_body(node) or node)
        return tuple(found) if found else None

    def _factory_body(self, node: ast.expr) -> ast.expr | None:
        """The body of `field(default_factory=lambda: ...)` when that is where the clock is."""
        if not isinstance(node, ast.Call):
            return None
        for keyword in node.keywords:
            body = keyword.value.body if isinstance(keyword.value, ast.Lambda) else None
            is_default = keyword.arg in ("default", "default_factory")
            if is_default and body is not None and self.ev.value(body).clock is not None:
                return body
        return None

    def preview(
        self, index: TextIndex, node: ast.expr, rewrites: tuple[Rewrite, ...]
    ) -> str | None:
        """The id's code after the fix, as the user wrote it otherwise; None if not editable."""
        call = self.uuid_call()
        assert call is not None
        start, end = index.span(node)
        edits = [self._edit(index, rewrite, call[0]) for rewrite in rewrites]
        if any(edit is None for edit in edits):
            return None
        shifted = [Edit(e.start - start, e.end - start, e.new) for e in edits if e is not None]
        return apply_edits(index.text[start:end], shifted)

    def edits(self, index: TextIndex, rewrites: tuple[Rewrite, ...]) -> tuple[Edit, ...] | None:
        """The checked text edits for these rewrites (with the import if needed), or None."""
        call = self.uuid_call()
        assert call is not None
        edits = []
        for rewrite in rewrites:
            edit = self._edit(index, rewrite, call[0])
            if edit is None:
                return None
            edits.append(edit)
        position = None
        if call[1]:
            position, edit = import_edit(self.tree, index)
            edits.append(edit)
        return tuple(edits) if self._verified(index.text, edits, rewrites, position) else None

    def _text(self, node: ast.expr) -> list[Rewrite] | None:
        """Rewrites for a text-valued id; None when some clock part is not simple."""
        if isinstance(node, ast.JoinedStr):
            return self._fields(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self._concatenation(node)
        if isinstance(node, ast.Call) and _builtin_name(node, self.ev) == "str":
            return self._str_call(node)
        if _method_name(node) in _TEXT_METHODS and self._pure(node):
            return [Rewrite(node, as_text=True)]
        return None

    def _concatenation(self, node: ast.BinOp) -> list[Rewrite] | None:
        left, right = self._text_or_plain(node.left), self._text_or_plain(node.right)
        return None if left is None or right is None else [*left, *right]

    def _str_call(self, node: ast.Call) -> list[Rewrite] | None:
        if len(node.args) == 1 and not node.keywords and self._pure(node.args[0]):
            return [Rewrite(node.args[0])]
        return None

    def _text_or_plain(self, node: ast.expr) -> list[Rewrite] | None:
        if self.ev.value(node).clock is None:
            return []
        return self._text(node)

    def _fields(self, node: ast.JoinedStr) -> list[Rewrite] | None:
        rewrites = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue) and self.ev.value(part.value).clock is not None:
                if not (self._pure(part.value) and _simple_field(part)):
                    return None
                rewrites.append(Rewrite(part))
        return rewrites

    def _pure(self, node: ast.expr) -> bool:
        """A clock reading, or a conversion of one with constant arguments only."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, _NUMBER_OPS):
            left, right = node.left, node.right
            return (self._pure(left) and _constant(right)) or (
                _constant(left) and self._pure(right)
            )
        if isinstance(node, ast.Subscript):
            return self._pure(node.value) and _constant(node.slice)
        return isinstance(node, ast.Call) and self._pure_call(node)

    def _pure_call(self, node: ast.Call) -> bool:
        name = self.ev.qualified(node.func)
        if name in CLOCK_CALLS or name in TIME_CONVERTERS:
            return self.ev.value(node).clock is node and _all_simple(node)
        if _builtin_name(node, self.ev) in ("int", "str", "round"):
            return bool(node.args) and self._pure(node.args[0]) and _constant_rest(node, 1)
        if isinstance(node.func, ast.Attribute) and _method_name(node) in _DERIVING_METHODS:
            return self._pure(node.func.value) and _constant_rest(node, 0)
        return False

    def _edit(self, index: TextIndex, rewrite: Rewrite, call: str) -> Edit | None:
        node = rewrite.node.value if isinstance(rewrite.node, ast.FormattedValue) else rewrite.node
        start, end = index.span(node)
        if not _same_code(index.text[start:end], node):
            return None
        if isinstance(rewrite.node, ast.FormattedValue):
            tail = _FIELD_TAIL.match(index.text, end)
            if tail is None or not index.text.startswith("}", tail.end()):
                return None
            end = tail.end()
        return Edit(start, end, f"str({call})" if rewrite.as_text else call)

    def _verified(
        self, text: str, edits: list[Edit], rewrites: tuple[Rewrite, ...], position: int | None
    ) -> bool:
        new_tree = edited_tree(apply_edits(text, edits))
        if new_tree is None:
            return False
        try:
            memo: dict[int, object] = {}
            expected = self._apply(copy.deepcopy(self.tree, memo), memo, rewrites)
            assert isinstance(expected, ast.Module)
            if position is not None:
                expected.body.insert(position, ast.Import(names=[ast.alias("uuid")]))
            return ast.dump(new_tree) == ast.dump(expected)
        except RecursionError:  # a module too deeply nested to compare: no fix
            return False

    def _apply(
        self, root: ast.AST, memo: dict[int, object], rewrites: tuple[Rewrite, ...]
    ) -> ast.AST:
        """Make the rewrites on a deep copy (`memo` maps originals to copies); returns the root."""
        call = self.uuid_call()
        assert call is not None
        for rewrite in rewrites:
            target = memo[id(rewrite.node)]
            new = ast.parse(f"str({call[0]})" if rewrite.as_text else call[0], mode="eval").body
            if isinstance(target, ast.FormattedValue):
                target.value, target.conversion, target.format_spec = new, -1, None
            elif target is root:
                root = new
            else:
                _replace_child(root, target, new)
        return root


def _replace_child(root: ast.AST, old: object, new: ast.expr) -> None:
    for parent in ast.walk(root):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(item is old for item in value):
                value[[item is old for item in value].index(True)] = new
                return


def _builtin_name(node: ast.Call, evaluator: Evaluator) -> str | None:
    """`str` for `str(...)` when `str` is the builtin (not imported under that name)."""
    func = node.func
    return func.id if isinstance(func, ast.Name) and func.id not in evaluator.imports else None


def _method_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _simple_field(node: ast.FormattedValue) -> bool:
    """`{x}`, `{x!s}` or `{x:spec}` with a plain spec: nothing that needs a number or a repr."""
    spec = node.format_spec
    plain_spec = spec is None or (
        isinstance(spec, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in spec.values)
    )
    return node.conversion in (-1, ord("s")) and plain_spec


def _constant_rest(node: ast.Call, start: int) -> bool:
    """Whether the call's arguments from position `start` on (and its keywords) are constant."""
    arguments = [*node.args[start:], *(keyword.value for keyword in node.keywords)]
    return all(map(_constant, arguments))


def _constant(node: ast.expr) -> bool:
    if isinstance(node, ast.Slice):
        return all(part is None or _constant(part) for part in (node.lower, node.upper, node.step))
    if isinstance(node, ast.UnaryOp):
        return _constant(node.operand)
    return isinstance(node, ast.Constant)


def _all_simple(node: ast.Call) -> bool:
    """Arguments that are constants or plain names (`timezone.utc`): safe to drop."""
    arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
    return all(_constant(argument) or dotted_name(argument) for argument in arguments)


def _same_code(segment: str, node: ast.expr) -> bool:
    """Whether the text at the node's position really is that expression."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parsed = ast.parse(f"({segment})", mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return ast.dump(parsed) == ast.dump(node)
