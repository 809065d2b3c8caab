"""Where a value becomes an identifier, and which values reach there, scope by scope.

Used by CH003 (`timestamp-id`). A sink is an assignment to an id-like name or attribute,
an id-like keyword argument or dict key, a parameter default, or the `return` of a function
whose name says it makes ids. Flow follows local variables within one scope, in source order.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Mapping

from pytest_codehealth.core.ast_helpers import Scope, dotted_name, snake_case
from pytest_codehealth.core.record import Record
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.ids._clock import RANDOM, Evaluator, Value, clock_lines, combine

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_MINTING_VERBS = frozenset({"new", "make", "generate", "gen", "create", "next", "mint", "issue"})


@functools.lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    parts = (re.escape(p).replace(r"\*", ".*").replace(r"\?", ".") for p in patterns)
    return re.compile("|".join(f"(?:{part})" for part in parts))


def matches(patterns: tuple[str, ...], name: str) -> bool:
    """Whether a name, read in lower snake case (`requestId` -> `request_id`), matches."""
    regex = _compiled(patterns)
    return regex is not None and regex.fullmatch(snake_case(name)) is not None


class Hit(Record):
    """A timestamp-only value reaching an id: where (`node`, the id's value), what, from what."""

    node: ast.expr
    subject: str
    value: Value


class Sinks(Record):
    """Which names hold ids, which functions return them, and whether numbers count."""

    names: tuple[str, ...]
    functions: tuple[str, ...]
    numeric: bool = False


def hits(src: SourceFile, sinks: Sinks) -> Iterator[Hit]:
    """Every timestamp-only value that reaches an id sink, in each scope that reads the clock."""
    lines = clock_lines(src.nodes(ast.Call), src.imports)
    if not lines:
        return
    yield from _scan(src.tree, src.imports, sinks)
    for scope in src.nodes(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
        if isinstance(scope, _SCOPES) and _covers(scope, lines):
            yield from _scan(scope, src.imports, sinks)


def _scan(scope: Scope, imports: Mapping[str, str], sinks: Sinks) -> Iterator[Hit]:
    return _ScopeScan(scope, Evaluator(imports), sinks).run()


def _covers(scope: ast.stmt, lines: list[int]) -> bool:
    """Whether a clock reading lies within the scope's lines (`lines` is sorted)."""
    first = bisect.bisect_left(lines, scope.lineno)
    return first < len(lines) and lines[first] <= (scope.end_lineno or scope.lineno)


class _ScopeScan:
    def __init__(self, scope: Scope, evaluator: Evaluator, sinks: Sinks) -> None:
        self.scope, self.ev = scope, evaluator
        self.names, self.numeric = sinks.names, sinks.numeric
        self.returns_ids = self.mints_ids = False
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef):
            self.returns_ids = matches(sinks.functions, scope.name)
            self.mints_ids = self.returns_ids and _mints(scope.name)

    def flagged(self, value: Value, day: bool = False) -> bool:
        """A clock value with nothing unique in it, as text (or as a number if asked); a
        per-day value only where `day` says so (an id factory's return: a per-day cache key
        or bucket is deliberate, a per-day id is not)."""
        return value.timestamp_only and (value.text or self.numeric) and (day or not value.day)

    def run(self) -> Iterator[Hit]:
        return self.block(self.scope.body)

    def block(self, statements: Iterable[ast.stmt]) -> Iterator[Hit]:
        for statement in statements:
            try:
                found = list(self.statement(statement))
            except RecursionError:  # an expression nested thousands deep (generated code)
                found = []
            yield from found

    def statement(self, node: ast.stmt) -> Iterator[Hit]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from self.expressions(node.decorator_list)
            yield from self.parameter_defaults(node.args)
        elif isinstance(node, ast.ClassDef):
            keywords = [keyword.value for keyword in node.keywords]
            yield from self.expressions([*node.decorator_list, *node.bases, *keywords])
        elif isinstance(node, ast.For | ast.AsyncFor):
            yield from self.expressions([node.iter])
            self.unbind(node.target)
            yield from self.block([*node.body, *node.orelse])
        else:
            yield from self.children(node)
            yield from self.sink(node)

    def children(self, node: ast.stmt) -> Iterator[Hit]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                yield from self.expressions([child])
            elif isinstance(child, ast.stmt):
                yield from self.statement(child)
            elif isinstance(child, ast.withitem):
                yield from self.expressions([child.context_expr])
                if child.optional_vars is not None:
                    self.unbind(child.optional_vars)
            elif isinstance(child, ast.ExceptHandler):
                if child.name:
                    self.ev.env.pop(child.name, None)
                yield from self.block(child.body)
            elif isinstance(child, ast.match_case):
                yield from self.block(child.body)

    def sink(self, node: ast.stmt) -> Iterator[Hit]:
        if isinstance(node, ast.Assign):
            value = self.ev.value(node.value)
            for target in node.targets:
                yield from self.target(target, node.value, value)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            yield from self.target(node.target, node.value, self.ev.value(node.value))
        elif isinstance(node, ast.AugAssign):
            self.extend(node.target, node.value)
        elif isinstance(node, ast.Return):
            yield from self.returned(node)

    def returned(self, node: ast.Return) -> Iterator[Hit]:
        if node.value is None or not self.returns_ids:
            return
        value = self.ev.value(node.value)
        if self.flagged(value, day=self.mints_ids):
            assert isinstance(self.scope, ast.FunctionDef | ast.AsyncFunctionDef)
            yield Hit(node.value, f"the id returned by `{self.scope.name}()`", value)

    def target(self, target: ast.expr, node: ast.expr, value: Value) -> Iterator[Hit]:
        if isinstance(target, ast.Tuple | ast.List):
            yield from self.unpack(target, node)
            return
        key = _key(target)
        if key is not None and _mentions(node, key):
            self.extend(target, node)  # `request_id = f"{request_id}-{time.time()}"`
            return
        name = _target_name(target)
        if name is not None and self.flagged(value) and matches(self.names, name):
            yield Hit(node, f"`{_label(target)}`", value)
        if key is not None:
            self.ev.bind(key, value, target.lineno)

    def extend(self, target: ast.expr, node: ast.expr) -> None:
        """An id extended with more parts stays as unique as it was: not a timestamp id."""
        key = _key(target)
        if key is not None:
            self.ev.bind(key, combine((self.ev.value(node), RANDOM)), target.lineno)

    def unpack(self, target: ast.Tuple | ast.List, node: ast.expr) -> Iterator[Hit]:
        pairs = isinstance(node, ast.Tuple | ast.List) and len(node.elts) == len(target.elts)
        if not pairs or any(isinstance(elt, ast.Starred) for elt in target.elts):
            self.unbind(target)
            return
        assert isinstance(node, ast.Tuple | ast.List)
        for sub_target, sub_node in zip(target.elts, node.elts, strict=True):
            yield from self.target(sub_target, sub_node, self.ev.value(sub_node))

    def expressions(self, nodes: Iterable[ast.expr]) -> Iterator[Hit]:
        """Keyword arguments and dict keys that name an id, anywhere inside the expressions."""
        for root in nodes:
            for node in ast.walk(root):
                if isinstance(node, ast.Call):
                    yield from self.keywords(node.keywords)
                elif isinstance(node, ast.Dict):
                    yield from self.dict_items(node)
                elif isinstance(node, ast.NamedExpr):
                    self.ev.bind(node.target.id, self.ev.value(node.value), node.lineno)

    def keywords(self, keywords: list[ast.keyword]) -> Iterator[Hit]:
        for keyword in keywords:
            if keyword.arg is not None and matches(self.names, keyword.arg):
                value = self.ev.value(keyword.value)
                if self.flagged(value):
                    yield Hit(keyword.value, f"keyword `{keyword.arg}`", value)

    def dict_items(self, node: ast.Dict) -> Iterator[Hit]:
        for key, item in zip(node.keys, node.values, strict=True):
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            if matches(self.names, key.value):
                value = self.ev.value(item)
                if self.flagged(value):
                    yield Hit(item, f'key `"{key.value}"`', value)

    def parameter_defaults(self, args: ast.arguments) -> Iterator[Hit]:
        positional = [*args.posonlyargs, *args.args]
        pairs = [
            *zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True),
            *zip(args.kwonlyargs, args.kw_defaults, strict=True),
        ]
        for arg, default in pairs:
            if default is None:
                continue
            yield from self.expressions([default])
            value = self.ev.value(default)
            if self.flagged(value) and matches(self.names, arg.arg):
                yield Hit(default, f"the default of parameter `{arg.arg}`", value)

    def unbind(self, target: ast.expr) -> None:
        for node in ast.walk(target):
            key = _key(node) if isinstance(node, ast.Name | ast.Attribute) else None
            if key is not None:
                self.ev.env.pop(key, None)


def _mints(name: str) -> bool:
    """`new_order_ref`, `make_id`, `generate_ticket_id`: a function that makes a new id each
    call (a per-day value there collides); `get_session_id` may return one on purpose."""
    return snake_case(name).lstrip("_").split("_", 1)[0] in _MINTING_VERBS


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript):
        key = target.slice
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            return key.value
    return None


def _key(target: ast.expr) -> str | None:
    """The name flow follows: a local variable or an attribute chain such as `self.started`."""
    return dotted_name(target) if isinstance(target, ast.Name | ast.Attribute) else None


def _mentions(node: ast.expr, key: str) -> bool:
    """Whether an expression reads the name (or attribute chain) `key`."""
    return any(
        isinstance(sub, ast.Name | ast.Attribute) and dotted_name(sub) == key
        for sub in ast.walk(node)
    )


def _label(target: ast.expr) -> str:
    text = ast.unparse(target)
    return text if len(text) <= 40 else f"…{_target_name(target)}"
