"""Load each file once, run the selected rules on the one tree, collect findings.

`run` adds what a whole run needs: the content-hash cache, a process pool when enough files
changed, and severities. A rule that crashes on a file becomes a CH000 finding for that file;
the run goes on.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from pytest_codehealth.cache import Cache
from pytest_codehealth.discovery import SKIP_DIRS, MissingPathError, Target, discover
from pytest_codehealth.findings import Finding
from pytest_codehealth.identity import identify
from pytest_codehealth.settings import FileSettings, Settings
from pytest_codehealth.source import LOAD_ERROR_CODE, LOAD_ERROR_NAME, SourceFile, parse, read
from pytest_codehealth.suppress import Suppressions

__all__ = ["SKIP_DIRS", "MissingPathError", "Report", "Target", "check_target", "discover", "run"]
POOL_THRESHOLD = 40  # below this many files to parse, a process pool costs more than it saves


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    checked: list[str] = field(default_factory=list)  # the displayed path of every file

    @property
    def errors(self) -> list[Finding]:
        """The findings that fail a run (warnings do not)."""
        return [finding for finding in self.findings if finding.severity != "warning"]


def check_target(target: Target, settings: FileSettings) -> list[Finding]:
    """All findings for one file: CH000 if it cannot be loaded, else every selected rule's."""
    data = read(target.path, target.display)
    if isinstance(data, Finding):
        return identify([data], [], None)
    return check_bytes(target.display, data, settings)


def check_bytes(display: str, data: bytes, settings: FileSettings) -> list[Finding]:
    loaded = parse(data, display)
    if isinstance(loaded, Finding):
        return identify([loaded], [], None)
    return check_source(loaded, settings)


def check_source(src: SourceFile, settings: FileSettings) -> list[Finding]:
    found: list[Finding] = []
    for rule, options in settings.rules:
        if rule.check is None:
            continue
        try:
            found.extend(rule.check(src, options))
        except Exception as exc:  # a bug of ours must not hide the other gates' findings
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            message = f"rule {rule.code} ({rule.name}) failed on this file: {reason}"
            found.append(src.finding_at(1, 1, LOAD_ERROR_CODE, LOAD_ERROR_NAME, message))
    if not found:
        return []
    suppressions = Suppressions(src.text, src.lines)
    kept = [finding for finding in found if not suppressions.hides(finding)]
    return identify(kept, src.lines, src.tree)


@dataclass(frozen=True)
class _Pending:
    target: Target
    data: bytes
    settings: FileSettings
    key: str


def run(
    paths: Sequence[str], settings: Settings, cwd: Path, *, jobs: int = 1, cache: bool = False
) -> Report:
    """Check every file under `paths`; never raises for a bad file."""
    store = Cache(settings.root) if cache else None
    report = Report()
    pending: list[_Pending] = []
    for target in discover(paths, settings, cwd):
        report.files_checked += 1
        report.checked.append(target.display)
        file_settings = settings.for_parts(target.parts)
        data = read(target.path, target.display)
        if isinstance(data, Finding):
            report.findings.extend(identify([data], [], None))
            continue
        key = Cache.key(file_settings.fingerprint, target.display, data) if store else ""
        hit = store.get(key) if store else None
        if hit is None:
            pending.append(_Pending(target, data, file_settings, key))
        else:
            report.findings.extend(_severities(hit, file_settings))
    for item, findings in zip(pending, _check_all(pending, jobs), strict=True):
        if store:
            store.put(item.key, findings)
        report.findings.extend(_severities(findings, item.settings))
    report.findings.sort()
    return report


def _check_all(pending: list[_Pending], jobs: int) -> list[list[Finding]]:
    if jobs <= 1 or len(pending) < POOL_THRESHOLD:
        return [check_bytes(item.target.display, item.data, item.settings) for item in pending]
    workers = min(jobs, len(pending) // (POOL_THRESHOLD // 2))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        chunk = max(1, len(pending) // (workers * 8))
        displays = [item.target.display for item in pending]
        return list(
            pool.map(
                check_bytes,
                displays,
                [item.data for item in pending],
                [item.settings for item in pending],
                chunksize=chunk,
            )
        )


def _severities(findings: list[Finding], settings: FileSettings) -> list[Finding]:
    if not settings.warnings:
        return findings
    return [
        replace(finding, severity="warning")
        if finding.code in settings.warnings and finding.code != LOAD_ERROR_CODE
        else finding
        for finding in findings
    ]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
