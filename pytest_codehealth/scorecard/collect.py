"""The working tree through the engine's one pass: its snapshot and the gates after the baseline."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import Report, run
from pytest_codehealth.rules.project.import_cycle import CODE as CYCLE_CODE
from pytest_codehealth.scorecard.model import Snapshot, snapshot

DUPLICATE_CODE = "CH030"


def measuring(settings: Settings) -> Settings:
    """The settings with sizes and scores recorded and the import graph collected."""
    selected = settings.selected | {CYCLE_CODE}
    return settings.replace(selected=selected, measure=True, _memo={})


def limits(settings: Settings) -> dict[str, int]:
    """The line and complexity limits the row labels name."""
    return {
        "lines": int(settings.options["CH001"].max),
        "complexity": int(settings.options["CH010"].max_complexity),
    }


def measure_now(
    paths: list[str], settings: Settings, cwd: Path, *, jobs: int, cache: bool
) -> tuple[Report, Snapshot]:
    """One engine run over `paths`; its report holds only the rules the user selected."""
    report = run(paths, measuring(settings), cwd, jobs=jobs, cache=cache)
    kept = selected(report.findings, settings)
    found = snapshot(report.results, report.parts, kept, duplicated(kept, settings))
    return report.replace(findings=kept), found


def selected(findings: Iterable[Finding], settings: Settings) -> list[Finding]:
    """The findings of the rules the user selected (the import graph is always measured)."""
    return [f for f in findings if f.code in settings.selected or f.code == LOAD_ERROR_CODE]


def duplicated(findings: Iterable[Finding], settings: Settings) -> int | None:
    """Lines in duplicated blocks (each copy counts), when duplicate-code (CH030) ran."""
    if DUPLICATE_CODE not in settings.selected:
        return None
    return sum(f.end_line - f.line + 1 for f in findings if f.code == DUPLICATE_CODE)


def gates(
    report: Report, settings: Settings, baseline_file: Path | None, cwd: Path
) -> list[dict[str, Any]]:
    """Per selected rule: findings now, how many the baseline holds back, pass or fail."""
    reported, known = report.findings, []
    if baseline_file is not None:
        covers = baseline.coverage(report.scope, settings, cwd)
        result = baseline.compare(report.findings, baseline.load(baseline_file), covers)
        reported, known = result.reported, result.known
    counts = Counter(finding.code for finding in reported)
    errors = Counter(finding.code for finding in reported if finding.severity != "warning")
    held = Counter(finding.code for finding in known)
    return [
        {
            "code": info.code,
            "name": info.name,
            "findings": counts[info.code],
            "baselined": held[info.code],
            "passed": errors[info.code] == 0,
        }
        for info in CATALOGUE
        if info.code in settings.selected or info.code == LOAD_ERROR_CODE
    ]
