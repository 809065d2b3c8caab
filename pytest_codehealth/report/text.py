"""`path:line:col: CODE message` lines, then a one-line summary."""

from __future__ import annotations

from pytest_codehealth.engine.run import Report


def render(report: Report) -> str:
    lines = [finding.format() for finding in report.findings]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    files = _plural(report.files_checked, "file")
    held = f"{report.baselined:,} in the baseline" if report.baselined else ""
    if not report.findings:
        return f"codehealth: {files} checked, " + (
            f"no new findings ({held})" if held else "no findings"
        )
    broken = len({f.path for f in report.findings})
    found = _plural(len(report.findings), "new finding" if held else "finding")
    checked = f"{files} checked, {held}" if held else f"{files} checked"
    return f"codehealth: {found} in {_plural(broken, 'file')} ({checked})"


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
