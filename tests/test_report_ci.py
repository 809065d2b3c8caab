"""CI formats beyond GitHub: GitLab Code Quality JSON and JUnit XML, checked against the
shape each consumer documents."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine.run import Report
from pytest_codehealth.report import gitlab, junit

# GitLab's "Code Quality report format" (docs.gitlab.com, ci/testing/code_quality): a JSON
# array of issues; GitLab reads these fields and ignores the rest of Code Climate's.
GITLAB_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "pattern": r"^(?!/|\./)"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {
                            "begin": {"type": "integer", "minimum": 1},
                            "end": {"type": "integer", "minimum": 1},
                        },
                    },
                },
            },
        },
    },
}

FINDINGS = [
    Finding("src/a.py", 3, 5, "CH002", "silent-except", "`except OSError` swallows", "f1"),
    Finding("src/a.py", 9, 1, "CH003", "timestamp-id", "clock id", "f2", severity="warning"),
    Finding("src/b.py", 1, 7, "CH000", "unreadable-file", "syntax error: x", "f3"),
    Finding("w.py", 1, 1, "CH002", "silent-except", "w", "f4", severity="warning"),
    Finding("src/c.py", 4, 1, "CH001", "max-lines", "too <long> & \x1b[1m", "f5", end_line=9),
]
CHECKED = ["good.py", "src/a.py", "src/b.py", "src/c.py", "w.py"]
SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"


def _report(findings: list[Finding], checked: list[str] = CHECKED) -> Report:
    return Report(findings=list(findings), files_checked=len(checked), checked=list(checked))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    return tmp_path


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


# GitLab Code Quality


@pytest.mark.parametrize("findings", [FINDINGS, []], ids=["findings", "clean"])
def test_gitlab_report_matches_the_documented_shape(findings: list[Finding]) -> None:
    document = json.loads(gitlab.render(_report(findings)))
    jsonschema.validate(document, GITLAB_SCHEMA)
    assert len(document) == len(findings)


def test_gitlab_issues_carry_code_severity_place_and_fingerprint() -> None:
    issues = json.loads(gitlab.render(_report(FINDINGS)))
    assert [
        (i["check_name"], i["severity"], i["location"]["path"], i["location"]["lines"])
        for i in issues
    ] == [
        ("CH002", "major", "src/a.py", {"begin": 3, "end": 3}),
        ("CH003", "minor", "src/a.py", {"begin": 9, "end": 9}),
        ("CH000", "critical", "src/b.py", {"begin": 1, "end": 1}),
        ("CH002", "minor", "w.py", {"begin": 1, "end": 1}),
        ("CH001", "major", "src/c.py", {"begin": 4, "end": 9}),
    ]
    assert issues[0]["description"] == "CH002 `except OSError` swallows"
    assert [issue["fingerprint"] for issue in issues] == ["f1", "f2", "f3", "f4", "f5"]


def test_gitlab_fingerprints_are_unique_even_for_twins() -> None:
    twins = [Finding("a.py", 1, 1, "CH002", "silent-except", "m", "same")] * 3
    twins.append(Finding("b.py", 2, 1, "CH002", "silent-except", "m"))  # none at all
    fingerprints = [issue["fingerprint"] for issue in json.loads(gitlab.render(_report(twins)))]
    assert fingerprints[0] == "same"
    assert len(set(fingerprints)) == 4
    assert all(fingerprints)
    again = [issue["fingerprint"] for issue in json.loads(gitlab.render(_report(twins)))]
    assert again == fingerprints


def test_gitlab_fingerprints_survive_a_line_shift(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, before = _check(capsys, "--format", "gitlab")
    (project / "bad.py").write_text("import os\n\n\n" + SWALLOW)
    after = _check(capsys, "--format", "gitlab")[1]
    first, second = json.loads(before), json.loads(after)
    assert code == 1
    assert [i["location"]["lines"]["begin"] for i in (*first, *second)] == [3, 6]
    assert first[0]["fingerprint"] == second[0]["fingerprint"]
    _, document = _check(capsys, "--format", "json")
    assert json.loads(document)["findings"][0]["fingerprint"] == second[0]["fingerprint"]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param((None, ".", "sub/bad.py"), id="no-ci"),
        pytest.param((None, "sub", "bad.py"), id="no-ci-below"),  # only the cwd is known
        pytest.param((".", ".", "sub/bad.py"), id="at-the-root"),
        pytest.param(("..", "sub", "sub/bad.py"), id="below-the-root"),
    ],
)
def test_gitlab_paths_are_relative_to_the_ci_project_dir(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str | None, str, str],
) -> None:
    project_dir, cwd, expected = case
    (project / "sub").mkdir()
    (project / "sub" / "bad.py").write_text(SWALLOW)
    (project / "bad.py").unlink()
    monkeypatch.chdir(project / cwd)
    if project_dir is not None:
        monkeypatch.setenv("CI_PROJECT_DIR", str((Path.cwd() / project_dir).resolve()))
    code, out = _check(capsys, "--format", "gitlab", ".")
    document = json.loads(out)
    jsonschema.validate(document, GITLAB_SCHEMA)
    assert (code, [issue["location"]["path"] for issue in document]) == (1, [expected])


def test_gitlab_clean_run_is_an_empty_array(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(capsys, "--format", "gitlab", "good.py") == (0, "[]\n")


# JUnit XML


def _suite(text: str) -> ET.Element:
    """The one testsuite, after checking the structure JUnit consumers read."""
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite"
    cases = list(suite)
    assert all(case.tag == "testcase" for case in cases)
    for element in (root, suite):
        assert element.get("name") == "codehealth"
        assert int(element.get("tests", "-1")) == len(cases)
        assert int(element.get("failures", "-1")) == len(suite.findall("testcase/failure"))
        assert int(element.get("errors", "-1")) == len(suite.findall("testcase/error"))
        assert int(element.get("skipped", "-1")) == 0
    for case in cases:
        assert case.get("classname") == "codehealth"
        assert case.get("name") == case.get("file")
        assert len(case.findall("failure") + case.findall("error")) <= 1
        for outcome in (*case.findall("failure"), *case.findall("error")):
            assert outcome.get("message")
            assert outcome.get("type")
            assert outcome.text
    return suite


def test_junit_has_one_testcase_per_checked_file() -> None:
    suite = _suite(junit.render(_report(FINDINGS)))
    cases = {case.get("name"): case for case in suite}
    assert list(cases) == CHECKED
    assert [child.tag for child in cases["good.py"]] == []
    assert [child.tag for child in cases["w.py"]] == ["system-out"]
    assert cases["w.py"][0].text == "w.py:1:1: CH002 [warning] w\n"
    (failure,) = cases["src/a.py"]
    assert (failure.tag, failure.get("message"), failure.get("type")) == (
        "failure",
        "1 finding: CH002",
        "codehealth",
    )
    assert failure.text == (
        "src/a.py:3:5: CH002 `except OSError` swallows\nsrc/a.py:9:1: CH003 [warning] clock id\n"
    )


def test_junit_a_file_that_cannot_be_checked_is_an_error() -> None:
    suite = _suite(junit.render(_report(FINDINGS)))
    (error,) = next(case for case in suite if case.get("name") == "src/b.py")
    assert (error.tag, error.get("message"), error.get("type")) == (
        "error",
        "cannot check this file: syntax error: x",
        "CH000",
    )


def test_junit_escapes_what_xml_cannot_hold() -> None:
    odd = Finding("caf\udce9.py", 1, 1, "CH002", "silent-except", 'a "quoted" <b> & \x00\x1b')
    suite = _suite(junit.render(_report([odd, *FINDINGS], ["caf\udce9.py", *CHECKED])))
    assert suite[0].get("name") == "caf\\udce9.py"
    assert suite[0][0].text == 'caf\\udce9.py:1:1: CH002 a "quoted" <b> & \\x00\\x1b\n'
    long = next(case for case in suite if case.get("name") == "src/c.py")
    assert long[0].text == "src/c.py:4:1: CH001 too <long> & \\x1b[1m\n"


def test_junit_lists_files_that_findings_name_beyond_the_checked_ones() -> None:
    cycle = Finding("pkg/b.py", 1, 1, "CH020", "import-cycle", "cycle", related=("pkg/a.py",))
    suite = _suite(junit.render(_report([cycle], ["pkg/a.py"])))
    assert [case.get("name") for case in suite] == ["pkg/a.py", "pkg/b.py"]


def test_junit_clean_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _check(capsys, "--format", "junit")
    suite = _suite(out)
    assert code == 1
    assert [(case.get("name"), [c.tag for c in case]) for case in suite] == [
        ("bad.py", ["failure"]),
        ("good.py", []),
    ]
    code, out = _check(capsys, "--format", "junit", "good.py")
    assert (code, suite.get("failures"), _suite(out).get("failures")) == (0, "1", "0")
