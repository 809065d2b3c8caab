"""Our items next to other plugins' hooks that expect every item to look like a test function.

Some plugins' `pytest_runtest_call` wrappers read `item.funcargs` and return before yielding when
it is missing (pytest-lsp 1.0.1 does: every non-function item then errors with "did not yield").
Every item we make carries an empty `funcargs`, as a test function without fixtures has.
"""

from __future__ import annotations

import pytest

from tests.plugin.compat_project import COMPLETE, split_repo
from tests.plugin.project import make_project, write
from tests.plugin.test_plugin_project import project_with_a_cycle

# a wrapper shaped like those plugins': it gives up on items without `funcargs`
EXPECTS_FUNCARGS = """
import pytest

@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    if not hasattr(item, "funcargs"):
        return
    seen = [value for value in item.funcargs.values() if value is not None]
    yield
    del seen
"""


def _gates(pytester: pytest.Pytester) -> tuple[str, ...]:
    make_project(pytester)
    return ("src/pkg/bad.py::codehealth FAILED*",)


def _project_rules(pytester: pytest.Pytester) -> tuple[str, ...]:
    project_with_a_cycle(pytester)
    return ("codehealth-project::import-cycle FAILED*",)


def _compat(pytester: pytest.Pytester) -> tuple[str, ...]:
    split_repo(pytester, COMPLETE)
    return ("*compat::pkg.redis_cache PASSED*", "--codehealth-compat-ref", "HEAD")


@pytest.mark.parametrize(
    "build", [_gates, _project_rules, _compat], ids=["file", "project", "compat"]
)
def test_items_run_under_a_wrapper_that_reads_funcargs(
    pytester: pytest.Pytester, build: object
) -> None:
    assert callable(build)
    expected, *args = build(pytester)
    write(pytester, "conftest.py", EXPECTS_FUNCARGS)
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "-v", *args)
    output = result.stdout.str()
    assert "did not yield" not in output
    assert "INTERNALERROR" not in output
    result.stdout.fnmatch_lines([expected])
