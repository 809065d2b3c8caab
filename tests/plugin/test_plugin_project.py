"""`pytest --codehealth` runs each selected whole-project rule as one item."""

from __future__ import annotations

import pytest

from tests.plugin.project import write

CYCLE = "pkg/a.py:1:1: CH020 import cycle `pkg.a` (line 1) -> `pkg.b` (line 1) -> `pkg.a`*"


def project_with_a_cycle(pytester: pytest.Pytester, extra: str = "") -> None:
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n'
        f'[tool.codehealth]\nextend-select = ["CH020", "CH021"]\n{extra}'
    )
    write(pytester, "pkg/__init__.py", "")
    write(pytester, "pkg/a.py", "from pkg import b\n")
    write(pytester, "pkg/b.py", "from pkg import a\n")
    write(pytester, "tests/test_ok.py", "def test_ok():\n    assert True\n")


def test_a_cycle_fails_the_project_item(pytester: pytest.Pytester) -> None:
    project_with_a_cycle(pytester)
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(
        [
            "codehealth-project::import-cycle FAILED*",
            "codehealth-project::fan-out PASSED*",
        ]
    )
    result.stdout.fnmatch_lines([CYCLE])
    assert "Traceback" not in result.stdout.str()


def test_no_cycle_passes_and_marker_selects_it(pytester: pytest.Pytester) -> None:
    project_with_a_cycle(pytester)
    write(pytester, "pkg/b.py", "X = 1\n")
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-m", "codehealth", "-v")
    result.stdout.fnmatch_lines(["codehealth-project::import-cycle PASSED*"])
    assert result.ret == pytest.ExitCode.OK


def test_warning_severity_does_not_fail(pytester: pytest.Pytester) -> None:
    project_with_a_cycle(pytester, 'severity = { import-cycle = "warning" }\n')
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(["codehealth-project::import-cycle PASSED*"])
    result.stdout.fnmatch_lines(["  pkg/a.py:1: CodehealthWarning: " + CYCLE])
    assert "pytest_codehealth/plugin" not in result.stdout.str()


def test_no_project_items_unless_selected(pytester: pytest.Pytester) -> None:
    project_with_a_cycle(pytester)
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-v")
    assert "codehealth-project" not in result.stdout.str()
