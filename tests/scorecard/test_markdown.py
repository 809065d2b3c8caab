"""The Markdown renderer on hand-made documents: each section's lines."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_codehealth.scorecard.markdown import render


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "now": {"ref": "working tree", "commit": None},
        "since": None,
        "gates": [{"code": "CH001", "name": "max-lines", "findings": 0, "baselined": 2,
                   "passed": True}],
        "rows": [],
        "compat": [],
        "files": [],
        "hotspots": [],
        "trend": [],
        "tools": [],
        "notes": [],
    }  # fmt: skip
    doc.update(changes)
    return doc


def _row(before: int | None, after: int | None, trend: str) -> dict[str, Any]:
    delta = after - before if before is not None and after is not None else None
    return {"key": "k", "label": "Files | over", "before": before, "after": after,
            "delta": delta, "better": "lower", "trend": trend}  # fmt: skip


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            _row(8, 0, "improved"), "| Files \\| over | 8 | 0 | ↓ -8 (improved) |", id="down"
        ),
        pytest.param(_row(1, 3, "worse"), "| Files \\| over | 1 | 3 | ↑ +2 (worse) |", id="up"),
        pytest.param(_row(2, 2, "same"), "| Files \\| over | 2 | 2 | = |", id="same"),
        pytest.param(_row(None, 4, "new"), "| Files \\| over | n/a | 4 | new |", id="new"),
        pytest.param(_row(None, None, "same"), "| Files \\| over | n/a | n/a |  |", id="none"),
    ],
)
def test_rows(row: dict[str, Any], expected: str) -> None:
    assert expected in render(_doc(rows=[row])).splitlines()


def test_headline_without_git() -> None:
    lines = render(_doc()).splitlines()
    assert lines[:3] == ["## codehealth scorecard", "", "working tree: all gates pass"]
    assert "### Now" in lines
    assert "| CH001 `max-lines` | 0 | 2 | ✅ pass |" in lines


def test_headline_against_a_ref() -> None:
    doc = _doc(
        now={"ref": "working tree", "commit": "a" * 40},
        since={"ref": "origin/main", "commit": "b" * 40},
        gates=[{"code": "CH002", "name": "silent-except", "findings": 3, "baselined": 0,
                "passed": False}],
    )  # fmt: skip
    lines = render(doc).splitlines()
    assert lines[2] == (
        "working tree (`aaaaaaaaaa`) against `origin/main` (`bbbbbbbbbb`): 1 of 1 gates fail"
    )
    assert "### Before → after (since `origin/main`)" in lines


def test_tools_and_notes() -> None:
    tools = [
        {"name": "ruff", "now": {"total": 12, "by_prefix": {"F": 9, "E": 3}},
         "since": {"total": 20, "by_prefix": {"E": 5, "F": 15}}},
        {"name": "mypy", "now": {"total": 4}, "since": None},
    ]  # fmt: skip
    lines = render(_doc(tools=tools, notes=["mypy failed at the ref: x"])).splitlines()
    assert "| ruff | 12 (E 3, F 9) | 20 (E 5, F 15) |" in lines
    assert "| mypy | 4 | n/a |" in lines
    assert lines[-1] == "- mypy failed at the ref: x"


def test_empty_sections_are_left_out() -> None:
    text = render(_doc())
    for title in ("Backward compatibility", "Hotspots", "Trend", "Other tools"):
        assert title not in text


def test_compat_and_hotspots() -> None:
    files = [{"path": "pkg/a.py", "lines": 512, "max_complexity": 14, "findings": 2,
              "churn": 7, "hotspot": 98.0}]  # fmt: skip
    compat = [{"module": "pkg.big", "status": "broken", "problems": ["missing: x", "y"]}]
    lines = render(_doc(files=files, hotspots=["pkg/a.py"], compat=compat)).splitlines()
    assert "| `pkg.big` | broken | missing: x; y |" in lines
    assert "| `pkg/a.py` | 7 | 14 | 512 | 2 |" in lines
