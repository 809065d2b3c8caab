"""Findings of rules set to `severity = "warning"`: pytest warnings at the checked file's line."""

from __future__ import annotations

import warnings

from pytest_codehealth.core.findings import Finding


class CodehealthWarning(UserWarning):
    """A finding of a rule configured with `severity = "warning"`: shown, never failing."""


def warn_about(findings: list[Finding]) -> list[Finding]:
    """Warn for each warning-severity finding, located at its file and line; the rest fail."""
    for finding in findings:
        if finding.severity == "warning":
            # pytest shows the location given (and its source line), not the line of this call
            warnings.warn_explicit(finding.format(), CodehealthWarning, finding.path, finding.line)
    return [finding for finding in findings if finding.severity != "warning"]
