"""Compare an old signature with the new one: what a caller of the old one would trip over."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

from pytest_codehealth.compat.model import (
    KEYWORD_ONLY,
    POSITIONAL,
    POSITIONAL_ONLY,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Param,
    Signature,
)

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: POSITIONAL_ONLY,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: POSITIONAL,
    inspect.Parameter.VAR_POSITIONAL: VAR_POSITIONAL,
    inspect.Parameter.KEYWORD_ONLY: KEYWORD_ONLY,
    inspect.Parameter.VAR_KEYWORD: VAR_KEYWORD,
}
_ORDERED = (POSITIONAL_ONLY, POSITIONAL)
_VARIADIC = (VAR_POSITIONAL, VAR_KEYWORD)


class Missing:
    """A method the new class no longer has."""


MISSING = Missing()


def runtime_signature(obj: object) -> Signature | None:
    """The signature of a live callable; None when Python cannot tell."""
    try:
        signature = inspect.signature(obj)  # type: ignore[arg-type]  # any object may be callable
    except (TypeError, ValueError):
        return None
    return Signature(
        tuple(
            Param(p.name, _KINDS[p.kind], None if p.default is p.empty else _short(p.default))
            for p in signature.parameters.values()
        )
    )


def method_signature(cls: type, name: str) -> Signature | Missing | None:
    """A method as the class body holds it (`self` included); None when not a plain function."""
    try:
        attr = inspect.getattr_static(cls, name)
    except AttributeError:
        return MISSING
    if isinstance(attr, staticmethod | classmethod):
        attr = attr.__func__
    return runtime_signature(attr) if inspect.isfunction(attr) else None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def breaks(old: Signature, new: Signature) -> list[str]:
    """Every way a call that matched `old` can fail against `new`."""
    matched: set[str] = set()
    found = list(_old_param_breaks(old, new, matched))
    for param in new.params:
        if param.name not in matched and param.default is None and param.kind not in _VARIADIC:
            found.append(f"new required parameter `{param.name}`")
    return found


def _old_param_breaks(old: Signature, new: Signature, matched: set[str]) -> Iterator[str]:
    var_pos = any(param.kind == VAR_POSITIONAL for param in new.params)
    var_kw = any(param.kind == VAR_KEYWORD for param in new.params)
    for param in old.params:
        match = None if param.kind in _VARIADIC else _match(param, old, new)
        if match is None:
            yield from _unmatched(param, var_pos, var_kw)
        else:
            matched.add(match.name)
            yield from _changes(param, match, old, new)


def _unmatched(param: Param, var_pos: bool, var_kw: bool) -> list[str]:
    if param.kind in _VARIADIC:
        kept = var_pos if param.kind == VAR_POSITIONAL else var_kw
        return [] if kept else [f"`{param.render()}` removed"]
    if _absorbed(param, var_pos, var_kw):
        return []
    return [f"parameter `{param.name}` removed or renamed"]


def _match(param: Param, old: Signature, new: Signature) -> Param | None:
    """The new parameter a caller's argument lands on: by position for positional-only ones."""
    if param.kind == POSITIONAL_ONLY:
        return _nth_positional(new, _position(old, param))
    named = next((p for p in new.params if p.name == param.name), None)
    return None if named is None or named.kind in _VARIADIC else named


def _nth_positional(signature: Signature, index: int) -> Param | None:
    ordered = [p for p in signature.params if p.kind in _ORDERED]
    return ordered[index] if index < len(ordered) else None


def _absorbed(param: Param, var_pos: bool, var_kw: bool) -> bool:
    """Whether `*args`/`**kwargs` still accept what callers passed for a removed parameter."""
    if param.kind == POSITIONAL_ONLY:
        return var_pos
    if param.kind == KEYWORD_ONLY:
        return var_kw
    return var_pos and var_kw


def _changes(param: Param, match: Param, old: Signature, new: Signature) -> list[str]:
    found = [_kind_change(param, match) or _moved(param, match, old, new)]
    if param.default is not None and match.default is None:
        found.append(f"`{param.name}` lost its default ({param.default})")
    return [message for message in found if message]


def _kind_change(param: Param, match: Param) -> str | None:
    if param.kind == POSITIONAL and match.kind == KEYWORD_ONLY:
        return f"`{param.name}` became keyword-only"
    if param.kind != POSITIONAL_ONLY and match.kind == POSITIONAL_ONLY:
        return f"`{param.name}` became positional-only"
    return None


def _moved(param: Param, match: Param, old: Signature, new: Signature) -> str | None:
    if param.kind not in _ORDERED or match.kind not in _ORDERED:
        return None
    before, after = _position(old, param), _position(new, match)
    return (
        None
        if before == after
        else f"`{param.name}` moved from position {before + 1} to {after + 1}"
    )


def _position(signature: Signature, param: Param) -> int:
    ordered = [p for p in signature.params if p.kind in _ORDERED]
    return ordered.index(param)
