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
    """`api` with the signatures of the live objects of `module`."""
    namespace = vars(module)
    return replace(api, names=tuple(_live(item, namespace) for item in api.names))


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
