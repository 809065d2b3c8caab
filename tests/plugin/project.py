"""A small project for the plugin tests: clean and failing files under `src/`, one test."""

from __future__ import annotations

import re

import pytest

SILENT = "def f():\n    try:\n        g()\n    except OSError:\n        pass\n"
SILENT_LINE = "src/pkg/bad.py:4:5: CH002 `except OSError` swallows the error silently"
PYPROJECT = """
[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.codehealth]
paths = ["src"]
"""
FINDING = re.compile(r"^\S+:\d+:\d+: CH\d{3} .*$")


def make_project(pytester: pytest.Pytester, pyproject: str = PYPROJECT) -> pytest.Pytester:
    """`src/pkg` (a clean module, one with a silent except) and `tests/test_a.py` (passes)."""
    pytester.makepyprojecttoml(pyproject)
    write(pytester, "src/pkg/__init__.py", "")
    write(pytester, "src/pkg/bad.py", SILENT)
    write(pytester, "src/pkg/good.py", "X = 1\n")
    write(pytester, "tests/test_a.py", "def test_ok():\n    assert True\n")
    return pytester


def write(pytester: pytest.Pytester, name: str, text: str) -> None:
    path = pytester.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def finding_lines(lines: list[str]) -> list[str]:
    """The `path:line:col: CODE message` lines of a run's output, sorted and deduplicated."""
    return sorted({line for line in lines if FINDING.match(line)})
