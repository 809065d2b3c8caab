"""engine.modules: the project's modules as a checked file imports them, for `exports` rules."""

from __future__ import annotations

import ast
import os
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.modules import Imports, Location, Probe, current, location_of


def _names(src: SourceFile, options: Any) -> list[str]:
    """A stand-in `exports`: the module's top-level assigned names."""
    return [
        target.id
        for node in src.tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _view(root: Path, name: str) -> Imports:
    return Imports(root / name, Probe(root), _names, None)


def _found(root: Path, origin: str, module: str, level: int = 0) -> str | None:
    found = _view(root, origin).module(module, level)
    return None if found is None else found.path.relative_to(root).as_posix()


LAYOUTS = [
    pytest.param(
        {"app/__init__.py": "", "app/db/__init__.py": "", "app/db/redis.py": "", "app/api.py": ""},
        "app/api.py",
        ("app.db.redis", 0),
        "app/db/redis.py",
        id="package-from-its-parent",
    ),
    pytest.param(
        {"src/app/__init__.py": "", "src/app/cache.py": "", "src/app/api.py": ""},
        "src/app/api.py",
        ("app.cache", 0),
        "src/app/cache.py",
        id="src-layout",
    ),
    pytest.param(
        {"app/db/redis.py": "", "app/routes/users.py": ""},
        "app/routes/users.py",
        ("app.db.redis", 0),
        "app/db/redis.py",
        id="namespace-packages",
    ),
    pytest.param(
        {"scripts/tool.py": "", "scripts/helpers.py": ""},
        "scripts/tool.py",
        ("helpers", 0),
        "scripts/helpers.py",
        id="script-sibling",
    ),
    pytest.param(
        {"app/__init__.py": "", "app/db/__init__.py": "", "app/db/redis.py": "", "app/a.py": ""},
        "app/db/redis.py",
        ("", 1),
        "app/db/__init__.py",
        id="relative-package",
    ),
    pytest.param(
        {"app/__init__.py": "", "app/cache.py": "", "app/db/__init__.py": "", "app/db/x.py": ""},
        "app/db/x.py",
        ("cache", 2),
        "app/cache.py",
        id="relative-two-dots",
    ),
    pytest.param(
        {"app/__init__.py": "", "app/cache.py": "", "app/cache/__init__.py": "", "app/x.py": ""},
        "app/x.py",
        ("app.cache", 0),
        "app/cache/__init__.py",
        id="package-wins-over-module",
    ),
    pytest.param(
        {"app/__init__.py": "", "app/x.py": ""}, "app/x.py", ("redis", 0), None, id="not-ours"
    ),
    pytest.param({"x.py": ""}, "x.py", ("os", 2), None, id="relative-above-the-project"),
    pytest.param(
        {"app/__init__.py": "", "app/venv/__init__.py": "", "app/x.py": ""},
        "app/x.py",
        ("app.venv", 0),
        None,
        id="skipped-folders",
    ),
]


@pytest.mark.parametrize(("files", "origin", "module", "expected"), LAYOUTS)
def test_imports_found_as_python_would(
    tmp_path: Path,
    files: dict[str, str],
    origin: str,
    module: tuple[str, int],
    expected: str | None,
) -> None:
    _write(tmp_path, files)
    assert _found(tmp_path, origin, *module) == expected


def test_a_link_out_of_the_project_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _write(outside, {"secret.py": "token = 1\n"})
    project = tmp_path / "project"
    _write(project, {"app.py": ""})
    os.symlink(outside / "secret.py", project / "secret.py")
    assert _found(project, "app.py", "secret") is None


def test_facts_come_from_the_modules_exports(tmp_path: Path) -> None:
    _write(
        tmp_path, {"app/__init__.py": "", "app/db.py": "client = 1\nurl = 'x'\n", "app/a.py": ""}
    )
    imported = _view(tmp_path, "app/a.py").module("app.db")
    assert imported is not None
    assert imported.facts == ["client", "url"]
    assert imported.module("", 1) is not None  # imports of the imported module, from there


@pytest.mark.parametrize("data", [b"def f(:\n", b"x = 1\0\n", b"x = '\xff\xfe'\n"])
def test_a_module_that_does_not_parse_has_no_facts(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "bad.py").write_bytes(data)
    (tmp_path / "a.py").write_text("")
    imported = _view(tmp_path, "a.py").module("bad")
    assert imported is not None
    assert imported.facts == {}


def test_a_module_not_wanted_is_never_parsed(tmp_path: Path) -> None:
    _write(tmp_path, {"db.py": "client = 1\n", "a.py": ""})
    view = _view(tmp_path, "a.py")
    view.wanted = lambda text, options: "redis" in text
    imported = view.module("db")
    assert imported is not None
    assert imported.facts == {}


def test_files_read_are_recorded_and_checked_again(tmp_path: Path) -> None:
    _write(tmp_path, {"db.py": "client = 1\n", "a.py": ""})
    probe = Probe(tmp_path)
    imported = Imports(tmp_path / "a.py", probe, _names, None).module("db")
    assert imported is not None
    assert imported.facts == ["client"]
    assert list(probe.found) == ["db.py"]
    assert current(probe.found, tmp_path)
    (tmp_path / "db.py").write_text("client = 2\n")
    assert not current(probe.found, tmp_path)
    (tmp_path / "db.py").unlink()
    assert not current(probe.found, tmp_path)


@pytest.mark.parametrize(("recorded", "expected"), [(None, True), ({}, True), ("junk", False)])
def test_what_a_cache_entry_recorded(tmp_path: Path, recorded: Any, expected: bool) -> None:
    assert current(recorded, tmp_path) is expected


def test_location_of_a_target(tmp_path: Path) -> None:
    target = Target(tmp_path / "app" / "a.py", "app/a.py", ("app", "a.py"))
    assert location_of(target) == Location(tmp_path / "app" / "a.py", tmp_path)
