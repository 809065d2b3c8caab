"""Path globs for `exclude` and `per-path`, matched on `/`-separated relative paths.

A pattern without `/` matches any one component (`__pycache__`, `*_pb2.py`); a pattern with
`/` is anchored at the config's directory and matches a path or any of its parents
(`src/generated`, `tests/**`, `migrations/*.py`). `*` and `?` stay within one component, a
`**` component spans any number of them (`**` inside a component is `*`, as in .gitignore),
`[abc]`, `[a-z]` and `[!abc]` (or `[^abc]`) are character classes.

Matching takes time linear in the length of the path times the size of the pattern, whatever
the pattern: the pieces between two `*` of a component, and the runs of components between
two `**`, have a fixed length, and each is placed at its leftmost fit and never moved again
(placing a fixed-length piece as early as possible leaves the most room for the rest). No
backtracking, so `*a*a*a*a*a*a*a*ab.py` or ten `**/` cost no more than a plain pattern.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_SPECIAL_IN_CLASS = frozenset("\\]^-[")


class GlobError(ValueError):
    """A pattern that cannot be compiled."""


class _Component(NamedTuple):
    """One component of a pattern: fixed-length pieces with a `*` between each two."""

    pieces: tuple[re.Pattern[str], ...]  # regexes without quantifiers: one char per token
    sizes: tuple[int, ...]
    literal: str | None = None  # no wildcard at all: compared as a string

    def matches(self, text: str) -> bool:
        if self.literal is not None:
            return text == self.literal
        if len(self.pieces) == 1:
            return self.pieces[0].fullmatch(text) is not None
        return self._around_stars(text)

    def _around_stars(self, text: str) -> bool:
        """First piece at the start, last at the end, each other one at its leftmost fit."""
        pieces, sizes = self.pieces, self.sizes
        end = len(text) - sizes[-1]
        if end < sizes[0] or not pieces[0].match(text) or not pieces[-1].fullmatch(text, end):
            return False
        position = sizes[0]
        for piece in pieces[1:-1]:
            found = piece.search(text, position, end)
            if found is None:
                return False
            position = found.end()
        return True


class Glob(NamedTuple):
    pattern: str
    blocks: tuple[tuple[_Component, ...], ...]  # runs of components between `**` components
    anchored: bool

    def matches(self, parts: tuple[str, ...]) -> bool:
        """Whether the path (its components) or one of its parent folders matches."""
        if not self.anchored:
            return self._any_component(parts)
        first, *rest = self.blocks
        position = len(first) if _fits(first, parts, 0) else -1
        for block in rest:  # after a `**`: the leftmost place the run fits
            if position < 0:
                break
            found = _leftmost(block, parts, position)
            position = found + len(block) if found >= 0 else -1
        return position >= 0

    def _any_component(self, parts: tuple[str, ...]) -> bool:
        """A pattern without `/`: one component, or `**` (none), which takes anything."""
        if not self.blocks[0]:
            return bool(parts)
        component = self.blocks[0][0]
        if component.literal is not None:
            return component.literal in parts
        return any(map(component.matches, parts))


def _fits(block: tuple[_Component, ...], parts: tuple[str, ...], start: int) -> bool:
    if start + len(block) > len(parts):
        return False
    return all(component.matches(parts[start + i]) for i, component in enumerate(block))


def _leftmost(block: tuple[_Component, ...], parts: tuple[str, ...], start: int) -> int:
    """Where the run fits first, from `start` on; -1 if nowhere."""
    for at in range(start, len(parts) - len(block) + 1):
        if _fits(block, parts, at):
            return at
    return -1


def compile_glob(pattern: str) -> Glob:
    cleaned = pattern.strip().removeprefix("./").strip("/")
    if not cleaned:
        raise GlobError(f"empty pattern {pattern!r}")
    names = cleaned.split("/")
    if len(names) > 1 and names[-1] == "**":
        names.append("*")  # `tests/**` is what is inside `tests`, not `tests` itself
    blocks: list[tuple[_Component, ...]] = [()]
    for name in names:
        if name == "**":
            blocks.append(())
        else:
            blocks[-1] = (*blocks[-1], _component(name, pattern))
    return Glob(pattern, tuple(blocks), len(names) > 1)


def _component(name: str, pattern: str) -> _Component:
    if not any(char in name for char in "*?["):
        return _Component((), (), name)
    pieces: list[list[str]] = [[]]
    index = 0
    while index < len(name):
        index = _token(name, index, pattern, pieces)
    regexes = tuple(re.compile("".join(piece), re.DOTALL) for piece in pieces)
    return _Component(regexes, tuple(len(piece) for piece in pieces))


def _token(name: str, index: int, pattern: str, pieces: list[list[str]]) -> int:
    """Add the token at `name[index]` to the pieces; the index after it."""
    char = name[index]
    if char == "*":
        if not name.startswith("*", index + 1):  # `**` inside a component is one `*`
            pieces.append([])
        return index + 1
    if char == "[":
        token, index = _class(name, index, pattern)
        pieces[-1].append(token)
        return index
    pieces[-1].append("." if char == "?" else re.escape(char))
    return index + 1


def _class(name: str, start: int, pattern: str) -> tuple[str, int]:
    """The regex for the class at `name[start]` (`[`) and the index after its `]`."""
    index = start + 1
    negated = name[index : index + 1] in ("!", "^")
    index += negated
    items: list[str] = []
    while index < len(name) and (name[index] != "]" or not items):  # `]` first is literal
        item, index = _class_item(name, index, pattern)
        items.append(item)
    if index >= len(name):
        raise GlobError(f"unclosed `[` in pattern {pattern!r}")
    return f"[{'^' if negated else ''}{''.join(items)}]", index + 1


def _class_item(name: str, index: int, pattern: str) -> tuple[str, int]:
    """One character or range of a class, and the index after it."""
    if name.startswith("[:", index) and ":]" in name[index + 2 :]:
        word = name[index : name.index(":]", index) + 2]
        raise GlobError(f"character class `{word}` is not supported in pattern {pattern!r}")
    low, dash, high = name[index], name[index + 1 : index + 2], name[index + 2 : index + 3]
    if dash != "-" or high in ("", "]"):
        return _escape(low), index + 1
    if low > high:
        raise GlobError(f"bad range `{low}-{high}` in pattern {pattern!r}")
    return f"{_escape(low)}-{_escape(high)}", index + 3


def _escape(char: str) -> str:
    return f"\\{char}" if char in _SPECIAL_IN_CLASS else char
