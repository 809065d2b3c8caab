"""GitLab Code Quality: a JSON array of issues, for `artifacts: reports: codequality`.

GitLab reads `description`, `check_name`, `fingerprint`, `severity` (`info`, `minor`,
`major`, `critical`, `blocker`) and `location.path` with `location.lines.begin`, the path
relative to the project's root (`$CI_PROJECT_DIR` in a job). The fingerprint is the
finding's identity fingerprint (as in `--format json` and SARIF), so GitLab's merge request
widget matches a finding across commits even when lines move; twins get a derived one, since
GitLab shows only one issue per fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE
from pytest_codehealth.engine.run import Report


def render(report: Report, project_dir: str | None = None, cwd: str | None = None) -> str:
    """The issues; with `project_dir`, paths are made relative to it (from `cwd`)."""
    seen: set[str] = set()
    issues = [
        _issue(finding, _path(finding.path, project_dir, cwd), seen) for finding in report.findings
    ]
    return json.dumps(issues, indent=2) + "\n"


def _issue(finding: Finding, path: str, seen: set[str]) -> dict[str, Any]:
    return {
        "description": f"{finding.code} {finding.message}",
        "check_name": finding.code,
        "fingerprint": _unique(finding, seen),
        "severity": _severity(finding),
        "location": {
            "path": path,
            "lines": {"begin": finding.line, "end": max(finding.line, finding.end_line)},
        },
    }


def _severity(finding: Finding) -> str:
    if finding.code == LOAD_ERROR_CODE:
        return "critical"  # the file could not be checked at all
    return "minor" if finding.severity == "warning" else "major"


def _unique(finding: Finding, seen: set[str]) -> str:
    """The identity fingerprint, or one derived from it (and the place) if already used."""
    fingerprint = finding.fingerprint
    salt = 0
    while not fingerprint or fingerprint in seen:
        key = "\0".join(
            (finding.fingerprint, finding.path, finding.code, str(finding.line), str(salt))
        )
        fingerprint = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        salt += 1
    seen.add(fingerprint)
    return fingerprint


def _path(path: str, project_dir: str | None, cwd: str | None) -> str:
    """Relative to the project's root when it holds the file; never `./x` or absolute if
    avoidable (GitLab wants paths from the root)."""
    if project_dir:
        absolute = Path(os.path.abspath(os.path.join(cwd or os.curdir, path)))
        try:
            return absolute.relative_to(os.path.abspath(project_dir)).as_posix()
        except ValueError:
            return path  # outside the project: GitLab cannot place it anyway
    return path.removeprefix("./")
