"""A selected rule whose optional dependency is missing fails its item with the message."""

from __future__ import annotations

import sys

import pytest

import pytest_codehealth.rules.project
from tests.plugin.project import write


def test_duplicate_code_without_pylint_fails_with_the_extra_to_install(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("pylint", "pylint.checkers", "pylint.checkers.symilar"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pylint` raises ImportError
    monkeypatch.delitem(sys.modules, "pytest_codehealth.rules.project._symilar", raising=False)
    monkeypatch.delattr(pytest_codehealth.rules.project, "_symilar", raising=False)
    pytester.makepyprojecttoml(
        '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n'
        '[tool.codehealth]\nextend-select = ["CH030"]\n'
    )
    write(pytester, "tests/test_ok.py", "def test_ok():\n    assert True\n")
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-v")
    result.stdout.fnmatch_lines(
        [
            "codehealth-project::duplicate-code FAILED*",
            "duplicate-code (CH030) needs pylint 3.3 or later: "
            "`pip install 'pytest-codehealth[duplicates]'`",
        ]
    )
    assert "Traceback" not in result.stdout.str()
    assert "runner.py" not in result.stdout.str()
