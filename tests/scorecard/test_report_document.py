"""The scorecard document against the schema-1 contract, and the Markdown made from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from pytest_codehealth.cli.main import main
from tests.scorecard.repo import make_repo

COUNT = {"type": "integer", "minimum": 0}
STRING = {"type": "string"}
MAYBE_COUNT = {"type": ["integer", "null"]}
COMMIT_REF = {
    "type": "object",
    "required": ["ref", "commit"],
    "properties": {"ref": {"type": "string"}, "commit": {"type": ["string", "null"]}},
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "schema", "tool", "generated", "root", "now", "since", "gates", "rows", "compat",
        "files", "hotspots", "imports", "trend", "tools", "notes",
    ],
    "properties": {
        "schema": {"const": 1},
        "tool": {"type": "object", "required": ["name", "version"]},
        "generated": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"},
        "root": {"type": "string"},
        "now": COMMIT_REF,
        "since": {"oneOf": [COMMIT_REF, {"type": "null"}]},
        "gates": {"type": "array", "items": {
            "type": "object",
            "required": ["code", "name", "findings", "baselined", "passed"],
            "properties": {
                "code": {"type": "string", "pattern": "^CH\\d{3}$"}, "name": {"type": "string"},
                "findings": COUNT, "baselined": COUNT, "passed": {"type": "boolean"},
            },
        }},
        "rows": {"type": "array", "items": {
            "type": "object",
            "required": ["key", "label", "before", "after", "delta", "better", "trend"],
            "properties": {
                "before": MAYBE_COUNT, "after": MAYBE_COUNT, "delta": MAYBE_COUNT,
                "better": {"enum": ["lower", "higher"]},
                "trend": {"enum": ["improved", "worse", "same", "new"]},
            },
        }},
        "compat": {"type": "array", "items": {
            "type": "object", "required": ["module", "status", "problems"],
            "properties": {"problems": {"type": "array", "items": {"type": "string"}}},
        }},
        "files": {"type": "array", "items": {
            "type": "object",
            "required": ["path", "lines", "max_complexity", "findings", "churn", "hotspot"],
            "properties": {
                "lines": COUNT, "max_complexity": COUNT, "findings": COUNT, "churn": COUNT,
                "hotspot": {"type": "number"},
            },
        }},
        "hotspots": {"type": "array", "items": {"type": "string"}},
        "imports": {
            "type": "object", "required": ["modules", "edges", "cycles"],
            "properties": {
                "modules": {"type": "array", "items": {
                    "type": "object", "required": ["name", "path", "fan_out"],
                }},
                "edges": {"type": "array", "items": {
                    "type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2,
                }},
                "cycles": {"type": "array", "items": {"type": "array", "items": STRING}},
            },
        },
        "trend": {"type": "array", "items": {
            "type": "object", "required": ["commit", "date", "subject", "findings", "sizes"],
            "properties": {"sizes": {
                "type": "object",
                "required": ["files", "lines", "files_over_limit", "max_complexity"],
            }},
        }},
        "tools": {"type": "array", "items": {
            "type": "object", "required": ["name", "now", "since"],
        }},
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}  # fmt: skip
ROW_KEYS = [
    "files_over_limit", "largest_module_lines", "functions_over_complexity", "max_complexity",
    "p90_complexity", "import_cycles", "max_fan_out", "duplicated_lines", "silent_excepts",
    "clock_ids", "unawaited_redis",
]  # fmt: skip


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("doc") / "shop")


def _run(repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> str:  # fmt: skip
    monkeypatch.chdir(repo)
    assert main(["report", "--no-tools", "--since=main", "--history=2", *args]) == 0
    return capsys.readouterr().out


def test_the_document_keeps_the_contract(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = json.loads(_run(repo, monkeypatch, capsys, "--format=json"))
    jsonschema.validate(doc, SCHEMA)
    assert [row["key"] for row in doc["rows"]] == ROW_KEYS
    assert [point["subject"] for point in doc["trend"]] == ["The monolith", "Split big.py"]
    assert doc["compat"] == [{"module": "pkg.big", "status": "ok", "problems": [], "warnings": []}]
    assert doc["hotspots"][0] == "pkg/big/core.py"  # the most complex of the files changed


def test_markdown_key_lines(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _run(repo, monkeypatch, capsys, "--format=markdown")
    lines = text.splitlines()
    assert lines[0] == "## codehealth scorecard"
    assert lines[2].endswith(": 1 of 10 gates fail")
    expected = [
        "| CH003 `timestamp-id` | 1 | 0 | ❌ fail |",
        "| Measure | Before | After | Change |",
        "| --- | ---: | ---: | --- |",
        "| Files over 400 lines | 1 | 0 | ↓ -1 (improved) |",
        "| Largest module (lines) | 1000 | 242 | ↓ -758 (improved) |",
        "| Maximum complexity | 15 | 5 | ↓ -10 (improved) |",
        "| Import cycles | 1 | 0 | ↓ -1 (improved) |",
        "| Clock-based ids | 0 | 1 | ↑ +1 (worse) |",
        "| 90th-percentile complexity | 1 | 1 | = |",
        "| `pkg.big` | ok |  |",
        "| `pkg/big/core.py` | 1 | 5 | 10 | 0 |",
    ]
    assert [line for line in expected if line not in lines] == []
    assert "### Trend (last 2 commits)" in lines
    assert "<" not in text  # no HTML: a step summary and a PR comment show it as is
