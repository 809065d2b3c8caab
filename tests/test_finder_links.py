"""`Finder`: a module found through links is followed only if its real path stays inside the
project; a folder's real path is worked out once a run, and a module's own link is checked
with one `lstat` (not a `realpath` per module found)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pytest_codehealth.engine import finder
from pytest_codehealth.engine.finder import Finder
from tests.test_followed_once import write_files


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_files(root, {"app/__init__.py": "", "app/a.py": "", "app/b.py": "", "app/c.py": ""})
    write_files(tmp_path / "outside", {"secret.py": "", "pkg/__init__.py": "", "pkg/m.py": ""})
    write_files(root, {"inner/real.py": ""})
    os.symlink(tmp_path / "outside" / "secret.py", root / "app" / "secret.py")
    os.symlink(tmp_path / "outside" / "pkg", root / "app" / "pkg")
    os.symlink(root / "inner", root / "app" / "inner")
    os.symlink(root / "inner" / "real.py", root / "app" / "alias.py")
    return root


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app.a", "app/a.py"),
        ("app.secret", None),  # a file link out of the project
        ("app.pkg.m", None),  # a folder link out of it
        ("app.pkg", None),
        ("app.inner.real", "app/inner/real.py"),  # a folder link inside it
        ("app.alias", "app/alias.py"),  # a file link inside it
    ],
)
def test_a_module_is_found_only_if_its_real_path_is_inside(
    project: Path, name: str, expected: str | None
) -> None:
    found = Finder(str(project)).find(str(project / "app"), name, 0)
    assert found == (None if expected is None else str(project / expected))


def test_a_folders_real_path_is_worked_out_once_a_run(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    real = os.path.realpath

    def spy(path: str) -> str:
        asked.append(path)
        return real(path)

    finding = Finder(str(project))
    monkeypatch.setattr(finder.os.path, "realpath", spy)
    for name in ("a", "b", "c"):
        assert finding.find(str(project / "app"), f"app.{name}", 0) is not None
    assert asked == [str(project / "app")]
