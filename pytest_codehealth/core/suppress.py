"""Inline suppressions: `# noqa[: CODES]`, `# codehealth: ignore[...]`, `ignore-file[...]`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from pytest_codehealth.core.comments import Comments
from pytest_codehealth.core.edits import Edit, TextIndex, apply_edits
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile, split_lines

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_IGNORE = re.compile(r"#\s*codehealth:\s*ignore(?:\[(?P<keys>[^\]]*)\])?(?!-)")
_IGNORE_FILE = re.compile(r"#\s*codehealth:\s*ignore-file\[(?P<keys>[^\]]*)\]")
ALL = frozenset({"*"})


class Suppressions:
    """What the comments of one file suppress; a set of keys (codes or names) per line.

    Only comments count: the same text in a string or a docstring suppresses nothing. Give
    the parsed file (`src`) when there is one: then nothing is tokenized (see comments.py).
    """

    def __init__(self, text: str, lines: list[str], src: SourceFile | None = None) -> None:
        self._lines = lines
        self._comments = Comments(lines, src)
        self._file = self._file_keys(text)
        self._cache: dict[int, frozenset[str]] = {}

    def hides(self, finding: Finding) -> bool:
        if finding.code == "CH000":
            return False  # a file we could not check is never silently green
        wanted = {finding.code, finding.name}
        if wanted & self._file:
            return True
        keys = self.keys_on(finding.line)
        if keys is ALL:  # a bare noqa on line 1 is about that line, not the size of the module
            return not _whole_file(finding)
        return bool(wanted & keys)

    def _file_keys(self, text: str) -> frozenset[str]:
        if "ignore-file" not in text:
            return frozenset()
        keys: set[str] = set()
        for number, line in enumerate(self._lines, start=1):
            for match in _IGNORE_FILE.finditer(line) if "ignore-file" in line else ():
                if self._comments.holds(number, match.start()):
                    keys.update(_keys(match["keys"]))
        return frozenset(keys)

    def keys_on(self, line: int) -> frozenset[str]:
        """The codes and names the comments of one line name; `ALL` for a bare `# noqa`."""
        if line not in self._cache:
            text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
            in_comment = partial(self._comments.holds, line)
            self._cache[line] = _parse_line(text, in_comment) if "#" in text else frozenset()
        return self._cache[line]


def _whole_file(finding: Finding) -> bool:
    """A finding about the whole module (its size or score), anchored at 1:1."""
    return finding.measure is not None and (finding.line, finding.col) == (1, 1)


def _parse_line(text: str, in_comment: Callable[[int], bool] | None = None) -> frozenset[str]:
    """The keys this line's suppressions name; with `in_comment`, only where its `#` is one."""
    keys: set[str] = set()
    for pattern, group, parse in _FORMS:
        for match in pattern.finditer(text):
            if in_comment is not None and not in_comment(match.start()):
                continue
            if match[group] is None:
                return ALL
            keys.update(parse(match[group]))
    return frozenset(keys)


def _codes(raw: str) -> frozenset[str]:
    return frozenset(code.upper() for code in re.split(r"[\s,]+", raw) if code)


def _keys(raw: str) -> frozenset[str]:
    return frozenset(
        key.upper() if key[:2].upper() == "CH" else key.lower()
        for key in (part.strip() for part in raw.split(","))
        if key
    )


_FORMS: tuple[tuple[re.Pattern[str], str, Callable[[str], frozenset[str]]], ...] = (
    (_NOQA, "codes", _codes),
    (_IGNORE, "keys", _keys),
)


def noqa_edit(text: str, line: int, code: str) -> Edit | None:
    """The edit that makes `line` suppress `code`: the code added to the line's `# noqa: A`,
    else `  # noqa: CODE` at its end; None when the line already hides it or cannot take a
    comment (it ends inside a string)."""
    lines = split_lines(text)
    if not 0 < line <= len(lines):
        return None
    current, comments = lines[line - 1], Comments(lines)
    start = TextIndex(text).line_start(line)
    for match in _NOQA.finditer(current):
        if comments.holds(line, match.start()):
            if match["codes"] is None or code.upper() in _codes(match["codes"]):
                return None
            return Edit(start + match.end("codes"), start + match.end("codes"), f", {code}")
    edit = Edit(start + len(current), start + len(current), f"  # noqa: {code}")
    new_lines = split_lines(apply_edits(text, [edit]))
    return edit if code in Suppressions("", new_lines).keys_on(line) else None
