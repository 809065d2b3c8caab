"""Methods compared as callers call them: through an instance and through the class.

A plain method binds its first parameter when called through an instance, a classmethod
through both, a staticmethod never. When a method changes kind (a staticmethod becomes a
method, a method a classmethod), the same call lands differently: each route is compared on
its own, with the parameter the route binds left out.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import replace

from pytest_codehealth.compat.model import (
    CLASS_METHOD,
    METHOD,
    POSITIONAL,
    POSITIONAL_ONLY,
    STATIC_METHOD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Signature,
)
from pytest_codehealth.compat.signatures import breaks

_DECORATORS = {"staticmethod": STATIC_METHOD, "classmethod": CLASS_METHOD}
# which kinds bind their first parameter, by route
_BINDS = {
    "through an instance": frozenset({METHOD, CLASS_METHOD}),
    "through the class": frozenset({CLASS_METHOD}),
}


def static_kind(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The kind a method's decorators give it (`@staticmethod`, `@classmethod`)."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id in _DECORATORS:
            return _DECORATORS[decorator.id]
    return METHOD


def live_kind(cls: type, name: str) -> str:
    """The kind of a class's method as its class body holds it (inherited ones included)."""
    try:
        attr = inspect.getattr_static(cls, name)
    except AttributeError:
        return METHOD
    if isinstance(attr, staticmethod):
        return STATIC_METHOD
    return CLASS_METHOD if isinstance(attr, classmethod) else METHOD


def method_breaks(old: Signature, old_kind: str, new: Signature, new_kind: str) -> list[str]:
    """`breaks` for a method; when its kind changed, per route, each reason saying which.
    `self` and `cls` are passed by position only (nobody calls `Cls.get(self=obj)`)."""
    if old_kind == new_kind:
        return breaks(_caller(old, old_kind), new)
    reasons = []
    for route, binds in _BINDS.items():
        caller = _bound(old, True) if old_kind in binds else _caller(old, old_kind)
        found = breaks(caller, _bound(new, new_kind in binds))
        if found:
            reasons.append(f"{route}: {', '.join(found)}")
    return [f"a {old_kind} became a {new_kind}", *reasons] if reasons else []


def _bound(signature: Signature, binds: bool) -> Signature:
    """The signature a caller fills: without the parameter the route binds."""
    params = signature.params
    if binds and params and params[0].kind not in (VAR_POSITIONAL, VAR_KEYWORD):
        return Signature(params[1:])
    return signature


def _caller(old: Signature, kind: str) -> Signature:
    """How old calls passed a method's `self`/`cls` they gave themselves: by position only
    (nobody calls `Cls.get(self=obj)`), so renaming it breaks no call."""
    params = old.params
    if kind == STATIC_METHOD or not params or params[0].kind != POSITIONAL:
        return old
    return Signature((replace(params[0], kind=POSITIONAL_ONLY), *params[1:]))
