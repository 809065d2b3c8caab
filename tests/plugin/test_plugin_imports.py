"""Our lazy imports (radon, pylint and what they import) never load a file of the project."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import radon

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.libraries import _in_library, import_installed
from tests.plugin.project import finding_lines, write
from tests.rules.test_complexity import scored

# a project file named like a library we import: it records that it ran, then fails
SHADOW = (
    "import pathlib\npathlib.Path(__file__).with_suffix('.imported').touch()\n"
    "raise RuntimeError('a project file ran')\n"
)
PYPROJECT = """
[tool.pytest.ini_options]
pythonpath = ["."]

[tool.codehealth]
extend-select = ["CH012", "CH030"]
"""
DUPLICATED = "".join(f"def f{n}(a, b):\n    c = a + b\n    return c * {n}\n\n" for n in range(4))


@pytest.mark.parametrize("module", ["radon", "astroid", "pylint"])
def test_project_files_named_like_our_libraries_never_run(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str], module: str
) -> None:
    # hardening 12: the rootdir is on sys.path (`pythonpath`, a rootdir conftest.py, and
    # `python -m pytest`); `import radon` found the project's radon.py and every item failed
    pytester.makepyprojecttoml(PYPROJECT)
    write(pytester, f"{module}.py", SHADOW)
    write(pytester, "conftest.py", "")
    write(pytester, "app/routes.py", scored(11))
    write(pytester, "app/one.py", DUPLICATED)
    write(pytester, "app/two.py", DUPLICATED)
    assert main(["check", "--no-cache"]) == 1
    cli_lines = finding_lines(capsys.readouterr().out.splitlines())
    result = pytester.runpytest_subprocess("--codehealth", "-p", "no:cacheprovider")
    assert list(pytester.path.rglob("*.imported")) == []
    assert finding_lines(result.outlines) == cli_lines
    assert any(" CH010 " in line for line in cli_lines)
    assert any(" CH030 " in line for line in cli_lines)
    assert "failed on this file" not in result.stdout.str()


def test_only_library_folders_are_searched(tmp_path: Path) -> None:
    site_packages = Path(radon.__file__).parent.parent  # where radon is installed
    assert _in_library(str(site_packages))
    assert _in_library(str(Path(json.__file__).parent))  # the standard library
    assert not _in_library("")  # the current folder
    assert not _in_library(str(tmp_path))


def test_sys_path_is_restored(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "codehealth_test_only_here.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = list(sys.path)
    with pytest.raises(ModuleNotFoundError):
        import_installed("codehealth_test_only_here")  # found only in a project folder
    assert sys.path == before
    assert import_installed("json") is json
