"""What one tree measures (a `Snapshot`), and the before/after rows two snapshots make."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.engine.metrics import METRICS
from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.project.import_cycle import CODE as CYCLE_CODE
from pytest_codehealth.rules.project.import_cycle import ModuleGraph, module_graph

# key, label ({lines} and {complexity} are the limits in force)
ROWS: tuple[tuple[str, str], ...] = (
    ("files_over_limit", "Files over {lines} lines"),
    ("largest_module_lines", "Largest module (lines)"),
    ("functions_over_complexity", "Functions over complexity {complexity}"),
    ("max_complexity", "Maximum complexity"),
    ("p90_complexity", "90th-percentile complexity"),
    ("import_cycles", "Import cycles"),
    ("max_fan_out", "Maximum fan-out (project modules imported)"),
    ("duplicated_lines", "Duplicated lines"),
    ("silent_excepts", "Silent excepts"),
    ("clock_ids", "Clock-based ids"),
    ("unawaited_redis", "Unawaited Redis calls"),
)
COUNTED = {
    "files_over_limit": ("CH001",),
    "functions_over_complexity": ("CH010",),
    "silent_excepts": ("CH002",),
    "clock_ids": ("CH003", "CH004"),
    "unawaited_redis": ("CH005",),
}


@dataclass(frozen=True)
class FileMeasure:
    """One checked file: its lines, its worst function's score, its findings."""

    path: str
    lines: int
    max_complexity: int
    findings: int


@dataclass
class Snapshot:
    """A tree as measured: per file, every function's score, findings by code, the graph."""

    files: dict[str, FileMeasure]
    complexities: list[int]
    counts: Counter[str]
    graph: ModuleGraph
    duplicated: int | None = None  # None: duplicate-code (CH030) did not run

    def fan_out(self) -> dict[str, int]:
        """Module -> how many other project modules it imports."""
        found: Counter[str] = Counter(
            source for source, target in self.graph.edges if source != target
        )
        return {name: found[name] for name in self.graph.modules}

    def values(self) -> dict[str, int | None]:
        """The before/after row values, by row key."""
        values: dict[str, int | None] = {
            key: sum(self.counts[code] for code in codes) for key, codes in COUNTED.items()
        }
        ordered = sorted(self.complexities)
        values["largest_module_lines"] = max((f.lines for f in self.files.values()), default=0)
        values["max_complexity"] = ordered[-1] if ordered else 0
        values["p90_complexity"] = ordered[math.ceil(0.9 * len(ordered)) - 1] if ordered else 0
        values["import_cycles"] = len(self.graph.cycles)
        values["max_fan_out"] = max(self.fan_out().values(), default=0)
        values["duplicated_lines"] = self.duplicated
        return values


def snapshot(
    results: Mapping[str, FileResult],
    parts: Mapping[str, tuple[str, ...]],
    findings: Iterable[Finding],
    duplicated: int | None = None,
) -> Snapshot:
    """Measure a tree from its files' results (with the `METRICS` fact) and all its findings."""
    found = list(findings)
    per_file = Counter(finding.path for finding in found)
    files, complexities = {}, []
    for display, result in sorted(results.items()):
        metrics: dict[str, Any] = result.facts.get(METRICS) or {"lines": 0, "complexity": []}
        scores = [int(score) for score in metrics["complexity"]]
        complexities.extend(scores)
        worst = max(scores, default=0)
        files[display] = FileMeasure(display, int(metrics["lines"]), worst, per_file[display])
    project = [
        ProjectFile(display, parts[display], result.facts[CYCLE_CODE])
        for display, result in sorted(results.items())
        if CYCLE_CODE in result.facts
    ]
    counts = Counter(finding.code for finding in found)
    return Snapshot(files, complexities, counts, module_graph(project), duplicated)


def trend_of(before: int | None, after: int | None) -> str:
    """improved | worse | same | new (nothing to compare with); every row is lower-is-better."""
    if before is None:
        return "new" if after is not None else "same"
    if after is None or after == before:
        return "same"
    return "improved" if after < before else "worse"


def rows(
    after: Snapshot, before: Snapshot | None, limits: Mapping[str, int]
) -> list[dict[str, Any]]:
    """The before/after table: one row per key of `ROWS`, with its delta and trend."""
    now = after.values()
    then = before.values() if before is not None else {}
    table = []
    for key, label in ROWS:
        old, new = then.get(key), now[key]
        delta = new - old if new is not None and old is not None else None
        table.append(
            {
                "key": key,
                "label": label.format(**limits),
                "before": old,
                "after": new,
                "delta": delta,
                "better": "lower",
                "trend": trend_of(old, new),
            }
        )
    return table


@dataclass
class Scorecard:
    """Everything the report shows; `json_doc.document` turns it into the schema-1 document."""

    root: str
    now_commit: str | None
    since: dict[str, str] | None
    gates: list[dict[str, Any]]
    after: Snapshot
    before: Snapshot | None
    limits: dict[str, int]
    compat: list[dict[str, Any]] = field(default_factory=list)
    churn: dict[str, int] = field(default_factory=dict)
    trend: list[dict[str, Any]] = field(default_factory=list)
    tools: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
