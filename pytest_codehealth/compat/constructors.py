"""How an old class was called, read from source: its own `__new__` or `__init__`, else the
one it inherited from a class of the same module, else what `object` or a built-in exception
takes. None when the source cannot tell (dataclasses, enums, named tuples, metaclasses,
bases from elsewhere): nothing is compared then."""

from __future__ import annotations

import ast
import builtins
from collections.abc import Mapping

from pytest_codehealth.compat.model import VAR_POSITIONAL, Param, Signature
from pytest_codehealth.compat.params import signature_of

_GENERATED = frozenset({"dataclass", "attrs", "define", "frozen", "mutable", "s", "total_ordering"})
_EXCEPTIONS = frozenset(
    name
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)
_NO_ARGUMENTS = Signature(())
_ANY_ARGUMENTS = Signature((Param("args", VAR_POSITIONAL),))  # BaseException.__init__(*args)
_KNOWN_BASES = {"object": _NO_ARGUMENTS} | dict.fromkeys(_EXCEPTIONS, _ANY_ARGUMENTS)


def constructor(node: ast.ClassDef, known: Mapping[str, Signature | None]) -> Signature | None:
    """The call signature of the class (without `self`/`cls`); `known` holds the classes of
    the module defined before it."""
    decorators = {_base_name(decorator) for decorator in node.decorator_list}
    if node.keywords or decorators & _GENERATED:
        return None  # a metaclass or a class decorator may make the constructor
    own = _own(node)
    if own is not None or len(node.bases) > 1:
        return own
    return _inherited(node.bases[0], known) if node.bases else _NO_ARGUMENTS


def _own(node: ast.ClassDef) -> Signature | None:
    """`__new__` before `__init__`, as `inspect.signature` looks at a class's own methods."""
    defined = {
        item.name: item
        for item in node.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    method = defined.get("__new__") or defined.get("__init__")
    return None if method is None else _without_self(signature_of(method.args))


def _without_self(signature: Signature) -> Signature | None:
    params = signature.params
    if not params or params[0].kind == VAR_POSITIONAL:
        return None  # `def __init__(*args)`: nothing to drop, and nothing to say
    return Signature(params[1:])


def _inherited(base: ast.expr, known: Mapping[str, Signature | None]) -> Signature | None:
    name = _base_name(base)
    if isinstance(base, ast.Name) and name in known:
        return known[name]
    if isinstance(base, ast.Name | ast.Attribute) and name in _KNOWN_BASES:
        return _KNOWN_BASES[name]
    return None  # enums, named tuples, models, bases from elsewhere: the source cannot tell


def _base_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""
