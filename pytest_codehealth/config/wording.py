"""Words for config errors: values spelled as TOML spells them, and "did you mean" hints.

A config error quotes what the user wrote the way they wrote it: `got true`, `got "many"`,
`got ["tests/**"]` (not Python's `True`, `'many'`, `['tests/**']`). An unknown key or rule
names the closest known one when one is close enough to be a typo.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
CLOSE = 0.75  # difflib ratio: `selct`/`select` 0.91, `rf`/`ref` 0.8, `CH999`/`CH009` 0.6


def toml(value: object) -> str:
    """A value as TOML writes it: `true`, `"text"`, `3.5`, `["a", 1]`, `{ key = "v" }`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return _table(value)
    return _scalar(value)


def _scalar(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, float):
        return _float(value)
    if hasattr(value, "isoformat"):  # a date or time from tomllib: no `datetime` import here
        return str(value.isoformat())
    return str(value)  # an integer


def _string(text: str) -> str:
    """A basic string: JSON's escapes are TOML's, plus DEL and lone surrogates as `\\uXXXX`."""
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(char):04x}" if char == "\x7f" or 0xD800 <= ord(char) <= 0xDFFF else char
        for char in quoted
    )


def _float(number: float) -> str:
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)


def _table(table: Mapping[object, object]) -> str:
    if not table:
        return "{}"
    items = ", ".join(f"{_key(str(key))} = {toml(value)}" for key, value in table.items())
    return "{ " + items + " }"


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word `word` is most likely a typo of, or None if none is close."""
    import difflib  # noqa: PLC0415  # only for a mistyped key: not on every run's path

    found = difflib.get_close_matches(word, list(known), n=1, cutoff=CLOSE)
    return found[0] if found else None


def unknown_key(key: str, known: Sequence[str]) -> str:
    """`unknown key `selct` (did you mean `select`?)`, else the known keys listed."""
    close = closest(key, known)
    hint = f"did you mean `{close}`?" if close else f"known: {', '.join(known)}"
    return f"unknown key `{key}` ({hint})"


def unknown_option(key: str, known: Sequence[str]) -> str:
    """A rule table's key (named by the dotted key already): a close option, or them all."""
    close = closest(key.replace("_", "-"), known)
    hint = f"did you mean `{close}`?" if close else f"known: {', '.join(known) or 'none'}"
    return f"unknown option ({hint})"


def unknown_rule(word: str, rules: Iterable[tuple[str, str]]) -> str:
    """A selector that names no rule; `rules` are (code, name) pairs. Codes match any case."""
    pairs = list(rules)
    spelled = {name: name for _, name in pairs} | {code.lower(): code for code, _ in pairs}
    close = closest(word.strip().lower(), spelled)
    hint = f"did you mean `{spelled[close]}`?" if close else "see `codehealth rules`"
    shown = f"`{word}`" if word.strip() else toml(word)
    return f"unknown rule {shown} ({hint})"
