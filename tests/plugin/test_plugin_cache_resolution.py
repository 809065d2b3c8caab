"""The plugin's cache of clean results follows where imports lead (see
`tests/test_cache_resolution.py` for the families of change and the CLI's cache)."""

from __future__ import annotations

import pytest

from pytest_codehealth.plugin import session  # noqa: F401  # loaded before pytester's snapshot
from tests.plugin.project import finding_lines
from tests.test_cache_resolution import FAMILIES, Change, _write

# the plugin records passes only: a deleted module a pass read makes its record stale
PLUGIN_FAMILIES = [param for param in FAMILIES if "deleted" not in str(param.id)]


@pytest.mark.parametrize(("files", "change"), PLUGIN_FAMILIES)
def test_the_plugins_cache_follows_imports_that_now_resolve_differently(
    pytester: pytest.Pytester, files: dict[str, str], change: Change
) -> None:
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    for name, text in files.items():
        _write(pytester.path, name, text)
    pytester.runpytest("--codehealth", "-p", "no:randomly")
    change(pytester.path)
    warm = pytester.runpytest("--codehealth", "-p", "no:randomly")
    cold = pytester.runpytest("--codehealth", "-p", "no:randomly", "-p", "no:cacheprovider")
    assert finding_lines(warm.outlines) == finding_lines(cold.outlines)
    assert warm.parseoutcomes() == cold.parseoutcomes()
