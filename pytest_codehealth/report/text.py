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
    """`N findings in M files (K files checked)`; errors and warnings apart when both occur,
    and what the baseline held back."""
    files = plural(report.files_checked, "file")
    held = f"{report.baselined:,} in the baseline" if report.baselined else ""
    if not report.findings:
        return f"codehealth: {files} checked, " + (
            f"no new findings ({held})" if held else "no findings"
        )
    broken = len({f.path for f in report.findings})
    notes = [f"{files} checked", *([held] if held else [])]
    found = _counts(report, "new " if held else "")
    return f"codehealth: {found} in {plural(broken, 'file')} ({', '.join(notes)})"


def _counts(report: Report, new: str) -> str:
    errors = len(report.errors)
    warnings = len(report.findings) - errors
    if not warnings:
        return plural(errors, f"{new}finding")
    if not errors:
        return plural(warnings, f"{new}warning")
    return f"{plural(errors, f'{new}error')} and {plural(warnings, 'warning')}"
