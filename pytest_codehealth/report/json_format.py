"""A stable JSON document; the schema is documented in the README (`version` bumps on change)."""

from __future__ import annotations

import json

from pytest_codehealth import __version__
from pytest_codehealth.engine.run import Report

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "codehealth", "version": __version__},
        "files_checked": report.files_checked,
        "baselined": report.baselined,
        "findings": [
            {
                "path": finding.path,
                "line": finding.line,
                "column": finding.col,
                "code": finding.code,
                "name": finding.name,
                "message": finding.message,
                "fingerprint": finding.fingerprint,
                "severity": finding.severity,  # "error" or "warning"
            }
            for finding in report.findings
        ],
    }
    return json.dumps(document, indent=2) + "\n"
