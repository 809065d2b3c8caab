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
from pytest_codehealth.engine import SKIP_DIRS

_PATCHERS = frozenset({"patch", "setattr"})


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
    """A re-exported name equal to a submodule's: `pkg.mod.sub` depends on import order."""
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
        if not attr.isidentifier() or attr not in exported:
            continue
        users = [
            sub.__name__
            for sub in submodules.values()
            if vars(sub).get(attr) is exported[attr] and _uses(sub, attr)
        ]
        if users:
            instead = " and ".join(f'"{user}.{attr}"' for user in sorted(users))
            yield (
                f'patch target: {path}:{line}: "{target}" replaces only the re-export; the code '
                f"that uses it looks up its own global — patch {instead}"
            )


def _patch_calls(root: Path, prefix: str) -> Iterator[tuple[str, int, str]]:
    for path in _test_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if prefix not in text:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        shown = path.relative_to(root).as_posix()
        for node in ast.walk(tree):
            target = _patch_target(node)
            if target is not None and target.startswith(prefix):
                yield shown, node.lineno if isinstance(node, ast.Call) else 1, target


def _patch_target(node: ast.AST) -> str | None:
    """The string a `patch(...)`, `mocker.patch(...)` or `monkeypatch.setattr(...)` names."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    label = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if label not in _PATCHERS:
        return None
    if label == "setattr" and not (isinstance(func, ast.Attribute) and len(node.args) == 2):
        return None  # builtin setattr(obj, name, value), or monkeypatch.setattr(obj, name, value)
    first = node.args[0] if node.args else None
    first = next((kw.value for kw in node.keywords if kw.arg == "target"), first)
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _test_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".py") and (
                name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
            ):
                yield Path(folder) / name


def _uses(module: ModuleType, name: str) -> bool:
    """Whether the module's own code reads the global `name` (not just imports it)."""
    file = getattr(module, "__file__", None)
    if not file:
        return False
    try:
        tree = ast.parse(Path(file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return False
    return any(
        isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
        for node in ast.walk(tree)
    )
