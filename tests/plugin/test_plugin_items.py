"""`pytest --codehealth`: which items exist, how they pass and fail, the marker, the switches."""

from __future__ import annotations

import pytest

from pytest_codehealth.cli.main import main
from tests.plugin.project import SILENT, SILENT_LINE, finding_lines, make_project, write

GATE_IDS = [
    "src/pkg/__init__.py::codehealth",
    "src/pkg/bad.py::codehealth",
    "src/pkg/good.py::codehealth",
    "tests/test_a.py::codehealth",
]


def collected(result: pytest.RunResult) -> list[str]:
    return sorted(line for line in result.outlines if "::" in line and " " not in line)


def test_off_without_the_switch(project: pytest.Pytester) -> None:
    result = project.runpytest()
    result.assert_outcomes(passed=1)
    assert "::codehealth" not in result.stdout.str()


def test_items_pass_and_fail_with_the_cli_lines(project: pytest.Pytester) -> None:
    result = project.runpytest("--codehealth", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=1)
    assert finding_lines(result.outlines) == [SILENT_LINE]
    result.stdout.fnmatch_lines(["*_ codehealth src/pkg/bad.py _*", SILENT_LINE, "*short test*"])
    result.stdout.fnmatch_lines(["FAILED src/pkg/bad.py::codehealth - src/pkg/bad.py:4:5: CH002*"])
    output = result.stdout.str()
    assert "Traceback" not in output
    assert "CodehealthFailure" not in output
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_collects_one_item_per_file(project: pytest.Pytester) -> None:
    result = project.runpytest("--codehealth", "--collect-only", "-q")
    assert collected(result) == sorted([*GATE_IDS, "tests/test_a.py::test_ok"])


def test_ini_switch_turns_it_on(pytester: pytest.Pytester) -> None:
    make_project(pytester, "[tool.pytest.ini_options]\ncodehealth = true\n[tool.codehealth]\n")
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=1)
    assert finding_lines(result.outlines) == [SILENT_LINE]


def test_marker_selects_only_the_gates(project: pytest.Pytester) -> None:
    result = project.runpytest("--codehealth", "-m", "codehealth", "--collect-only", "-q")
    assert collected(result) == GATE_IDS
    result = project.runpytest("--codehealth", "-m", "not codehealth", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, deselected=4)


def test_disabled_with_no_codehealth(pytester: pytest.Pytester) -> None:
    make_project(pytester, "[tool.pytest.ini_options]\ncodehealth = true\n[tool.codehealth]\n")
    result = pytester.runpytest("-p", "no:codehealth", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result = pytester.runpytest("-p", "no:codehealth", "--codehealth")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unrecognized arguments: --codehealth*"])


def test_configured_paths_join_testpaths_without_duplicates(project: pytest.Pytester) -> None:
    # `src` is in `paths` and named on the command line: still one item per file
    result = project.runpytest("--codehealth", "--collect-only", "-q", "src", "tests")
    assert collected(result) == sorted([*GATE_IDS, "tests/test_a.py::test_ok"])


def test_explicit_arguments_check_only_what_pytest_visits(project: pytest.Pytester) -> None:
    result = project.runpytest("--codehealth", "--collect-only", "-q", "tests")
    assert collected(result) == ["tests/test_a.py::codehealth", "tests/test_a.py::test_ok"]


def test_config_exclude_and_suppressions_apply(pytester: pytest.Pytester) -> None:
    make_project(pytester, '[tool.codehealth]\nexclude = ["src/pkg/bad.py"]\n')
    write(pytester, "src/pkg/quiet.py", SILENT.replace("OSError:", "OSError:  # noqa: CH002"))
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    result.assert_outcomes(passed=3)


def test_unparsable_file_fails_with_ch000(pytester: pytest.Pytester) -> None:
    write(pytester, "src/broken.py", "def f(:\n")
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    result.assert_outcomes(failed=1)
    assert finding_lines(result.outlines) == [
        "src/broken.py:1:7: CH000 syntax error: invalid syntax"
    ]


def test_per_path_options_apply(pytester: pytest.Pytester) -> None:
    make_project(pytester, '[tool.codehealth.per-path."src/**"]\nmax-lines = { max = 2 }\n')
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    result.assert_outcomes(passed=2, failed=1)
    assert finding_lines(result.outlines) == [
        "src/pkg/bad.py:1:1: CH001 module has 5 lines (limit 2)",
        SILENT_LINE,
    ]


def test_warning_severity_warns_and_passes(pytester: pytest.Pytester) -> None:
    make_project(pytester, '[tool.codehealth]\nseverity = { silent-except = "warning" }\n')
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    assert result.parseoutcomes()["passed"] == 3
    assert result.ret == pytest.ExitCode.OK
    # located at the checked file and line (with its source line), not in our code
    result.stdout.fnmatch_lines(
        [
            "src/pkg/bad.py::codehealth",
            "  src/pkg/bad.py:4: CodehealthWarning: " + SILENT_LINE,
            "    except OSError:",
        ]
    )
    assert "pytest_codehealth/plugin" not in result.stdout.str()


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        pytest.param(
            "[tool.codehealth]\nselect = ['CH999']\n",
            "*codehealth: config error: *tool.codehealth.select: unknown rule `CH999`*",
            id="unknown-rule",
        ),
        pytest.param(
            "[tool.codehealth]\npaths = ['nowhere']\n",
            "*tool.codehealth.paths: 'nowhere' does not exist*",
            id="missing-path",
        ),
    ],
)
def test_config_errors_are_usage_errors(
    pytester: pytest.Pytester, pyproject: str, message: str
) -> None:
    pytester.makepyprojecttoml(pyproject)
    result = pytester.runpytest("--codehealth")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert "Traceback" not in result.stderr.str()


def test_cli_and_plugin_agree(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(pytester, '[tool.codehealth]\npaths = ["src", "tests"]\n')
    write(pytester, "src/pkg/quiet.py", SILENT.replace("OSError:", "OSError:  # noqa: CH002"))
    write(pytester, "src/pkg/big.py", "x = 1\n" * 401)
    write(pytester, "tests/test_b.py", "import os\n" + SILENT)
    write(pytester, "src/pkg/broken.py", "def f(:\n")
    assert main(["check"]) == 1
    cli_lines = finding_lines(capsys.readouterr().out.splitlines())
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider")
    assert finding_lines(result.outlines) == cli_lines
    assert len(cli_lines) == 4
    result.assert_outcomes(passed=5, failed=4)


def test_the_config_baseline_applies_to_items(pytester: pytest.Pytester) -> None:
    make_project(pytester, '[tool.codehealth]\nbaseline = "known.json"\n')
    pytester.chdir()
    assert main(["baseline", "--no-cache", "src"]) == 0
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    result.assert_outcomes(passed=3)
    write(pytester, "src/pkg/good.py", SILENT)
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "src")
    result.assert_outcomes(passed=2, failed=1)
    assert finding_lines(result.outlines) == [SILENT_LINE.replace("bad.py", "good.py")]


def test_a_corrupt_baseline_is_a_usage_error(pytester: pytest.Pytester) -> None:
    make_project(pytester, '[tool.codehealth]\nbaseline = "known.json"\n')
    (pytester.path / "known.json").write_text("{")
    result = pytester.runpytest("--codehealth", "src")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*codehealth: *known.json: not a codehealth baseline*"])


@pytest.mark.parametrize(
    "pyproject",
    [
        pytest.param('[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', id="no-config"),
        pytest.param(
            '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n[tool.codehealth]\n', id="no-paths"
        ),
    ],
)
def test_default_run_checks_what_the_cli_checks(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str], pyproject: str
) -> None:
    # issue 13.4: `testpaths` names the tests only; the code beside them is checked too
    make_project(pytester, pyproject)
    write(pytester, "scripts/tool.py", "import os\n" + SILENT)
    assert main(["check", "--no-cache"]) == 1
    cli_lines = finding_lines(capsys.readouterr().out.splitlines())
    assert len(cli_lines) == 2
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider")
    assert finding_lines(result.outlines) == cli_lines
    result.assert_outcomes(passed=4, failed=2)
    # naming paths still checks only those
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider", "tests")
    result.assert_outcomes(passed=2)
