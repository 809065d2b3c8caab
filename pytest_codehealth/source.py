"""SourceFile: a Python file read once, decoded as Python does, parsed once."""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pytest_codehealth.findings import Finding

LOAD_ERROR_CODE, LOAD_ERROR_NAME = "CH000", "unreadable-file"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceFile:
    """What every rule gets: the display path, the decoded text and the one `ast` tree."""

    path: str
    text: str
    tree: ast.Module

    @cached_property
    def lines(self) -> list[str]:
        """Physical lines without their endings (CRLF, CR and LF all end a line)."""
        lines = _LINE_BREAK.split(self.text)
        if lines and lines[-1] == "":
            lines.pop()  # text ending in a line break has no extra empty line
        return lines

    def finding(self, node: ast.AST, code: str, name: str, message: str) -> Finding:
        """A finding at `node`, with a 1-based character column."""
        line = getattr(node, "lineno", 1)
        offset = getattr(node, "col_offset", 0)
        return self.finding_at(line, self._char_col(line, offset), code, name, message)

    def finding_at(self, line: int, col: int, code: str, name: str, message: str) -> Finding:
        return Finding(self.path, line, col, code, name, message)

    def _char_col(self, line: int, byte_offset: int) -> int:
        """`ast` columns are UTF-8 byte offsets; editors want 1-based characters."""
        if 0 < line <= len(self.lines):
            text = self.lines[line - 1]
            return len(text.encode("utf-8")[:byte_offset].decode("utf-8", "replace")) + 1
        return byte_offset + 1


def load(path: Path, display: str) -> SourceFile | Finding:
    """Read and parse `path` once; any failure becomes one CH000 finding."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _error(display, 1, 1, f"cannot read file: {reason}")
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return _error(display, 1, 1, f"cannot decode file: {_reason(exc)}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # checked code may raise SyntaxWarning
            tree = ast.parse(text, filename=display)
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        return _error(display, line, max(col, 1), f"syntax error: {exc.msg}")
    except ValueError as exc:  # NUL bytes on Python 3.11
        return _error(display, 1, 1, f"cannot parse file: {exc}")
    except (RecursionError, MemoryError):
        return _error(display, 1, 1, "cannot parse file: too deeply nested for the parser")
    return SourceFile(display, text, tree)


def decode(data: bytes) -> str:
    """Decode like the interpreter: BOM, then a PEP 263 cookie, else UTF-8."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text.removeprefix("\ufeff")


def _reason(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"invalid {exc.encoding} byte at offset {exc.start}"
    return str(exc.args[0]) if exc.args else type(exc).__name__


def _error(display: str, line: int, col: int, message: str) -> Finding:
    return Finding(display, line, col, LOAD_ERROR_CODE, LOAD_ERROR_NAME, message)
