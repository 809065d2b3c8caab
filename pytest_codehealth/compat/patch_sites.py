"""Where the tests patch a module by name: read with `ast` from the test files, never run.

The forms: `patch("pkg.mod.name")` (also `mock.patch`, `mocker.patch`, `patch.dict`, as a
decorator too), `patch.object(obj, "name")`, `monkeypatch.setattr("pkg.mod.name", value)`,
`monkeypatch.setattr(obj, "name", value)` and the same two forms of `delattr`. An object is
named through the file's imports (`from pkg import mod` then `patch.object(mod, "x")` patches
`pkg.mod.x`). `create=True` and `raising=False` let the attribute be missing.
"""

from __future__ import annotations

import ast
import os
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.core.ast_helpers import import_map, qualified_name
from pytest_codehealth.engine.discovery import SKIP_DIRS

_STRING_FORMS = frozenset({"patch", "dict"})
_OBJECT_FORMS = frozenset({"object"})
_MONKEYPATCH = frozenset({"setattr", "delattr"})


@dataclass(frozen=True)
class PatchSite:
    """One patch in a test: the file (as shown), the line and the dotted target."""

    path: str
    line: int
    target: str
    optional: bool = False  # `create=True` / `raising=False`: the attribute may be missing


def patch_sites(root: Path, module: str) -> Iterator[PatchSite]:
    """Every patch target under `module.` in the test files below `root`."""
    top = module.partition(".")[0]
    for path in _test_files(root):
        tree = tree_mentioning(path, top)
        if tree is None:
            continue
        shown, imports = path.relative_to(root).as_posix(), import_map(tree)
        calls = (node for node in ast.walk(tree) if isinstance(node, ast.Call))
        for call in calls:
            found = _site(call, imports)
            if found is not None and found[0].startswith(f"{module}."):
                yield PatchSite(shown, call.lineno, found[0], found[1])


def tree_mentioning(path: Path, text: str) -> ast.Module | None:
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
    except (SyntaxError, ValueError, RecursionError):
        return None  # the gates report unparsable files (CH000)


def _site(call: ast.Call, imports: Mapping[str, str]) -> tuple[str, bool] | None:
    """The dotted target of a patching call and whether it may be missing; None otherwise."""
    form = _form(call.func)
    if form == "string":
        target = _string(_keyword_node(call, "target") or _argument(call, 0))
    elif form == "object":
        target = _object_form(call, imports)
    elif form == "monkeypatch":
        target = _string(_argument(call, 0)) or _object_form(call, imports)
    else:
        return None
    optional = _keyword(call, "create") is True or _keyword(call, "raising") is False
    return (target, optional) if target else None


def _form(func: ast.expr) -> str | None:
    """How the call names its target: a dotted string, an object and a name, or either."""
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    if name in _STRING_FORMS and _is_patch(func, name):
        return "string"
    if not isinstance(func, ast.Attribute):
        return None
    if name in _OBJECT_FORMS and _is_patch(func.value):
        return "object"
    return "monkeypatch" if name in _MONKEYPATCH else None


def _is_patch(func: ast.expr, name: str = "patch") -> bool:
    """`patch`, `x.patch`, and for `dict`: `patch.dict`, `x.patch.dict`."""
    if name == "dict":
        return isinstance(func, ast.Attribute) and _is_patch(func.value)
    return isinstance(func, ast.Name | ast.Attribute) and (
        getattr(func, "id", None) == "patch" or getattr(func, "attr", None) == "patch"
    )


def _object_form(call: ast.Call, imports: Mapping[str, str]) -> str | None:
    """`patch.object(mod, "name")`, `monkeypatch.setattr(mod, "name", value)`."""
    owner, attribute = _argument(call, 0), _string(_argument(call, 1), dotted=False)
    dotted = qualified_name(owner, imports) if owner is not None else None
    return f"{dotted}.{attribute}" if dotted and attribute else None


def _argument(call: ast.Call, index: int) -> ast.expr | None:
    return call.args[index] if len(call.args) > index else None


def _keyword_node(call: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in call.keywords if kw.arg == name), None)


def _keyword(call: ast.Call, name: str) -> object:
    node = _keyword_node(call, name)
    return node.value if isinstance(node, ast.Constant) else None


def _string(node: ast.expr | None, *, dotted: bool = True) -> str | None:
    """A string literal; with `dotted`, only one naming an attribute of a module (`a.b`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if "." in node.value or not dotted else None
    return None


def _test_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if _walkable(name))
        yield from (Path(folder) / name for name in sorted(files) if _is_test_file(name))


def _walkable(name: str) -> bool:
    return name not in SKIP_DIRS and not name.startswith(".")


def _is_test_file(name: str) -> bool:
    tests = name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    return name.endswith(".py") and tests
