"""What a run reports of a file without analysing it: its bytes or CH000, and severities.

Shared by the run (`run.py`), which serves most files from the cache, and the analysis
(`analysis.py`); nothing here imports analysis code (`identity` only for a CH000).
"""

from __future__ import annotations

from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.reading import LOAD_ERROR_CODE, load_error, read
from pytest_codehealth.engine.discovery import Target


def read_target(target: Target, limit: int | None) -> bytes | Finding:
    """The file's bytes, or CH000: a folder that could not be listed, a file not read."""
    if target.problem is not None:
        return load_error(target.display, 1, 1, target.problem)
    return read(target.path, target.display, limit)


def unreadable(finding: Finding) -> FileResult:
    """The result of a file that could not be checked: its CH000, with its identity."""
    from pytest_codehealth.engine.identity import identify  # noqa: PLC0415  # only for CH000

    return FileResult(identify([finding], [], None))


def severities(findings: list[Finding], settings: FileSettings) -> list[Finding]:
    """The findings, those of rules set to `warning` marked so (CH000 always fails)."""
    if not settings.warnings:
        return findings
    return [
        finding.replace(severity="warning")
        if finding.code in settings.warnings and finding.code != LOAD_ERROR_CODE
        else finding
        for finding in findings
    ]
