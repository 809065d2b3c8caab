"""The module checked is the checkout's: imported in a child process (issue 14, item 4)."""

from __future__ import annotations

import sys

import pytest

from tests.plugin.compat_project import COMPLETE, INIT, report, split_module, split_repo

LEFT_OUT = {**COMPLETE, "__init__.py": INIT.replace(", connect", "")}

# a copy of `iniconfig` (pytest imports it at start-up) that the checkout split, leaving out
# a name the installed iniconfig never had
OLD_INICONFIG = "class IniConfig:\n    def __init__(self, path, data=None): ...\n\n\n"
OLD_INICONFIG += "def parse(text):\n    return text\n"
NEW_INICONFIG = {
    "__init__.py": "from .core import IniConfig\n",
    "core.py": OLD_INICONFIG,
}


def plain_pytest(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """`pytest ...` as the console script runs it: neither the current folder nor pytester's
    PYTHONPATH is on sys.path."""
    return pytester.run(sys.executable, "-E", "-P", "-m", "pytest", "-p", "no:cacheprovider", *args)


def test_plain_pytest_imports_the_package_from_the_rootdir(pytester: pytest.Pytester) -> None:
    # was: `import error: ... ModuleNotFoundError: No module named 'pkg'` (no `pythonpath`)
    split_repo(pytester, LEFT_OUT)
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    result = plain_pytest(pytester, "--codehealth-compat-ref", "HEAD")
    assert report(result)[1:] == [
        'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py'
    ]


def test_the_checkouts_copy_of_a_pytest_dependency_is_checked(pytester: pytest.Pytester) -> None:
    # was: the installed iniconfig (already imported by pytest) was checked, its breaks
    # reported with fixes naming site-packages
    split_module(pytester.path, "iniconfig", OLD_INICONFIG, NEW_INICONFIG)
    result = plain_pytest(pytester, "--codehealth-compat-ref", "HEAD")
    assert report(result, "iniconfig") == [
        "iniconfig is not backward compatible with git HEAD:iniconfig.py (imported at run time):",
        'missing: parse — add "from .core import parse" to iniconfig/__init__.py',
    ]
    assert "site-packages" not in result.stdout.str()


def test_the_checked_code_never_runs_in_the_session(pytester: pytest.Pytester) -> None:
    marker = "import os\nos.environ['CODEHEALTH_TEST_RAN'] = '1'\n"
    split_repo(pytester, {**COMPLETE, "__init__.py": marker + INIT})
    pytester.makeconftest(
        "import os\n\ndef pytest_sessionfinish():\n"
        "    print('ran in session:', os.environ.get('CODEHEALTH_TEST_RAN', '0'))\n"
    )
    result = plain_pytest(pytester, "--codehealth-compat-ref", "HEAD", "-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*ran in session: 0*"])
