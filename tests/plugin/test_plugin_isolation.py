"""Gate items never import the checked code: no `__init__.py` or module of the project runs."""

from __future__ import annotations

import re

import pytest

from tests.plugin.project import SILENT, write

# each file records that it ran; `app/boom` fails on import like an app missing its settings
MARKS = "import pathlib\npathlib.Path(__file__).with_suffix('.imported').touch()\n"
BOOM = MARKS + "import os\nURL = os.environ['CODEHEALTH_TEST_NO_SUCH_VARIABLE']\n"
PYPROJECT = """
[tool.pytest.ini_options]
testpaths = ["tests"]

[tool.codehealth]
paths = ["app", "tests"]
"""
OUTCOME = re.compile(
    r"^(?P<id1>\S+::\S+) (?P<outcome1>[A-Z]+)"  # plain: `app/x.py::codehealth PASSED`
    r"|(?P<outcome2>[A-Z]+) (?P<id2>\S+::\S+) *$"  # xdist: `[gw0] [ 20%] PASSED app/x.py::...`
)
APP_ITEMS = [
    "app/__init__.py::codehealth",
    "app/boom/__init__.py::codehealth",
    "app/cache/__init__.py::codehealth",
    "app/cache/store.py::codehealth",
    "app/models.py::codehealth",
]


def _app(pytester: pytest.Pytester, pyproject: str = PYPROJECT) -> None:
    pytester.makepyprojecttoml(pyproject)
    write(pytester, "app/__init__.py", MARKS)
    write(pytester, "app/models.py", MARKS + "from app.cache import store\n")
    write(pytester, "app/cache/__init__.py", MARKS)
    write(pytester, "app/cache/store.py", MARKS + SILENT)
    write(pytester, "app/boom/__init__.py", BOOM)
    write(pytester, "tests/test_ok.py", "def test_ok():\n    assert True\n")


def _outcomes(result: pytest.RunResult) -> dict[str, str]:
    """Node id -> PASSED/FAILED/ERROR/..., from `-v` output (with or without xdist)."""
    found = {}
    for line in result.outlines:
        if match := OUTCOME.search(line):
            found[match["id1"] or match["id2"]] = match["outcome1"] or match["outcome2"]
    return found


TESTS_ITEM = "tests/test_ok.py::codehealth"


ROOTDIR = "[tool.codehealth]\n"


@pytest.mark.parametrize(
    ("pyproject", "args", "items"),
    [
        pytest.param(PYPROJECT, ["-m", "codehealth", "app"], APP_ITEMS, id="marker-explicit-path"),
        pytest.param(PYPROJECT, ["app"], APP_ITEMS, id="explicit-path"),
        pytest.param(PYPROJECT, ["app/cache", "app/boom"], APP_ITEMS[1:4], id="subfolders"),
        pytest.param(PYPROJECT, ["-m", "codehealth"], [*APP_ITEMS, TESTS_ITEM], id="default"),
        pytest.param(ROOTDIR, ["-m", "codehealth"], [*APP_ITEMS, TESTS_ITEM], id="rootdir"),
        pytest.param(
            ROOTDIR, ["-m", "codehealth", "-n", "2"], [*APP_ITEMS, TESTS_ITEM], id="xdist"
        ),
        pytest.param(PYPROJECT, ["-n", "2", "app"], APP_ITEMS, id="xdist-explicit-path"),
    ],
)
def test_gate_items_never_import_the_code(
    pytester: pytest.Pytester, pyproject: str, args: list[str], items: list[str]
) -> None:
    _app(pytester, pyproject)
    result = pytester.runpytest_subprocess("--codehealth", "-p", "no:cacheprovider", "-v", *args)
    assert sorted(path.name for path in pytester.path.rglob("*.imported")) == []
    expected = dict.fromkeys(items, "PASSED")
    expected["app/cache/store.py::codehealth"] = "FAILED"
    assert _outcomes(result) == expected
    assert "KeyError" not in result.stdout.str()
    assert result.ret == pytest.ExitCode.TESTS_FAILED


PACKAGE_FIXTURE = """\
import pathlib
import pytest

@pytest.fixture(scope="package", autouse=True)
def once():
    with (pathlib.Path(__file__).parent / "setups.log").open("a") as log:
        log.write("setup\\n")
"""


def test_tests_still_run_under_their_packages(pytester: pytest.Pytester) -> None:
    # the user's tests import the app as they always did; the gates come after them, so a
    # package-scoped fixture is set up once, not again after each gate
    _app(pytester)
    write(pytester, "tests/__init__.py", "")
    write(pytester, "tests/conftest.py", PACKAGE_FIXTURE)
    write(pytester, "tests/test_app.py", "from app import models\n\ndef test_app():\n    pass\n")
    result = pytester.runpytest_subprocess("--codehealth", "-p", "no:cacheprovider", "-v")
    ran = [line.split()[0] for line in result.outlines if line.endswith("%]")]
    assert ran[:2] == ["tests/test_app.py::test_app", "tests/test_ok.py::test_ok"]
    assert len(ran) == 2 + len(APP_ITEMS) + 4
    assert all(nodeid.endswith("::codehealth") for nodeid in ran[2:])
    assert (pytester.path / "tests" / "setups.log").read_text() == "setup\n"
    assert (pytester.path / "app" / "models.imported").exists()  # imported by the test
