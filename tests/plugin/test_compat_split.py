"""`pytest --codehealth` with a git ref: a module split into a package keeps its old API."""

from __future__ import annotations

import pytest

from tests.plugin.compat_project import COMPLETE, CORE, INIT, OLD, STATS, report, split_repo, write

HEADER = (
    "pkg.redis_cache is not backward compatible with git HEAD:pkg/redis_cache.py "
    "(imported at run time):"
)
INIT_PATH = "pkg/redis_cache/__init__.py"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "--codehealth", "--codehealth-compat-ref", "HEAD", "-p", "no:cacheprovider", *args
    )


@pytest.mark.parametrize("dist", [["-p", "no:xdist"], ["-n", "2"]], ids=["no-xdist", "xdist"])
def test_complete_split_passes(pytester: pytest.Pytester, dist: list[str]) -> None:
    split_repo(pytester, COMPLETE)
    result = run(pytester, "-v", "-m", "codehealth", *dist)
    result.stdout.fnmatch_lines(["*compat::pkg.redis_cache*"])
    assert "FAILED" not in result.stdout.str()
    result.assert_outcomes(passed=6)
    assert "warnings summary" not in result.stdout.str()


@pytest.mark.parametrize(
    ("new", "lines"),
    [
        pytest.param(
            {**COMPLETE, "__init__.py": INIT.replace(", connect", "")},
            [f'missing: connect — add "from .core import connect" to {INIT_PATH}'],
            id="name-left-out",
        ),
        pytest.param(
            {**COMPLETE, "__init__.py": INIT.replace("RedisCache, ", "") + "\n" + CORE},
            [
                "duplicate: RedisCache — pkg.redis_cache defines its own copy of the class "
                "pkg.redis_cache.core.RedisCache (isinstance between the two fails); replace "
                f'it with "from .core import RedisCache" in {INIT_PATH}',
                "duplicate: connect — pkg.redis_cache defines its own copy of the function "
                "pkg.redis_cache.core.connect (mock.patch on one misses the other); replace "
                f'it with "from .core import connect" in {INIT_PATH}',
            ],
            id="duplicated-class",
        ),
        pytest.param(
            {**COMPLETE, "core.py": CORE.replace("port=6379", "port, *, db=0")},
            [
                "signature: connect(host, port=6379) -> connect(host, port, *, db=0): "
                "`port` lost its default (6379)"
            ],
            id="signature-break",
        ),
        pytest.param(
            {**COMPLETE, "core.py": CORE.replace("key, default=None", "key, *, default=None")},
            [
                "signature: RedisCache.get(self, key, default=None) -> "
                "RedisCache.get(self, key, *, default=None): `default` became keyword-only"
            ],
            id="method-signature-break",
        ),
        pytest.param(
            {**COMPLETE, "__init__.py": INIT.replace('"TTL"]', '"TTL"][:2]')},
            [f'__all__: missing "TTL" — add it to __all__ in {INIT_PATH}'],
            id="all-shrank",
        ),
    ],
)
def test_breaks_are_reported_one_per_line(
    pytester: pytest.Pytester, new: dict[str, str], lines: list[str]
) -> None:
    split_repo(pytester, new)
    result = run(pytester)
    assert report(result) == [HEADER, *lines]
    result.assert_outcomes(passed=5, failed=1)
    assert "Traceback" not in result.stdout.str()


def test_import_error_is_reported_as_such(pytester: pytest.Pytester) -> None:
    split_repo(pytester, {**COMPLETE, "__init__.py": "from .core import Missing\n" + INIT})
    result = run(pytester)
    lines = report(result)
    assert lines[0] == HEADER
    assert lines[1].startswith(
        "import error: `import pkg.redis_cache` raised ImportError: "
        "cannot import name 'Missing' from 'pkg.redis_cache.core'"
    )
    assert len(lines) == 2  # not one `missing:` line per name


def test_gone_name_outside_all_is_a_warning(pytester: pytest.Pytester) -> None:
    init = INIT.replace("from .metrics import helper, stats\n", "from .metrics import helper\n")
    split_repo(pytester, {**COMPLETE, "__init__.py": init})
    result = run(pytester, "-m", "codehealth", "-W", "always")
    result.assert_outcomes(passed=6, warnings=1)
    result.stdout.fnmatch_lines(
        [
            "compat::pkg.redis_cache",
            "*CompatWarning: gone: stats — public in the old module though not in its __all__",
        ]
    )


def test_script_module_needs_main(pytester: pytest.Pytester) -> None:
    old_main = 'if __name__ == "__main__":\n    print(connect("localhost"))\n'
    split_repo(pytester, COMPLETE, old=OLD + old_main)
    result = run(pytester)
    assert report(result)[1:] == [
        "python -m pkg.redis_cache: the old module ran as a script and the package has no "
        "__main__.py — add pkg/redis_cache/__main__.py that runs what the old "
        '`if __name__ == "__main__":` block ran'
    ]
    write(pytester.path, "pkg/redis_cache/__main__.py", "from .core import connect\n")
    run(pytester).assert_outcomes(passed=7)


def test_reexport_shadowing_a_submodule_the_package_never_imports(
    pytester: pytest.Pytester,
) -> None:
    init = INIT + "from .core import connect as extras\n"
    split_repo(pytester, {**COMPLETE, "extras.py": "X = 1\n", "__init__.py": init})
    result = run(pytester)
    assert report(result)[1:] == [
        "shadowing: pkg.redis_cache.extras is both a submodule and a re-exported function — "
        "which one `pkg.redis_cache.extras` gives depends on import order; rename one of them"
    ]


def test_a_submodule_rebound_by_the_package_itself_is_deterministic(
    pytester: pytest.Pytester,
) -> None:
    # pyparsing 3.0.0: `from .common import pyparsing_common as common` after importing the
    # submodule: the package's own binding always wins, whatever is imported later
    init = INIT + "from .core import connect as core\n"
    split_repo(pytester, {**COMPLETE, "__init__.py": init})
    run(pytester).assert_outcomes(passed=6)


STALE_PATCH = """\
from unittest import mock

from pkg.redis_cache import stats


def test_stats():
    with mock.patch("pkg.redis_cache.helper", return_value=2):
        assert stats() == 1  # the patch misses: stats() looks up metrics.helper
"""


@pytest.mark.parametrize("policy", ["warn", "error"])
def test_stale_patch_targets(pytester: pytest.Pytester, policy: str) -> None:
    old = """from pkg.util import helper\n\n\ndef stats():\n    return helper()\n"""
    init = "from .metrics import helper, stats\n"
    extra = f'\n[tool.codehealth.compat]\npatch-targets = "{policy}"\n'
    new = {"metrics.py": STATS, "__init__.py": init}
    split_repo(pytester, new, old=old, extra_config=extra)
    write(pytester.path, "tests/test_stats.py", STALE_PATCH)
    result = run(pytester, "-m", "codehealth", "-W", "always")
    line = (
        'patch target: tests/test_stats.py:7: "pkg.redis_cache.helper" replaces only the '
        "re-export; the code that uses it looks up its own global — patch "
        '"pkg.redis_cache.metrics.helper"'
    )
    if policy == "warn":
        result.assert_outcomes(passed=6, warnings=1)
        result.stdout.fnmatch_lines([f"*CompatWarning: {line}"])
    else:
        result.assert_outcomes(passed=5, failed=1)
        assert report(result)[1:] == [line]
