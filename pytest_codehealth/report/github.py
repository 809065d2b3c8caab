"""GitHub Actions workflow commands: one annotation per finding.

GitHub shows only the first 10 annotations of each kind per step, so `step_summary` renders
the findings past that as Markdown for `$GITHUB_STEP_SUMMARY`.
"""

from __future__ import annotations

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.words import plural
from pytest_codehealth.engine.run import Report
from pytest_codehealth.report.text import summary

SHOWN_PER_KIND = 10


def render(report: Report) -> str:
    lines = [_command(finding) for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def step_summary(report: Report) -> str | None:
    """Markdown listing the annotations GitHub will not show, or None if all are shown."""
    hidden = _hidden(report.findings)
    if not hidden:
        return None
    rows = [
        f"| `{f.path}:{f.line}:{f.col}` | {f.code} | {f.severity} | {_cell(f.message)} |"
        for f in hidden
    ]
    head = [
        f"### codehealth: {plural(len(hidden), 'more finding')} than GitHub annotates",
        "",
        "| where | code | severity | message |",
        "|---|---|---|---|",
    ]
    return "\n".join([*head, *rows]) + "\n"


def _hidden(findings: list[Finding]) -> list[Finding]:
    counts: dict[str, int] = {}
    hidden = []
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
        if counts[finding.severity] > SHOWN_PER_KIND:
            hidden.append(finding)
    return hidden


def _command(finding: Finding) -> str:
    kind = "warning" if finding.severity == "warning" else "error"
    props = ",".join(
        f"{key}={_property(str(value))}"
        for key, value in (
            ("file", finding.path),
            ("line", finding.line),
            ("col", finding.col),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{kind} {props}::{_data(finding.message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
