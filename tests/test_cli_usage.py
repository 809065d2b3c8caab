"""Tool problems are usage errors: a missing extra, a closed pipe, nothing to check."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pytest_codehealth.rules.project
from pytest_codehealth.cli import main as main_module
from pytest_codehealth.cli.arguments import terminal_columns
from pytest_codehealth.cli.main import main

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
NEEDS_PYLINT = (
    "codehealth: error: duplicate-code (CH030) needs pylint 3.3 or later: "
    "`pip install 'pytest-codehealth[duplicates]'`"
)
SCRIPT = Path(sys.executable).parent / "codehealth"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def without_pylint(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("pylint", "pylint.checkers", "pylint.checkers.symilar"):
        monkeypatch.setitem(sys.modules, name, None)  # `import pylint` raises ImportError
    monkeypatch.delitem(sys.modules, "pytest_codehealth.rules.project._symilar", raising=False)
    monkeypatch.delattr(pytest_codehealth.rules.project, "_symilar", raising=False)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# a selected rule whose optional dependency is missing: exit 2 naming the extra


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--extend-select", "CH030"],
        ["check", "--select", "duplicate-code", "bad.py"],
        ["check", "--extend-select", "CH030", "--format", "json"],
        ["baseline", "--extend-select", "CH030"],
    ],
    ids=["check", "one-file", "json", "baseline"],
)
@pytest.mark.usefixtures("without_pylint")
def test_a_missing_extra_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    assert _run(capsys, *argv) == (2, [], [NEEDS_PYLINT])
    assert not (project / ".codehealth-baseline.json").exists()


@pytest.mark.usefixtures("without_pylint")
def test_a_missing_extra_matters_only_when_its_rule_is_selected(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "check", "--extend-select", "CH020,CH021")[0] == 1  # bad.py's CH002
    (project / "pyproject.toml").write_text('[tool.codehealth]\nextend-select = ["CH030"]\n')
    assert _run(capsys, "check", "--ignore", "CH030", "good.py")[0] == 0


# nothing to check: said on stderr, exit 0 (as ruff does); the output stays well-formed


@pytest.mark.parametrize(
    ("setup", "argv", "where"),
    [
        pytest.param("empty", ["check", "empty"], "empty", id="empty-folder"),
        pytest.param("docs", ["check", "docs"], "docs", id="no-python-files"),
        pytest.param("docs", ["check", "docs", "empty"], "docs, empty", id="two-folders"),
        pytest.param("", ["check", "--exclude", "*.py"], ".", id="all-excluded"),
    ],
)
def test_no_python_files_says_so(
    project: Path, capsys: pytest.CaptureFixture[str], setup: str, argv: list[str], where: str
) -> None:
    (project / "empty").mkdir()
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# docs\n")
    assert _run(capsys, *argv) == (
        0,
        ["codehealth: 0 files checked, no findings"],
        [f"codehealth: warning: no Python files found under {where}"],
    )


def test_no_python_files_keeps_json_valid(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "empty").mkdir()
    code, out, err = _run(capsys, "check", "--format", "json", "empty")
    assert (code, err) == (0, ["codehealth: warning: no Python files found under empty"])
    assert json.loads("\n".join(out))["findings"] == []


def test_a_baseline_of_no_python_files_says_so(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "empty").mkdir()
    code, _, err = _run(capsys, "baseline", "empty")
    assert code == 0
    assert err == [
        "codehealth: warning: no Python files found under empty",
        f"codehealth: wrote 0 entries to {project / '.codehealth-baseline.json'}",
    ]


# a closed pipe on stdout (`codehealth rules | head -1`): quiet, the command's own exit code


def _closed_pipe(cwd: Path, *argv: str) -> tuple[int, str]:
    """Run the script with stdout a pipe whose reading end is already closed."""
    read, write = os.pipe()
    os.close(read)  # every write the child makes fails with EPIPE
    try:
        done = subprocess.run(
            [str(SCRIPT), *argv],
            stdout=write,
            stderr=subprocess.PIPE,
            cwd=cwd,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)
    return done.returncode, done.stderr


@pytest.mark.integration
@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["rules"], 0),
        (["rule", "CH002"], 0),
        (["check"], 1),
        (["check", "good.py"], 0),
        (["check", "--format", "json"], 1),
        (["check", "--format", "junit"], 1),
        (["check", "--format", "gitlab"], 1),
        (["check", "--statistics"], 1),
        (["check", "--diff"], 0),
        (["--version"], 0),
        (["--help"], 0),
        (["check", "--help"], 0),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else str(value),
)
def test_a_closed_pipe_is_quiet(project: Path, argv: list[str], code: int) -> None:
    assert _closed_pipe(project, *argv) == (code, "")


@pytest.mark.parametrize("columns", ["60", "100", "", "0", "wide"])
@pytest.mark.parametrize("command", [[], ["check"], ["compat"]])
def test_help_wraps_as_argparse_wraps_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    columns: str,
    command: list[str],
) -> None:
    """Our help width (found without `shutil`) is argparse's own: same text, same wrapping."""
    monkeypatch.setenv("COLUMNS", columns)
    ours = _help(main_module._parser(), command, capsys)
    monkeypatch.setattr(main_module, "Parser", argparse.ArgumentParser)
    assert ours == _help(main_module._parser(), command, capsys)


def _help(
    parser: argparse.ArgumentParser, command: list[str], capsys: pytest.CaptureFixture[str]
) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args([*command, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("columns", "expected"), [("72", 72), (" 90 ", 90), ("0", 80), ("-5", 80), ("x", 80)]
)
def test_terminal_columns(monkeypatch: pytest.MonkeyPatch, columns: str, expected: int) -> None:
    """`COLUMNS` first; not a terminal (pytest captures stdout): 80, as `shutil` says."""
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setattr(sys, "__stdout__", None)
    assert terminal_columns() == expected
