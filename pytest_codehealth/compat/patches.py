"""Patch targets in the tests resolved against the new package (in the child process).

A target that no longer resolves (`mock.patch("app.cache.aioredis.from_url")` once
`app/cache/__init__.py` stopped importing `aioredis`) raises `AttributeError` when the test
runs: an error, with the target to use instead. A target that resolves but replaces only
the package's re-export while the code looks up its own global stays a warning.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pytest_codehealth.compat.patch_sites import patch_sites, tree_mentioning


@dataclass
class PatchReport:
    failing: list[str] = field(default_factory=list)  # the test raises: always errors
    reexports: list[str] = field(default_factory=list)  # the patch misses the code: warnings


def check_patches(
    module: ModuleType,
    exported: Mapping[str, object],
    submodules: Mapping[str, ModuleType],
    root: Path,
) -> PatchReport:
    """Every patch target under the module's name in the tests below `root`."""
    report = PatchReport()
    name = module.__name__
    for site in sorted(patch_sites(root, name), key=lambda site: (site.path, site.line)):
        parts = site.target[len(name) + 1 :].split(".")
        problem = _fails(module, name, parts, site.optional)
        where = f'patch target: {site.path}:{site.line}: "{site.target}"'
        if problem is not None:
            instead = _instead(name, parts, submodules)
            report.failing.append(f"{where} fails ({problem}){instead}")
        elif len(parts) == 1:
            report.reexports.extend(_reexport(where, name, parts[0], exported, submodules))
    return report


def _fails(module: ModuleType, name: str, parts: list[str], optional: bool) -> str | None:
    """Why `mock.patch` of `name.<parts>` raises, as it resolves targets; None if it works."""
    owner, where, problem = _walk(module, name, parts[:-1])
    if problem is not None:
        return problem
    if optional or _has(owner, parts[-1]):
        return None
    return f"{where} has no attribute `{parts[-1]}`"


def _walk(obj: object, where: str, parts: list[str]) -> tuple[object, str, str | None]:
    """Follow `parts` from `obj` by attribute, importing submodules as `pkgutil.resolve_name`
    does: the object reached and its dotted path, or the step that failed and why."""
    for part in parts:
        if _has(obj, part):
            obj = getattr(obj, part)
        elif isinstance(obj, ModuleType) and _imports(f"{where}.{part}"):
            obj = importlib.import_module(f"{where}.{part}")
        else:
            return obj, where, f"{where} has no attribute `{part}`"
        where = f"{where}.{part}"
    return obj, where, None


def _has(obj: object, name: str) -> bool:
    try:
        getattr(obj, name)
    except Exception:  # a property or `__getattr__` of the checked code may raise anything
        return False
    return True


def _imports(module: str) -> bool:
    try:
        importlib.import_module(module)
    except Exception:  # not a submodule (ModuleNotFoundError), or one that does not import
        return False
    return True


def _instead(name: str, parts: list[str], submodules: Mapping[str, ModuleType]) -> str:
    """Where the target's first name lives now, and the same path from there works."""
    working = [
        sub.__name__
        for sub in submodules.values()
        if parts[0] in vars(sub) and _walk(sub, sub.__name__, parts)[2] is None
    ]
    readers = [sub for sub in working if _uses(submodules[sub], parts[0])] or working
    if not readers:
        return f" — no submodule of {name} has `{parts[0]}`"
    rest = ".".join(parts)
    return " — patch " + " and ".join(f'"{sub}.{rest}"' for sub in sorted(readers))


def _reexport(
    where: str,
    name: str,
    attr: str,
    exported: Mapping[str, object],
    submodules: Mapping[str, ModuleType],
) -> Iterator[str]:
    """`mock.patch("pkg.mod.helper")` while the code that calls it uses `pkg.mod.sub.helper`."""
    obj = exported.get(attr)
    if obj is None:
        return
    users = sorted(
        sub.__name__
        for sub in submodules.values()
        if vars(sub).get(attr) is obj and _uses(sub, attr)
    )
    if users:
        instead = " and ".join(f'"{user}.{attr}"' for user in users)
        yield (
            f"{where} replaces only the re-export; the code that uses it looks up its own "
            f"global — patch {instead}"
        )


def _uses(module: ModuleType, name: str) -> bool:
    """Whether the module's own code reads the global `name` (not just imports it)."""
    file = getattr(module, "__file__", None)
    tree = tree_mentioning(Path(file), name) if file else None
    return tree is not None and any(_reads(node, name) for node in ast.walk(tree))


def _reads(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
