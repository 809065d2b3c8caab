"""Breaks beyond names: `python -m`, a name shadowing a submodule, stale mock.patch targets."""

from __future__ import annotations

import ast
import importlib.util
import os
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType

from pytest_codehealth.compat.model import ModuleApi
from pytest_codehealth.engine.discovery import SKIP_DIRS


def script_entry(api: ModuleApi, module: ModuleType, root: Path) -> Iterator[str]:
    """The old module ran as a script: the package needs a `__main__.py` for `python -m`."""
    if not api.runs_as_script or not hasattr(module, "__path__"):
        return
    if importlib.util.find_spec(f"{module.__name__}.__main__") is None:
        main = Path(next(iter(module.__path__))) / "__main__.py"
        yield (
            f"python -m {module.__name__}: the old module ran as a script and the package has "
            f"no __main__.py — add {_shown(main, root)} that runs what the old `if __name__ == "
            '"__main__":` block ran'
        )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def shadowed_submodules(
    name: str, exported: Mapping[str, object], submodules: Mapping[str, ModuleType]
) -> Iterator[str]:
    """A re-exported name equal to a submodule's: `pkg.mod.sub` depends on import order.

    `submodules` are those the package did not import itself: a submodule it imported and
    then rebound the name of (`from .common import common`) gives the same answer whatever
    is imported later, since importing a loaded module does not set the attribute again."""
    for full, sub in sorted(submodules.items()):
        short = full[len(name) + 1 :]
        if "." in short or short not in exported or exported[short] is sub:
            continue
        kind = type(exported[short]).__name__
        yield (
            f"shadowing: {name}.{short} is both a submodule and a re-exported {kind} — which "
            f"one `{name}.{short}` gives depends on import order; rename one of them"
        )


def stale_patch_targets(
    name: str, exported: Mapping[str, object], submodules: Mapping[str, ModuleType], root: Path
) -> Iterator[str]:
    """`mock.patch("pkg.mod.helper")` in tests while the code uses `pkg.mod.sub.helper`."""
    for path, line, target in _patch_calls(root, f"{name}."):
        attr = target[len(name) + 1 :]
        users = _users(exported.get(attr), attr, submodules) if attr.isidentifier() else []
        if users:
            instead = " and ".join(f'"{user}.{attr}"' for user in users)
            yield (
                f'patch target: {path}:{line}: "{target}" replaces only the re-export; the code '
                f"that uses it looks up its own global — patch {instead}"
            )


def _users(obj: object, attr: str, submodules: Mapping[str, ModuleType]) -> list[str]:
    """Submodules that bind `attr` to the same object and read it in their own code."""
    if obj is None:
        return []
    modules = submodules.values()
    return sorted(m.__name__ for m in modules if vars(m).get(attr) is obj and _uses(m, attr))


def _patch_calls(root: Path, prefix: str) -> Iterator[tuple[str, int, str]]:
    for path in _test_files(root):
        tree = _tree_mentioning(path, prefix)
        if tree is None:
            continue
        shown = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            found = _patch_target(node)
            if found is not None and found[1].startswith(prefix):
                yield shown, *found


def _tree_mentioning(path: Path, text: str) -> ast.Module | None:
    """The parsed file, if it mentions `text` at all; None for files we cannot read or parse."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # not a file we can learn anything from
    return _parse(source) if text in source else None


def _parse(source: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(source)
    except (SyntaxError, ValueError):
        return None  # the gates report unparsable files (CH000)


def _patch_target(node: ast.AST) -> tuple[int, str] | None:
    """Line and target of `patch("...")`, `mocker.patch("...")`, `monkeypatch.setattr("...", v)`."""
    if not (isinstance(node, ast.Call) and _is_patcher(node)):
        return None
    first = _first_argument(node)
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return node.lineno, first.value
    return None


def _is_patcher(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "patch"
    if not isinstance(func, ast.Attribute):
        return False
    # monkeypatch.setattr("pkg.mod.name", value) names its target in one dotted string
    return func.attr == "patch" or (func.attr == "setattr" and len(call.args) == 2)


def _first_argument(call: ast.Call) -> ast.expr | None:
    candidates = [kw.value for kw in call.keywords if kw.arg == "target"] or call.args
    return candidates[0] if candidates else None


def _test_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if _walkable(name))
        yield from (Path(folder) / name for name in sorted(files) if _is_test_file(name))


def _walkable(name: str) -> bool:
    return name not in SKIP_DIRS and not name.startswith(".")


def _is_test_file(name: str) -> bool:
    tests = name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    return name.endswith(".py") and tests


def _uses(module: ModuleType, name: str) -> bool:
    """Whether the module's own code reads the global `name` (not just imports it)."""
    file = getattr(module, "__file__", None)
    tree = _tree_mentioning(Path(file), name) if file else None
    return tree is not None and any(_reads(node, name) for node in ast.walk(tree))


def _reads(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
