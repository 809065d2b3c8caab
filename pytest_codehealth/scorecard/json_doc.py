"""The scorecard as the schema-1 document (the contract the HTML page renders from)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pytest_codehealth import __version__
from pytest_codehealth.scorecard.model import Scorecard, rows

SCHEMA = 1
MAX_HOTSPOTS = 20


def document(card: Scorecard, generated: datetime | None = None) -> dict[str, Any]:
    """A JSON-ready dict: the keys of schema 1, in its order."""
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    files = _files(card)
    return {
        "schema": SCHEMA,
        "tool": {"name": "codehealth", "version": __version__},
        "generated": when,
        "root": card.root,
        "now": {"ref": "working tree", "commit": card.now_commit},
        "since": card.since,
        "gates": card.gates,
        "rows": rows(card.after, card.before, card.limits),
        "compat": card.compat,
        "files": files,
        "hotspots": hotspots(files),
        "imports": _imports(card),
        "trend": card.trend,
        "tools": card.tools,
        "notes": card.notes,
    }


def dumps(doc: dict[str, Any]) -> str:
    """The document as the file `--format json` writes."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _files(card: Scorecard) -> list[dict[str, Any]]:
    """Every checked file; hotspot = commits touching it times its worst function's score."""
    found = []
    for measure in card.after.files.values():
        churn = card.churn.get(measure.path, 0)
        found.append(
            {
                "path": measure.path,
                "lines": measure.lines,
                "max_complexity": measure.max_complexity,
                "findings": measure.findings,
                "churn": churn,
                "hotspot": float(churn * measure.max_complexity),
            }
        )
    return found


def hotspots(files: list[dict[str, Any]]) -> list[str]:
    """The refactoring candidates: highest churn times complexity first, then the bigger file."""
    ranked = sorted(
        (item for item in files if item["hotspot"] > 0),
        key=lambda item: (-item["hotspot"], -item["lines"], item["path"]),
    )
    return [item["path"] for item in ranked[:MAX_HOTSPOTS]]


def _imports(card: Scorecard) -> dict[str, Any]:
    graph = card.after.graph
    fan_out = card.after.fan_out()
    return {
        "modules": [
            {"name": name, "path": path, "fan_out": fan_out[name]}
            for name, path in sorted(graph.modules.items())
        ],
        "edges": [list(edge) for edge in graph.edges],
        "cycles": graph.cycles,
    }
