"""Inline suppressions: `# noqa[: CODES]`, `# codehealth: ignore[...]`, `ignore-file[...]`."""

from __future__ import annotations

import re

from pytest_codehealth.core.findings import Finding

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)
_IGNORE = re.compile(r"#\s*codehealth:\s*ignore(?:\[(?P<keys>[^\]]*)\])?(?!-)")
_IGNORE_FILE = re.compile(r"#\s*codehealth:\s*ignore-file\[(?P<keys>[^\]]*)\]")
ALL = frozenset({"*"})


class Suppressions:
    """What the comments of one file suppress; a set of keys (codes or names) per line."""

    def __init__(self, text: str, lines: list[str]) -> None:
        self._lines = lines
        self._file = frozenset(
            key for match in _IGNORE_FILE.finditer(text) for key in _keys(match["keys"])
        )
        self._cache: dict[int, frozenset[str]] = {}

    def hides(self, finding: Finding) -> bool:
        if finding.code == "CH000":
            return False  # a file we could not check is never silently green
        wanted = {finding.code, finding.name}
        if wanted & self._file:
            return True
        keys = self._line_keys(finding.line)
        if keys is ALL:  # a bare noqa on line 1 is about that line, not the size of the module
            return not _whole_file(finding)
        return bool(wanted & keys)

    def _line_keys(self, line: int) -> frozenset[str]:
        if line not in self._cache:
            text = self._lines[line - 1] if 0 < line <= len(self._lines) else ""
            self._cache[line] = _parse_line(text) if "#" in text else frozenset()
        return self._cache[line]


def _whole_file(finding: Finding) -> bool:
    """A finding about the whole module (its size or score), anchored at 1:1."""
    return finding.measure is not None and (finding.line, finding.col) == (1, 1)


def line_keys(text: str) -> frozenset[str]:
    """The codes and names one line's comments name; `ALL` for a bare `# noqa`."""
    return _parse_line(text) if "#" in text else frozenset()


def _parse_line(text: str) -> frozenset[str]:
    keys: set[str] = set()
    for match in _NOQA.finditer(text):
        if match["codes"] is None:
            return ALL
        keys.update(code.upper() for code in re.split(r"[\s,]+", match["codes"]) if code)
    for match in _IGNORE.finditer(text):
        if match["keys"] is None:
            return ALL
        keys.update(_keys(match["keys"]))
    return frozenset(keys)


def _keys(raw: str) -> frozenset[str]:
    return frozenset(
        key.upper() if key[:2].upper() == "CH" else key.lower()
        for key in (part.strip() for part in raw.split(","))
        if key
    )
