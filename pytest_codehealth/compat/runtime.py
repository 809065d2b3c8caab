"""The old API as the old module holds it at run time (in a child process, see `oldtree`).

The names stay those the static read found (`__all__`, or what the module defines and
re-exports from its own package, only from code that runs); what the run-time read adds is
their signatures as callers met them: callables the module built by assignment
(`warn = partial(print, file=sys.stderr)`), classes whose constructor a decorator or a
metaclass made, functions a decorator rewrapped. Where Python cannot tell, the static
record stays.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from dataclasses import replace
from types import ModuleType

from pytest_codehealth.compat.methods import live_kind
from pytest_codehealth.compat.model import METHOD, ModuleApi, Name, Signature
from pytest_codehealth.compat.signatures import method_signature, runtime_signature


def import_old(module: str) -> ModuleType | str:
    """The imported module, or why it does not import."""
    try:
        return importlib.import_module(module)
    except BaseException as exc:  # old code may raise anything on import
        if isinstance(exc, KeyboardInterrupt):
            raise
        text = str(exc).strip().splitlines()
        return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def read(api: ModuleApi, module: ModuleType) -> ModuleApi:
    """`api` with the signatures of the live objects of `module`. A name the source read
    found outside `__all__` that the module did not bind at run time, or bound to an object
    imported as is from another package (`cached_property` from `functools`, where the
    source also defines a fallback for old Pythons), is not its API; names listed by hand
    (a config, a snapshot's unknown kinds) stay."""
    namespace = vars(module)
    own = _own_names(namespace, module.__name__)
    kept = own | set(api.all or ())
    names = [item for item in api.names if item.name in kept or item.kind == "unknown"]
    return replace(
        api,
        names=tuple(_live(item, namespace) for item in names),
        outside_all=tuple(name for name in api.outside_all if name in own),
    )


def _own_names(namespace: Mapping[str, object], module: str) -> set[str]:
    return {name for name, obj in namespace.items() if not _imported(obj, name, module)}


def _imported(obj: object, name: str, module: str) -> bool:
    """An object defined in another package, bound under its own name (`from x import y`)."""
    home = getattr(obj, "__module__", None)
    foreign = isinstance(home, str) and home.partition(".")[0] != module.partition(".")[0]
    return foreign and getattr(obj, "__name__", None) == name


def _live(item: Name, namespace: Mapping[str, object]) -> Name:
    if item.name not in namespace:
        return item
    obj = namespace[item.name]
    signature = runtime_signature(obj) if callable(obj) else None
    if not inspect.isclass(obj):
        return replace(item, signature=signature or item.signature)
    return _live_class(item, obj, signature)


def _live_class(item: Name, cls: type, signature: Signature | None) -> Name:
    methods = {name: _method(cls, name, old) for name, old in item.methods.items()}
    if signature is not None:  # the class's call signature stands for its `__init__`
        methods.pop("__init__", None)
    kinds = {name: live_kind(cls, name) for name in methods}
    special = {name: kind for name, kind in kinds.items() if kind != METHOD}
    return replace(
        item, signature=signature or item.signature, methods=methods, method_kinds=special
    )


def _method(cls: type, name: str, static: Signature) -> Signature:
    live = method_signature(cls, name)
    return live if isinstance(live, Signature) else static
