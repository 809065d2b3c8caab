"""`path:line:col: CODE message` lines, then a one-line summary.

A warning keeps that shape with `[warning]` as the message's first word, so editors and
problem matchers that read `path:line:col: CODE message` still read it.
"""

from __future__ import annotations

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.words import plural
from pytest_codehealth.engine.run import Report


def render(report: Report) -> str:
    lines = [line(finding) for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def line(finding: Finding) -> str:
    mark = " [warning]" if finding.severity == "warning" else ""
    where = f"{finding.path}:{finding.line}:{finding.col}"
    return f"{where}: {finding.code}{mark} {finding.message}"


def summary(report: Report) -> str:
    """`N findings in M files (K files checked)`; errors and warnings apart when both occur."""
    files = plural(report.files_checked, "file")
    if not report.findings:
        return f"codehealth: {files} checked, no findings"
    broken = len({f.path for f in report.findings})
    notes = [f"{files} checked"]  # more notes go here, in the order they read
    return f"codehealth: {_counts(report)} in {plural(broken, 'file')} ({', '.join(notes)})"


def _counts(report: Report) -> str:
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    if not warnings:
        return plural(errors, "finding")
    if not errors:
        return plural(warnings, "warning")
    return f"{plural(errors, 'error')} and {plural(warnings, 'warning')}"
