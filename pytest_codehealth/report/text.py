"""`path:line:col: CODE message` lines, then a one-line summary."""

from __future__ import annotations

from pytest_codehealth.engine.run import Report


def render(report: Report) -> str:
    lines = [finding.format() for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    files = _plural(report.files_checked, "file")
    if not report.findings:
        return f"codehealth: {files} checked, no findings"
    broken = len({f.path for f in report.findings})
    found = _plural(len(report.findings), "finding")
    return f"codehealth: {found} in {_plural(broken, 'file')} ({files} checked)"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
