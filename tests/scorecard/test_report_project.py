"""Whole-project measures at the ref (duplicates, cycles) and the compat status of a bad split."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from tests.scorecard.repo import PYPROJECT, git, write

BLOCK = "".join(f"    total = total + values[{i}] * {i + 2}\n" for i in range(8))


def _commit(repo: Path, files: dict[str, str | None], message: str) -> None:
    write(repo, files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def _report(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["report", "--no-tools", "--format", "json", *args]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def test_duplicated_lines_and_project_findings_at_each_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "dup"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    a = "def a(values):\n    total = 0\n" + BLOCK + "    return total\n"
    b = "def b(values):\n    total = 1\n" + BLOCK + "    return total\n"
    _commit(
        repo,
        {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/a.py": a, "pkg/b.py": b},
        "Copy",
    )
    _commit(
        repo,
        {"pkg/b.py": "from pkg.a import a\n\n\ndef b(values):\n    return a(values)\n"},
        "Reuse",
    )
    monkeypatch.chdir(repo)
    doc = _report(repo, capsys, "--extend-select=CH030,CH020", "--since=main~1", "--history=2")
    row = next(row for row in doc["rows"] if row["key"] == "duplicated_lines")
    assert (row["before"], row["after"], row["delta"]) == (18, 0, -18)  # 9 lines, in 2 files
    assert [point["findings"] for point in doc["trend"]] == [{"CH030": 2}, {}]
    gates = {gate["code"]: gate["findings"] for gate in doc["gates"]}
    assert (gates["CH020"], gates["CH030"]) == (0, 0)


def test_a_split_that_lost_a_name_is_broken(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "split"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    old = "def keep():\n    return 1\n\n\ndef lost():\n    return 2\n"
    _commit(repo, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/mod.py": old}, "Old")
    git(repo, "checkout", "-q", "-b", "split")
    new = {
        "pkg/mod.py": None,
        "pkg/mod/__init__.py": "from pkg.mod.part import keep\n",
        "pkg/mod/part.py": "def keep():\n    return 1\n",
    }
    _commit(repo, new, "Split")
    monkeypatch.chdir(repo)
    doc = _report(repo, capsys)
    assert [(entry["module"], entry["status"]) for entry in doc["compat"]] == [
        ("pkg.mod", "broken")
    ]
    assert doc["compat"][0]["problems"] == [
        "missing: lost — not defined in pkg.mod or any of its submodules"
    ]
