"""The ground truth for `compat_replay.py`: which calls valid against the old API fail now.

    python -I benchmarks/compat_oracle.py shapes TREE MODULE OUT.json
    python -I benchmarks/compat_oracle.py try TREE MODULE SHAPES.json OUT.json

Run once with the old tree on sys.path (`shapes`: the old public names, `__all__`, and for
every callable and public method the calls its signature allows, per route: each parameter
by position, each by keyword, the required ones only, an extra `*args`/`**kwargs` value),
then with the new tree (`try`: each of those calls against the new API). A call fails when
Python's binder (`inspect.Signature.bind` on the live object) rejects it, when calling the
top-level object for real raises a `TypeError` at the call itself (no frame of the callee),
or when a value passed by position now lands on a parameter that stands for another one.
Independent of pytest-codehealth: nothing of it is imported here.
"""

from __future__ import annotations
import __future__

import importlib
import inspect
import json
import sys
import types
from pathlib import Path
from typing import Any

P = inspect.Parameter
ORDERED = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)


class Arg:
    """A value standing for one old parameter."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


def spelling(name: str) -> str:
    return name.replace("_", "").lower()


def public_names(module: types.ModuleType) -> list[str]:
    listed = getattr(module, "__all__", None)
    if isinstance(listed, list | tuple):
        return [str(name) for name in listed]
    names = []
    for name, obj in vars(module).items():
        if name.startswith("_") or isinstance(obj, types.ModuleType | __future__._Feature):
            continue  # modules and `from __future__ import x` are not API
        home = getattr(obj, "__module__", None)
        foreign = (
            isinstance(home, str) and home.partition(".")[0] != module.__name__.partition(".")[0]
        )
        if foreign and getattr(obj, "__name__", None) == name:
            continue  # imported as is from another package: not this module's API
        names.append(name)
    return names


def routes(module: types.ModuleType, label: str) -> dict[str, inspect.Signature] | None:
    """The signature each route calls: `call` for a top-level object, `instance` and `class`
    for a method. None when the object is gone, {} when Python cannot tell."""
    owner: object = module
    parts = label.split(".")
    for part in parts[:-1]:
        owner = getattr(owner, part, None)
    if owner is None or not hasattr(owner, parts[-1]):
        return None
    if len(parts) == 1:
        sig = signature(getattr(owner, parts[-1]))
        return {} if sig is None else {"call": sig}
    raw = inspect.getattr_static(owner, parts[-1])
    function = raw.__func__ if isinstance(raw, staticmethod | classmethod) else raw
    sig = signature(function)
    if sig is None:
        return {}
    params = list(sig.parameters.values())
    bound = sig.replace(parameters=params[1:]) if params else sig
    if isinstance(raw, staticmethod):
        return {"instance": sig, "class": sig}
    if isinstance(raw, classmethod):
        return {"instance": bound, "class": bound}
    return {"instance": bound, "class": sig}


def signature(obj: object) -> inspect.Signature | None:
    if not callable(obj):
        return None
    try:
        return inspect.signature(obj)
    except (TypeError, ValueError):
        return None


def shapes(sig: inspect.Signature) -> list[dict[str, Any]]:
    params = list(sig.parameters.values())
    ordered = [p for p in params if p.kind in ORDERED]
    required_kw = [p.name for p in params if p.kind == P.KEYWORD_ONLY and p.default is P.empty]
    required = [p.name for p in ordered if p.default is P.empty]
    found = [{"args": required, "kwargs": required_kw}]
    for index in range(len(ordered)):
        # positional parameters with defaults follow the required ones: pass those too
        upto = max(index + 1, len(required))
        found.append({"args": [p.name for p in ordered[:upto]], "kwargs": required_kw})
    for param in params:
        if param.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY):
            before = [p.name for p in ordered if p.name != param.name]
            position = (
                [p.name for p in ordered].index(param.name) if param in ordered else len(ordered)
            )
            args = before[:position]
            rest = [n for n in required if n not in args and n != param.name]
            kwargs = sorted({param.name, *required_kw, *rest})
            found.append({"args": args, "kwargs": kwargs})
    if any(p.kind == P.VAR_POSITIONAL for p in params):
        found.append({"args": [*[p.name for p in ordered], "*extra"], "kwargs": required_kw})
    if any(p.kind == P.VAR_KEYWORD for p in params):
        found.append({"args": required, "kwargs": [*required_kw, "zz_extra"]})
    return found


def take_shapes(module: types.ModuleType) -> dict[str, Any]:
    names = public_names(module)
    calls: dict[str, Any] = {}
    for name in names:
        obj = getattr(module, name, None)
        labels = [name]
        if inspect.isclass(obj) and getattr(obj, "__module__", "").startswith(module.__name__):
            labels += [f"{name}.{m}" for m, v in vars(obj).items() if is_method(m, v)]
        for label in labels:
            found = routes(module, label) or {}
            for route, sig in found.items():
                params = [p.name for p in sig.parameters.values() if p.kind in ORDERED]
                calls[f"{label}|{route}"] = {"shapes": shapes(sig), "ordered": params}
    listed = getattr(module, "__all__", None)
    return {
        "names": names,
        "all": list(listed) if isinstance(listed, list | tuple) else None,
        "calls": calls,
    }


def is_method(name: str, value: object) -> bool:
    if name.startswith("_"):
        return False
    return inspect.isfunction(value) or isinstance(value, staticmethod | classmethod)


def try_calls(module: types.ModuleType, taken: dict[str, Any]) -> dict[str, Any]:
    broken: dict[str, list[str]] = {}
    for name in taken["names"]:
        if not hasattr(module, name) and not importable(f"{module.__name__}.{name}"):
            broken.setdefault(name, []).append("missing")
    new_all = getattr(module, "__all__", None)
    for name in taken["all"] or []:
        if not isinstance(new_all, list | tuple) or name not in new_all:
            broken.setdefault(f"__all__:{name}", []).append("missing from __all__")
    for key, entry in taken["calls"].items():
        label, route = key.split("|")
        if label in broken or "missing" in broken.get(label.partition(".")[0], []):
            continue  # a class that is gone: its methods go with it (one break)
        found = routes(module, label)
        if found is None:
            broken.setdefault(label, []).append("missing")
            continue
        sig = found.get(route)
        for shape in entry["shapes"] if sig is not None else []:
            reason = fails(module, label, route, sig, shape=shape, old_ordered=entry["ordered"])
            if reason:
                broken.setdefault(label, []).append(f"{route} {shape}: {reason}")
    return {"broken": broken}


def importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except Exception:
        return False
    return True


def fails(
    module: types.ModuleType,
    label: str,
    route: str,
    sig: inspect.Signature,
    *,
    shape: dict[str, Any],
    old_ordered: list[str],
) -> str | None:
    args = [Arg(name) for name in shape["args"]]
    kwargs = {name: Arg(name) for name in shape["kwargs"]}
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as exc:
        return f"bind: {exc}"
    if route == "call":
        called = real_call(getattr(module, label), args, kwargs)
        if called:
            return f"call: {called}"
    return moved(sig, bound, old_ordered)


def real_call(obj: Any, args: list[Arg], kwargs: dict[str, Arg]) -> str | None:
    try:
        obj(*args, **kwargs)
    except TypeError as exc:
        if exc.__traceback__ is not None and exc.__traceback__.tb_next is None:
            return str(exc)  # raised at the call itself: the arguments did not bind
    except BaseException:  # the body ran: whatever it raises, the call was accepted
        return None
    return None


def moved(
    sig: inspect.Signature, bound: inspect.BoundArguments, old_ordered: list[str]
) -> str | None:
    params = sig.parameters
    new_names = {
        spelling(name)
        for name, p in params.items()
        if p.kind not in (P.VAR_POSITIONAL, P.VAR_KEYWORD)
    }
    old_names = {spelling(name) for name in old_ordered}
    for name, value in bound.arguments.items():
        if params[name].kind in (P.VAR_POSITIONAL, P.VAR_KEYWORD) or not isinstance(value, Arg):
            continue
        want, got = spelling(value.name), spelling(name)
        if want != got and (got in old_names or want in new_names):
            return f"`{value.name}` lands on `{name}`"
    return None


def main() -> None:
    mode, tree, module_name = sys.argv[1:4]
    sys.path.insert(0, tree)
    module = importlib.import_module(module_name)
    if mode == "shapes":
        Path(sys.argv[4]).write_text(json.dumps(take_shapes(module)))
    else:
        taken = json.loads(Path(sys.argv[4]).read_text())
        Path(sys.argv[5]).write_text(json.dumps(try_calls(module, taken)))


if __name__ == "__main__":
    main()
