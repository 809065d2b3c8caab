"""Is this `#` a comment, or text inside a string? Answered without tokenizing the file.

Only suppression-looking text is ever asked about, so the answer is worked out lazily. With
the parsed tree, a `#` outside every string literal's span is a comment (in a file that
parses, a `#` outside a string starts one). Inside a span, it is text, unless the literal
runs over several lines with a comment between its parts (`("a"  # note` then `"b")`): only
that literal's lines are tokenized. Without a tree, the text is tokenized once, on the first
question, as `ruff` does for `# noqa`.
"""

from __future__ import annotations

import ast
import io
import tokenize
from functools import cached_property

from pytest_codehealth.core.source import SourceFile

_Span = tuple[int, int, int, int]  # first line, its byte offset, last line, byte offset after


class Comments:
    """Answers `holds(line, col)` for one file: lines 1-based, columns 0-based characters."""

    def __init__(self, lines: list[str], src: SourceFile | None = None) -> None:
        self._lines = lines
        self._src = src

    def holds(self, line: int, col: int) -> bool:
        """Whether the character at `line`, `col` is part of a comment."""
        if self._src is None:
            start = self._tokenized.get(line)
            return start is not None and start <= col
        text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
        where = (line, len(text[:col].encode("utf-8", "surrogatepass")))
        for span in self._strings:
            if span[:2] <= where < span[2:]:
                return span[0] != span[2] and self._between_parts(span, line, col)
        return True

    @cached_property
    def _strings(self) -> list[_Span]:
        """The spans of the tree's string and bytes literals (f-strings included)."""
        assert self._src is not None
        spans = []
        for node in self._src.nodes(ast.Constant, ast.JoinedStr):
            literal = isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)
            if literal or isinstance(node, ast.JoinedStr):
                end_line = node.end_lineno or node.lineno
                spans.append((node.lineno, node.col_offset, end_line, node.end_col_offset or 0))
        return spans

    @cached_property
    def _tokenized(self) -> dict[int, int]:
        """Line -> the column its comment starts at, from one pass of `tokenize`."""
        return _comment_starts("\n".join(self._lines) + "\n", first_line=1)

    def _between_parts(self, span: _Span, line: int, col: int) -> bool:
        """A comment between the parts of an implicitly joined, multi-line literal?"""
        first, start, last, end = span
        chosen = self._lines[first - 1 : last]
        head = chosen[0].encode("utf-8", "surrogatepass")
        chosen[0] = " " * len(head[:start].decode("utf-8", "replace")) + head[start:].decode(
            "utf-8", "replace"
        )
        chosen[-1] = chosen[-1].encode("utf-8", "surrogatepass")[:end].decode("utf-8", "replace")
        starts = _comment_starts("(\n" + "\n".join(chosen) + "\n)\n", first_line=first - 1)
        comment = starts.get(line)
        return comment is not None and comment <= col


def _comment_starts(text: str, first_line: int) -> dict[int, int]:
    """Line (counted from `first_line` for the text's line 1) -> where its comment starts."""
    starts: dict[int, int] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                starts[token.start[0] + first_line - 1] = token.start[1]
    except (tokenize.TokenError, SyntaxError):  # not Python after all: what was found so far
        return starts
    return starts
