"""Import the new code and check it against the old API: names, identity, signatures, __all__."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pytest_codehealth.compat import beyond
from pytest_codehealth.compat.methods import live_kind, method_breaks
from pytest_codehealth.compat.model import ModuleApi, Name, Signature
from pytest_codehealth.compat.patches import check_patches
from pytest_codehealth.compat.signatures import MISSING, breaks, method_signature, runtime_signature

_COPY_BREAKS = {
    "class": "isinstance between the two fails",
    "function": "mock.patch on one misses the other",
}


@dataclass
class Result:
    """Breaks (the item fails) and warnings (reported, the item passes)."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NewModule:
    """The imported new module: its namespace right after import, and its submodules."""

    module: ModuleType
    exported: Mapping[str, object]
    submodules: Mapping[str, ModuleType]
    root: Path

    @property
    def name(self) -> str:
        return self.module.__name__

    def init_path(self) -> str:
        """Where re-exports go: the package's `__init__.py` (or the module file)."""
        file = getattr(self.module, "__file__", None)
        if file is None:  # a namespace package has no __init__.py yet
            file = str(Path(next(iter(self.module.__path__))) / "__init__.py")
        return display(Path(file), self.root)


def display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_api(api: ModuleApi, root: Path, strict_patches: bool = False) -> Result:
    """Every break of `api` in the current code, one message per break."""
    result = Result()
    try:
        module = importlib.import_module(api.module)
    except BaseException as exc:  # the new code may raise anything on import
        if isinstance(exc, KeyboardInterrupt):
            raise
        result.errors.append(f"import error: `import {api.module}` raised {_describe(exc)}")
        return result
    stray = outside(module, root)
    if stray is not None:
        result.errors.append(
            f"not checked: `import {api.module}` loads {stray}, outside the checkout {root} — "
            "the module to check must be the checkout's (see compat.source-roots)"
        )
        return result
    exported = dict(vars(module))  # before submodule imports rebind any names
    # submodules the package imported itself: a name it then rebound stays rebound
    own = {name for name in sys.modules if name.startswith(f"{api.module}.")}
    new = NewModule(module, exported, _submodules(module, result), root)
    for item in api.names:
        result.errors.extend(_check_name(new, item))
    result.errors.extend(_check_all(api, new))
    result.errors.extend(beyond.script_entry(api, new.module, root))
    loaded_later = {name: sub for name, sub in new.submodules.items() if name not in own}
    result.errors.extend(beyond.shadowed_submodules(new.name, new.exported, loaded_later))
    result.warnings.extend(_gone_outside_all(api, new))
    patches = check_patches(new.module, new.exported, new.submodules, root)
    result.errors.extend(patches.failing)
    (result.errors if strict_patches else result.warnings).extend(patches.reexports)
    return result


def outside(module: ModuleType, root: Path) -> str | None:
    """The file the module was loaded from, when it is not inside `root`."""
    file = getattr(module, "__file__", None)
    places = [file] if file else list(getattr(module, "__path__", []))
    inside = [place for place in places if Path(place).resolve().is_relative_to(root.resolve())]
    return None if inside or not places else str(places[0])


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _submodules(module: ModuleType, result: Result) -> dict[str, ModuleType]:
    """Every submodule of a package, imported (`__main__` is never run)."""
    path = getattr(module, "__path__", None)
    if path is None:
        return {}
    found: dict[str, ModuleType] = {}
    prefix = f"{module.__name__}."
    for info in pkgutil.walk_packages(path, prefix, onerror=lambda name: None):
        if info.name.rpartition(".")[2] == "__main__":
            continue
        try:
            found[info.name] = sys.modules.get(info.name) or importlib.import_module(info.name)
        except BaseException as exc:  # reported, the other checks go on
            if isinstance(exc, KeyboardInterrupt):
                raise
            result.warnings.append(f"submodule {info.name} does not import: {_describe(exc)}")
    return found


def _check_name(new: NewModule, item: Name) -> list[str]:
    if item.name not in new.exported:
        if f"{new.name}.{item.name}" in new.submodules:
            return []  # `from pkg.mod import sub` imports the submodule
        home = _home(new, item.name)
        if home is None:
            return [f"missing: {item.name} — not defined in {new.name} or any of its submodules"]
        relative = home.__name__[len(new.name) :]
        re_export = f'add "from {relative} import {item.name}" to {new.init_path()}'
        # one round: what the re-export will bring back is checked now, not after the fix
        return [f"missing: {item.name} — {re_export}", *_signatures(item, vars(home)[item.name])]
    obj = new.exported[item.name]
    return [*_identity(new, item.name, obj), *_signatures(item, obj)]


def _home(new: NewModule, name: str) -> ModuleType | None:
    """The submodule that defines `name` (else the first that holds it)."""
    homes = [sub for sub in new.submodules.values() if name in vars(sub)]
    defining = [
        sub for sub in homes if getattr(vars(sub)[name], "__module__", None) == sub.__name__
    ]
    candidates = defining or homes
    return candidates[0] if candidates else None


def _identity(new: NewModule, name: str, obj: object) -> Iterator[str]:
    """The object is the one its home module holds, and the package holds no second copy."""
    home, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", "")
    if not (_is_code(obj) and isinstance(home, str)) or "<locals>" in qualname:
        return
    kind = "class" if inspect.isclass(obj) else "function"
    if _resolve(home, qualname) is not obj:
        yield (
            f"duplicate: {name} — {new.name}.{name} is not the {kind} {home}.{qualname} "
            "names (a second copy breaks isinstance and mock.patch); import that one instead"
        )
    elif home == new.name:
        yield from _copies(new, name, obj, kind)


def _copies(new: NewModule, name: str, obj: object, kind: str) -> Iterator[str]:
    """Submodules defining their own `name` while the package defines another one."""
    for sub in new.submodules.values():
        other = vars(sub).get(name)
        if other is not obj and _defined_in(other, sub.__name__):
            relative = sub.__name__[len(new.name) :]
            yield (
                f"duplicate: {name} — {new.name} defines its own copy of the {kind} "
                f"{sub.__name__}.{name} ({_COPY_BREAKS[kind]}); replace it with "
                f'"from {relative} import {name}" in {new.init_path()}'
            )


def _is_code(obj: object) -> bool:
    return inspect.isclass(obj) or inspect.isfunction(obj)


def _defined_in(obj: object, module: str) -> bool:
    return _is_code(obj) and getattr(obj, "__module__", None) == module


def _resolve(module: str, qualname: str) -> object:
    try:
        target: object = importlib.import_module(module)
    except Exception:  # a module that does not import holds nothing
        return None
    for part in qualname.split("."):
        target = getattr(target, part, None)
    return target


def _signatures(item: Name, obj: object) -> Iterator[str]:
    if item.signature is not None:
        new = runtime_signature(obj)
        if new is not None:
            yield from _diff(
                item.name, item.signature.render(), new.render(), breaks(item.signature, new)
            )
    if not (item.methods and inspect.isclass(obj)):
        return
    for method, old in item.methods.items():
        current = method_signature(obj, method)
        label = f"{item.name}.{method}"
        if current is MISSING:
            yield f"missing: {label} — the class no longer has this method"
        elif isinstance(current, Signature):
            kinds = (item.method_kind(method), live_kind(obj, method))
            reasons = method_breaks(old, kinds[0], current, kinds[1])
            yield from _diff(label, old.render(), current.render(), reasons)


def _diff(label: str, old: str, new: str, reasons: list[str]) -> Iterator[str]:
    if reasons:
        yield f"signature: {label}{old} -> {label}{new}: {'; '.join(reasons)}"


def _check_all(api: ModuleApi, new: NewModule) -> Iterator[str]:
    if api.all is None:
        return
    current = new.exported.get("__all__")
    if not isinstance(current, list | tuple):
        yield (
            f"__all__: the old module listed {len(api.all)} names, {new.name} has no __all__ "
            f"— add one to {new.init_path()}"
        )
        return
    for name in api.all:
        if name not in current:
            yield f'__all__: missing "{name}" — add it to __all__ in {new.init_path()}'


def _gone_outside_all(api: ModuleApi, new: NewModule) -> Iterator[str]:
    for name in api.outside_all:
        if name not in new.exported and f"{new.name}.{name}" not in new.submodules:
            yield f"gone: {name} — public in the old module though not in its __all__"
