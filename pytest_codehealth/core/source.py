"""SourceFile: a Python file read once, decoded as Python does, parsed once."""

from __future__ import annotations

import ast
import heapq
import io
import re
import tokenize
import warnings
from array import array
from collections.abc import Callable, Hashable, Iterator
from functools import cached_property, partial
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, TypeVar, cast

from pytest_codehealth.core.ast_helpers import import_bindings
from pytest_codehealth.core.deep import from_the_top, with_room
from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.reading import (  # re-exported: the analysis code imports them here
    LOAD_ERROR_CODE,
    LOAD_ERROR_NAME,
    load_error,
    over_limit,
    read,
    too_large,
)
from pytest_codehealth.core.record import Record

NodeT = TypeVar("NodeT", bound=ast.AST)
T = TypeVar("T")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NUL_MESSAGE = "source code string cannot contain null bytes"


class SourceFile(Record):
    """What every rule gets: the display path, the decoded text and the one `ast` tree."""

    path: str
    text: str
    tree: ast.Module

    @cached_property
    def lines(self) -> list[str]:
        """Physical lines without their endings (CRLF, CR and LF all end a line)."""
        return split_lines(self.text)

    @cached_property
    def _by_type(self) -> dict[type[ast.AST], Column]:
        """Every node of the tree by its type, from one walk shared by all rules."""
        return index_nodes(self.tree)

    def nodes(self, *types: type[NodeT]) -> Iterator[NodeT]:
        """Nodes of these types in source order (pre-order), without walking the tree again."""
        columns = [self._by_type.get(kind, _EMPTY) for kind in types]
        if len(columns) == 1:
            return iter(cast("list[NodeT]", columns[0].nodes))
        pairs = [zip(column.positions, column.nodes, strict=True) for column in columns]
        return cast("Iterator[NodeT]", map(itemgetter(1), heapq.merge(*pairs, key=itemgetter(0))))

    @cached_property
    def _shared(self) -> dict[Hashable, Any]:
        return {}

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, once per file and `key`: what several rules derive from the one tree
        (radon's blocks for CH010 and CH011) is kept with the file and freed with it."""
        if key not in self._shared:
            self._shared[key] = compute()
        return cast("T", self._shared[key])

    @cached_property
    def imports(self) -> dict[str, str]:
        """Local name -> imported qualified name, for every import at any depth."""
        return import_bindings(self.nodes(ast.Import, ast.ImportFrom))

    def finding(
        self, node: ast.AST, code: str, name: str, message: str, *, measure: Measure | None = None
    ) -> Finding:
        """A finding at `node`, with a 1-based character column."""
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        col = self._char_col(line, offset)
        finding = self.finding_at(line, col, code, name, message, measure=measure)
        return finding.replace(end_line=getattr(node, "end_lineno", None) or line)

    def finding_at(
        self,
        line: int,
        col: int,
        code: str,
        name: str,
        message: str,
        *,
        measure: Measure | None = None,
    ) -> Finding:
        """A finding at a position, with what a size or score rule measured."""
        return Finding(self.path, line, col, code, name, message, end_line=line, measure=measure)

    def _char_col(self, line: int, byte_offset: int) -> int:
        """`ast` columns are UTF-8 byte offsets; editors want 1-based characters."""
        if 0 < line <= len(self.lines):
            text = self.lines[line - 1]
            prefix = text.encode("utf-8", "surrogatepass")[:byte_offset]
            return len(prefix.decode("utf-8", "replace")) + 1
        return byte_offset + 1


class Column(NamedTuple):
    """The nodes of one type in pre-order, and their positions in the walk: two flat columns
    (16 bytes a node), not a (position, node) pair per node (about 70)."""

    positions: array[int]
    nodes: list[ast.AST]


_EMPTY = Column(array("q"), [])


def index_nodes(tree: ast.AST) -> dict[type[ast.AST], Column]:
    """Type -> its nodes and their pre-order positions, from one walk that tries only the
    fields that can hold nodes (`core.children`); the `Load`/`Store`/`Del` contexts are not
    indexed."""
    from pytest_codehealth.core.children import (  # noqa: PLC0415  # not at start-up
        ANY,
        MANY,
        Fields,
        backwards,
        nodes_in,
    )

    index: dict[type[ast.AST], Column] = {}
    fields: dict[type, Fields] = {}  # each type's, last first (a local lookup is cheaper)
    stack: list[Any] = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    position = 0
    while stack:
        node = pop()
        if node is None:  # a hole in a list of nodes (`Dict.keys` for `**rest`)
            continue
        kind = type(node)
        found = index.get(kind)
        if found is None:
            found = index[kind] = Column(array("q"), [])
            fields[kind] = backwards(kind)
        found.positions.append(position)
        found.nodes.append(node)
        position += 1
        for name, shape in fields[kind]:  # pushed last first: popped in source order
            value = getattr(node, name)  # a parsed tree has every field
            if shape == MANY:  # the parser's lists hold nodes (and None), nothing else
                extend(reversed(value))
            elif shape == ANY:
                extend(reversed(nodes_in(value)))
            elif value is not None:
                push(value)
    return index


def load(path: Path, display: str, limit: int | None = None) -> SourceFile | Finding:
    """Read and parse `path` once; any failure becomes one CH000 finding."""
    data = read(path, display, limit)
    return data if isinstance(data, Finding) else parse(data, display)


def parse(data: bytes, display: str) -> SourceFile | Finding:
    """Decode and parse bytes read once; any failure becomes one CH000 finding."""
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return _decode_error(data, display, exc)
    nul = text.find("\0")
    if nul >= 0:  # the parser gives no position for it (and a ValueError before 3.11.4)
        line, col = _position(text, nul)
        return load_error(display, line, col, f"syntax error: {_NUL_MESSAGE}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # checked code may raise SyntaxWarning
            tree = from_the_top(partial(ast.parse, text, filename=display))
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        return load_error(display, line, max(col, 1), f"syntax error: {exc.msg}")
    except ValueError as exc:  # NUL bytes on Python 3.11
        return load_error(display, 1, 1, f"cannot parse file: {exc}")
    except (RecursionError, MemoryError):
        return load_error(display, 1, 1, "cannot parse file: too deeply nested for the parser")
    src = SourceFile(display, text, tree)
    return _compile_error(src) or src


def _compile_error(src: SourceFile) -> Finding | None:
    """CH000 for what the compiler refuses once the parser has accepted it (`return` outside a
    function, `break` outside a loop, `nonlocal` at module level, `def f(a, a)`): `compile()`
    on the tree already built, so the file is not parsed twice, and only when the tree holds
    something the compiler may refuse (`core.compiler`)."""
    from pytest_codehealth.core.compiler import may_refuse  # noqa: PLC0415  # not at start-up

    if not may_refuse(src.tree, src.text, src.nodes):
        return None
    try:
        with_room(partial(_compile, src.tree, src.path))
    except SyntaxError as exc:
        line = exc.lineno or 1
        col = src._char_col(line, (exc.offset or 1) - 1)  # the offset counts UTF-8 bytes
        return load_error(src.path, line, col, f"syntax error: {exc.msg}")
    except (RecursionError, MemoryError, ValueError, TypeError):
        return None  # a limit of the compiler on a tree the parser accepted: not the user's
    return None


def _compile(tree: ast.Module, filename: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings again: they do not stop Python
        compile(tree, filename, "exec", dont_inherit=True)


def split_lines(text: str) -> list[str]:
    """Physical lines as Python sees them: CRLF, CR and LF each end one (not form feeds)."""
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")  # LF alone: no pattern
    if lines and lines[-1] == "":
        lines.pop()  # text ending in a line break has no extra empty line
    return lines


def decode(data: bytes) -> str:
    """Decode like the interpreter: BOM, then a PEP 263 cookie, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text.removeprefix("\ufeff")


def _decode_error(data: bytes, display: str, exc: Exception) -> Finding:
    """CH000 for bytes that do not decode: at the first bad byte, when there is one."""
    if isinstance(exc, SyntaxError) and "invalid or missing encoding" in str(exc):
        try:  # detect_encoding saw non-UTF-8 bytes in the first two lines: say which
            data.decode("utf-8")
        except UnicodeDecodeError as utf8:
            exc = utf8
    if isinstance(exc, UnicodeDecodeError):
        prefix = exc.object[: exc.start].decode(exc.encoding, "replace")
        line, col = _position(prefix, len(prefix))
        byte = exc.object[exc.start]
        return load_error(
            display, line, col, f"cannot decode file: invalid {exc.encoding} byte {byte:#04x}"
        )
    reason = str(exc.args[0]) if exc.args else type(exc).__name__
    return load_error(display, 1, 1, f"cannot decode file: {reason}")


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and character column of `text[index]` (CRLF, CR and LF end lines)."""
    before = _LINE_BREAK.split(text[:index])
    return len(before), len(before[-1]) + 1


__all__ = [
    "LOAD_ERROR_CODE",
    "LOAD_ERROR_NAME",
    "SourceFile",
    "decode",
    "load",
    "over_limit",
    "parse",
    "read",
    "split_lines",
    "too_large",
]
