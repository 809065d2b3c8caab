"""Text edits for `codehealth check --fix`: exact character ranges, never a re-printed tree."""

from __future__ import annotations

import ast
import itertools
import re
import warnings
from collections.abc import Iterable
from typing import NamedTuple

from pytest_codehealth.core.findings import Finding

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class Edit(NamedTuple):
    """Replace `text[start:end]` (character offsets) with `new`; `start == end` inserts."""

    start: int
    end: int
    new: str


class Fix(NamedTuple):
    """The edits that fix one finding; applied all together or not at all."""

    finding: Finding
    edits: tuple[Edit, ...]


class TextIndex:
    """Character offsets of `ast` positions (1-based lines, UTF-8 byte columns) in a text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]
        first_break = _LINE_BREAK.search(text)
        self.newline = first_break.group() if first_break else "\n"

    def offset(self, line: int, byte_col: int) -> int:
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        prefix = self.text[start:end].encode("utf-8", "surrogatepass")[:byte_col]
        return start + len(prefix.decode("utf-8", "replace"))

    def line_start(self, line: int) -> int:
        """Where a line begins; past the last line, the end of the text."""
        return self.starts[line - 1] if line <= len(self.starts) else len(self.text)

    def span(self, node: ast.expr) -> tuple[int, int]:
        """The character range an expression covers."""
        end_line = node.end_lineno or node.lineno
        end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
        return self.offset(node.lineno, node.col_offset), self.offset(end_line, end_col)


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with every edit applied; identical edits count once, overlapping ones fail."""
    ordered = _ordered(edits)
    parts: list[str] = []
    position = 0
    for edit in ordered:
        parts.extend((text[position : edit.start], edit.new))
        position = edit.end
    parts.append(text[position:])
    return "".join(parts)


def compatible(accepted: Iterable[Edit], candidate: Iterable[Edit]) -> bool:
    """Whether a fix's edits can join those already accepted (identical edits are shared)."""
    try:
        _ordered([*accepted, *candidate])
    except ValueError:
        return False
    return True


def _ordered(edits: Iterable[Edit]) -> list[Edit]:
    ordered = sorted(set(edits))
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end or after.start == before.start == after.end:
            raise ValueError(f"overlapping edits at offset {after.start}")
    return ordered


def edited_tree(text: str, *, compiled: bool = False) -> ast.Module | None:
    """The tree of a fix's output, or None when it does not parse (with `compiled`, also when
    the compiler refuses it: `await` outside an `async def`). Warnings are silenced: they do
    not stop Python, so they do not stop a fix."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
            if compiled:
                compile(tree, "<fix>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return tree
