"""Compare an old signature with the new one: what a caller of the old one would trip over."""

from __future__ import annotations

import ast
import inspect
import textwrap

from pytest_codehealth.compat.model import (
    KEYWORD_ONLY,
    POSITIONAL,
    POSITIONAL_ONLY,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Param,
    Signature,
)
from pytest_codehealth.compat.params import signature_of

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
    """The signature of a live callable; None when Python cannot tell. Defaults read as their
    source spells them (`ttl=DEFAULT_TTL`), as the old API's do, when the source is there."""
    try:
        signature = inspect.signature(obj)  # type: ignore[arg-type]  # any object may be callable
    except (TypeError, ValueError):
        return None
    spelled = _source_defaults(obj)
    return Signature(
        tuple(
            Param(p.name, _KINDS[p.kind], _default(p, spelled))
            for p in signature.parameters.values()
        )
    )


def _default(param: inspect.Parameter, spelled: dict[str, str]) -> str | None:
    if param.default is param.empty:
        return None
    return spelled.get(param.name) or _short(param.default)


def _source_defaults(obj: object) -> dict[str, str]:
    """Parameter -> default as written, for a function (or a class's constructor) in Python."""
    function = _constructor(obj) if inspect.isclass(obj) else obj
    try:
        source = textwrap.dedent(inspect.getsource(inspect.unwrap(function)))  # type: ignore[arg-type]
        node = ast.parse(source).body[0]
    except (OSError, TypeError, SyntaxError, ValueError, IndexError):
        return {}
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return {}
    return {p.name: p.default for p in signature_of(node.args).params if p.default is not None}


def _constructor(cls: type) -> object:
    """The `__new__` or `__init__` that `inspect.signature(cls)` reads."""
    for klass in cls.__mro__:
        for name in ("__new__", "__init__"):
            method = vars(klass).get(name)
            if inspect.isfunction(method) or isinstance(method, staticmethod):
                return method.__func__ if isinstance(method, staticmethod) else method
    return None


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
    """Every way a call that was valid against `old` fails against `new`.

    For each old parameter that could be passed by position, the positional route (does the
    new signature still take an argument at that position, as the same parameter, or through
    `*args`?) and, separately, the keyword route (does it still take that name as a keyword,
    keyword-only included, or through `**kwargs`?); then new required parameters, removed
    variadics and removed defaults. A parameter renamed only in spelling (`matchString` ->
    `match_string`) is the same parameter.
    """
    found: list[str] = []
    matched: set[str] = set()
    for index, param in enumerate(old.params):
        if param.kind in _VARIADIC:
            found += _variadic_kept(param, new)
            continue
        match = _counterpart(param, index, old, new)
        found += _routes(param, index, old, new, match)
        if match is not None:
            matched.add(match.name)
            found += _default_kept(param, match)
    for param in new.params:
        if param.name not in matched and param.default is None and param.kind not in _VARIADIC:
            found.append(f"new required parameter `{param.name}`")
    return found


def _default_kept(param: Param, match: Param) -> list[str]:
    if param.default is not None and match.default is None:
        return [f"`{param.name}` lost its default ({param.default})"]
    return []


def _variadic_kept(param: Param, new: Signature) -> list[str]:
    kept = any(candidate.kind == param.kind for candidate in new.params)
    return [] if kept else [f"`{param.render()}` removed"]


def _counterpart(param: Param, index: int, old: Signature, new: Signature) -> Param | None:
    """The new parameter that stands for an old one: same name, same name in another
    spelling, or (a rename) the parameter now at its position whose name the old one lacked."""
    named = _by_name(new, param.name)
    if named is not None:
        return named
    if param.kind not in _ORDERED:
        return None
    at = _positional_at(new, _position_of(old, index))
    if at is not None and at.kind not in _VARIADIC and _by_name(old, at.name) is None:
        return at
    return None


def _routes(
    param: Param, index: int, old: Signature, new: Signature, match: Param | None
) -> list[str]:
    keyword = param.kind in (POSITIONAL, KEYWORD_ONLY)
    if keyword and not _takes_keyword(new, param.name):
        if match is None:  # neither route is left: one line says so
            return [f"parameter `{param.name}` removed or renamed"]
        problems = [_keyword_problem(param, match)]
    else:
        problems = []
    if param.kind in _ORDERED:
        problems[:0] = _positional_route(param, _position_of(old, index), new, match)
    return problems


def _positional_route(
    param: Param, position: int, new: Signature, match: Param | None
) -> list[str]:
    """`f(..., value)` with the value at `position`: does it still land on this parameter?"""
    at = _positional_at(new, position)
    if at is None:
        return _no_position(param, match)
    same = at is match or _spelling(at.name) == _spelling(param.name)
    if param.kind == POSITIONAL_ONLY or same or at.kind == VAR_POSITIONAL:
        return []
    if match is None:
        return [f"`{param.name}` (position {position + 1}) now lands on `{at.name}`"]
    if match.kind not in _ORDERED:
        return [
            f"`{param.name}` (position {position + 1}) now lands on `{at.name}`: "
            f"`{param.name}` became keyword-only and `{at.name}` took its place"
        ]
    where = _position_of(new, new.params.index(match))
    return [f"`{param.name}` moved from position {position + 1} to {where + 1}"]


def _no_position(param: Param, match: Param | None) -> list[str]:
    """Nothing takes an argument at the old position any more (no `*args` either)."""
    if match is None:
        if param.kind == POSITIONAL_ONLY:
            return [f"parameter `{param.name}` removed"]
        return [f"`{param.name}` can no longer be passed by position"]  # `**kwargs` takes it
    if match.kind == KEYWORD_ONLY:
        return [f"`{param.name}` became keyword-only"]
    return [f"`{param.name}` can no longer be passed by position"]


def _keyword_problem(param: Param, match: Param | None) -> str:
    if match is None:
        return f"parameter `{param.name}` removed or renamed"
    if match.name != param.name and match.kind != POSITIONAL_ONLY:
        return f"`{param.name}` renamed to `{match.name}` (passing `{param.name}=` fails)"
    return f"`{param.name}` became positional-only"


def _takes_keyword(signature: Signature, name: str) -> bool:
    for param in signature.params:
        if param.kind == VAR_KEYWORD:
            return True
        if param.name == name and param.kind in (POSITIONAL, KEYWORD_ONLY):
            return True
    return False


def _by_name(signature: Signature, name: str) -> Param | None:
    """The non-variadic parameter of that name, else of that name in another spelling."""
    plain = [param for param in signature.params if param.kind not in _VARIADIC]
    exact = next((param for param in plain if param.name == name), None)
    if exact is not None:
        return exact
    key = _spelling(name)
    return next((param for param in plain if _spelling(param.name) == key), None)


def _spelling(name: str) -> str:
    """`matchString`, `match_string` and `matchstring` read alike."""
    return name.replace("_", "").lower()


def _positional_at(signature: Signature, position: int) -> Param | None:
    """What an argument at `position` lands on: an ordered parameter or `*args`; else None."""
    ordered = [param for param in signature.params if param.kind in _ORDERED]
    if position < len(ordered):
        return ordered[position]
    return next((param for param in signature.params if param.kind == VAR_POSITIONAL), None)


def _position_of(signature: Signature, index: int) -> int:
    """The positional index of the parameter at `index` among the ordered ones."""
    return sum(1 for param in signature.params[:index] if param.kind in _ORDERED)
