"""`--codehealth-compat-ref REF` never does nothing silently: alone, nothing split, a bad ref."""

from __future__ import annotations

import pytest

from tests.plugin.compat_project import COMPLETE, INIT, git, report, split_repo

LEFT_OUT = {**COMPLETE, "__init__.py": INIT.replace(", connect", "")}
MISSING = 'missing: connect — add "from .core import connect" to pkg/redis_cache/__init__.py'
NOTHING_SPLIT = "codehealth: no module became a package between `HEAD` and the working tree"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)


@pytest.mark.parametrize("args", [[], ["-m", "codehealth"]], ids=["all", "marker"])
def test_the_ref_alone_turns_on_the_compat_check(
    pytester: pytest.Pytester, args: list[str]
) -> None:
    split_repo(pytester, LEFT_OUT)
    result = run(pytester, "--codehealth-compat-ref", "HEAD", "-v", *args)
    assert report(result)[1:] == [MISSING]
    result.assert_outcomes(failed=1)  # the compat item only: the file gates stay off
    assert "::codehealth" not in result.stdout.str()


NO_ITEMS = pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        pytest.param(["--codehealth", "--codehealth-compat-ref", "HEAD"], 0, id="flag"),
        pytest.param(["--codehealth-compat-ref", "HEAD", "-n", "2"], NO_ITEMS, id="alone-xdist"),
        pytest.param(["--codehealth", "-n", "2"], 0, id="config-xdist"),
    ],
)
def test_nothing_split_since_the_ref_is_said_once(
    pytester: pytest.Pytester, args: list[str], exit_code: int
) -> None:
    root = split_repo(pytester, COMPLETE, extra_config='\n[tool.codehealth.compat]\nref = "HEAD"\n')
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "the split")  # HEAD has the package: nothing split since
    result = run(pytester, *args)
    assert "compat::" not in result.stdout.str()
    assert result.outlines.count(NOTHING_SPLIT) == 1
    assert result.ret == exit_code


def test_something_split_says_nothing_more(pytester: pytest.Pytester) -> None:
    split_repo(pytester, COMPLETE)
    result = run(pytester, "--codehealth", "--codehealth-compat-ref", "HEAD")
    assert "no module became a package" not in result.stdout.str()


def errors(result: pytest.RunResult) -> list[str]:
    """The run's error lines and any traceback: not other plugins' warnings (pytest-asyncio
    warns on stderr about its own settings in a project that has none)."""
    return [line for line in result.errlines if line.startswith(("ERROR", "Traceback", "  File"))]


@pytest.mark.parametrize("dist", [[], ["-n", "2"]], ids=["no-xdist", "xdist"])
def test_a_ref_that_does_not_exist_names_the_branches(
    pytester: pytest.Pytester, dist: list[str]
) -> None:
    root = split_repo(pytester, COMPLETE)  # its one branch is `main`
    git(root, "branch", "release")
    result = run(pytester, "--codehealth", "--codehealth-compat-ref", "master", *dist)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert errors(result) == [
        f"ERROR: codehealth: compat ref: `master` is not a branch, tag or commit of {root}; "
        "its branches: `main`, `release`"
    ]
    assert "git " not in result.stdout.str()


def test_a_repository_without_commits(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml("[tool.codehealth]\n")
    git(pytester.path, "init", "-q")
    result = run(pytester, "--codehealth-compat-ref", "main")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert errors(result) == [
        f"ERROR: codehealth: compat ref: `main` is not a branch, tag or commit of {pytester.path}"
        "; the repository has no commits yet"
    ]
