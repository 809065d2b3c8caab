"""Text and JSON output: warnings marked and counted apart, counts in singular and plural."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.words import plural
from pytest_codehealth.engine.run import Report
from pytest_codehealth.report.text import summary

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
MESSAGE = "`except OSError` swallows the error silently"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "long.py").write_text("x = 1\n" * 5)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def _finding(path: str, severity: str = "error") -> Finding:
    return Finding(path, 1, 1, "CH002", "silent-except", "m", severity=severity)


SUMMARIES = [
    pytest.param([], 1, "codehealth: 1 file checked, no findings", id="clean-one"),
    pytest.param([], 0, "codehealth: 0 files checked, no findings", id="clean-none"),
    pytest.param(
        [_finding("a.py")], 1, "codehealth: 1 finding in 1 file (1 file checked)", id="one-error"
    ),
    pytest.param(
        [_finding("a.py"), _finding("b.py")],
        1_200,
        "codehealth: 2 findings in 2 files (1,200 files checked)",
        id="errors",
    ),
    pytest.param(
        [_finding("a.py", "warning")],
        2,
        "codehealth: 1 warning in 1 file (2 files checked)",
        id="one-warning",
    ),
    pytest.param(
        [_finding("a.py", "warning"), _finding("a.py", "warning")],
        2,
        "codehealth: 2 warnings in 1 file (2 files checked)",
        id="warnings",
    ),
    pytest.param(
        [_finding("a.py"), _finding("a.py"), _finding("b.py", "warning")],
        3,
        "codehealth: 2 errors and 1 warning in 2 files (3 files checked)",
        id="errors-and-a-warning",
    ),
    pytest.param(
        [_finding("a.py"), _finding("b.py", "warning"), _finding("c.py", "warning")],
        3,
        "codehealth: 1 error and 2 warnings in 3 files (3 files checked)",
        id="an-error-and-warnings",
    ),
]


@pytest.mark.parametrize(("findings", "checked", "expected"), SUMMARIES)
def test_summary_counts_errors_and_warnings_apart(
    findings: list[Finding], checked: int, expected: str
) -> None:
    assert summary(Report(findings=findings, files_checked=checked)) == expected


@pytest.mark.parametrize(
    ("count", "noun", "nouns", "expected"),
    [
        (0, "file", None, "0 files"),
        (1, "file", None, "1 file"),
        (2, "file", None, "2 files"),
        (1, "entry", "entries", "1 entry"),
        (3, "entry", "entries", "3 entries"),
        (12_345, "finding", None, "12,345 findings"),
    ],
)
def test_plural(count: int, noun: str, nouns: str | None, expected: str) -> None:
    assert plural(count, noun, nouns) == expected


def test_warnings_are_marked_in_text_and_do_not_fail(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.codehealth]\nseverity = { silent-except = "warning" }\n'
        "[tool.codehealth.max-lines]\nmax = 4\n"
    )
    assert _run(capsys, "check") == (
        1,
        [
            f"bad.py:3:1: CH002 [warning] {MESSAGE}",
            "long.py:1:1: CH001 module has 5 lines (limit 4)",
            "codehealth: 1 error and 1 warning in 2 files (2 files checked)",
        ],
        [],
    )
    assert _run(capsys, "check", "bad.py") == (
        0,
        [
            f"bad.py:3:1: CH002 [warning] {MESSAGE}",
            "codehealth: 1 warning in 1 file (1 file checked)",
        ],
        [],
    )


def test_a_marked_warning_keeps_the_editor_shape(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`path:line:col: CODE message` still parses; the marker is the message's first word."""
    (project / "pyproject.toml").write_text('[tool.codehealth]\nseverity = { CH002 = "warning" }\n')
    line = _run(capsys, "check", "bad.py")[1][0]
    shape = re.fullmatch(
        r"(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>CH\d{3}) (?P<rest>.*)", line
    )
    assert shape is not None
    assert (shape["path"], shape["line"], shape["col"], shape["code"]) == (
        "bad.py",
        "3",
        "1",
        "CH002",
    )
    assert shape["rest"] == f"[warning] {MESSAGE}"


def test_json_gives_each_finding_its_severity(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.codehealth]\nseverity = { CH002 = "warning" }\n'
        "[tool.codehealth.max-lines]\nmax = 4\n"
    )
    code, out, _ = _run(capsys, "check", "--format", "json")
    document = json.loads("\n".join(out))
    assert (code, document["version"]) == (1, 1)  # a new field: the version stays (README)
    assert [(f["code"], f["severity"]) for f in document["findings"]] == [
        ("CH002", "warning"),
        ("CH001", "error"),
    ]
    assert list(document["findings"][0])[-1] == "severity"  # added last, old keys in place
