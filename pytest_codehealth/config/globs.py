"""Path globs for `exclude` and `per-path`, matched on `/`-separated relative paths.

A pattern without `/` matches any one component (`__pycache__`, `*_pb2.py`); a pattern with
`/` is anchored at the config's directory and matches a path or any of its parents
(`src/generated`, `tests/**`, `migrations/*.py`). `*` and `?` stay within one component,
`**` spans any number of them, `[abc]`/`[!abc]` are character classes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class GlobError(ValueError):
    """A pattern that cannot be compiled."""


@dataclass(frozen=True)
class Glob:
    pattern: str
    regex: re.Pattern[str]
    anchored: bool

    def matches(self, parts: tuple[str, ...]) -> bool:
        """Whether the path (its components) or one of its parent folders matches."""
        if not self.anchored:
            return any(self.regex.fullmatch(part) for part in parts)
        return any(self.regex.fullmatch("/".join(parts[:end])) for end in range(1, len(parts) + 1))


def compile_glob(pattern: str) -> Glob:
    cleaned = pattern.strip().removeprefix("./").strip("/")
    if not cleaned:
        raise GlobError(f"empty pattern {pattern!r}")
    return Glob(pattern, re.compile(_translate(cleaned)), "/" in cleaned)


def _translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif char == "*":
            out.append("[^/]*")
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = pattern.find("]", i + 2 if pattern.startswith(("[!", "[]"), i) else i + 1)
            if end < 0:
                raise GlobError(f"unclosed `[` in pattern {pattern!r}")
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append(f"[{_class(body)}]")
            i = end + 1
        else:
            out.append(re.escape(char))
            i += 1
    return "".join(out)


def _class(body: str) -> str:
    return body.replace("\\", "\\\\")
