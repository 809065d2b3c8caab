"""`codehealth report` on a project whose history a refactoring PR made (see `repo.py`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from tests.scorecard.repo import git, make_repo

EXPECTED_ROWS = {  # key: (before, after, trend)
    "files_over_limit": (1, 0, "improved"),
    "largest_module_lines": (1000, 242, "improved"),
    "functions_over_complexity": (1, 0, "improved"),
    "max_complexity": (15, 5, "improved"),
    "p90_complexity": (1, 1, "same"),
    "import_cycles": (1, 0, "improved"),
    "max_fan_out": (1, 5, "worse"),  # `pkg.big` imports its five submodules
    "duplicated_lines": (None, None, "same"),  # duplicate-code (CH030) is off
    "silent_excepts": (1, 0, "improved"),
    "clock_ids": (0, 1, "worse"),
    "unawaited_redis": (0, 0, "same"),
}


def report_json(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> dict[str, Any]:
    monkeypatch.chdir(repo)
    assert main(["report", "--format", "json", "--no-tools", *args]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("history") / "shop")


def test_rows_before_and_after_the_split(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report_json(repo, capsys, monkeypatch, "--since", "main")
    found = {row["key"]: (row["before"], row["after"], row["trend"]) for row in doc["rows"]}
    assert found == EXPECTED_ROWS
    deltas = {row["key"]: row["delta"] for row in doc["rows"]}
    assert deltas["largest_module_lines"] == -758
    assert deltas["duplicated_lines"] is None
    assert doc["since"] == {"ref": "main", "commit": git(repo, "rev-parse", "main")}
    assert doc["now"] == {"ref": "working tree", "commit": git(repo, "rev-parse", "HEAD")}


def test_the_default_since_is_the_merge_base_with_main(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report_json(repo, capsys, monkeypatch)
    assert doc["since"] == {"ref": "main", "commit": git(repo, "rev-parse", "main")}


def test_gates_count_the_findings_now(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report_json(repo, capsys, monkeypatch)
    gates = {gate["code"]: gate for gate in doc["gates"]}
    assert gates["CH003"] == {
        "code": "CH003",
        "name": "timestamp-id",
        "findings": 1,
        "baselined": 0,
        "passed": False,
    }
    assert [code for code, gate in gates.items() if not gate["passed"]] == ["CH003"]
    assert "CH020" not in gates  # measured for the rows, but not a gate this project selected


def test_the_import_graph_and_the_files(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report_json(repo, capsys, monkeypatch)
    assert doc["imports"]["cycles"] == []
    assert ["pkg.a", "pkg.b"] in doc["imports"]["edges"]
    files = {item["path"]: item for item in doc["files"]}
    assert files["pkg/big/part0.py"]["lines"] == 242
    assert files["pkg/big/core.py"]["max_complexity"] == 5
    assert files["pkg/a.py"]["findings"] == 1
    assert files["pkg/a.py"]["churn"] == 2  # both commits touch it


def test_the_users_tree_index_and_head_are_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = make_repo(tmp_path / "shop", commit_after=False)  # the split is not committed yet
    git(repo, "add", "pkg/big/core.py")  # and partly staged
    status, head = git(repo, "status", "--porcelain", "-uall"), git(repo, "rev-parse", "HEAD")
    worktrees = git(repo, "worktree", "list")
    doc = report_json(repo, capsys, monkeypatch, "--since", "main")
    assert doc["compat"][0]["status"] == "ok"  # the new package was imported, in a child
    after = git(repo, "status", "--porcelain", "-uall"), git(repo, "rev-parse", "HEAD")
    assert after == (status, head)  # no `__pycache__` either
    assert git(repo, "worktree", "list") == worktrees
    found = {row["key"]: (row["before"], row["after"]) for row in doc["rows"]}
    assert found["largest_module_lines"] == (1000, 242)  # the working tree, not HEAD


def test_a_package_folder_covers_the_module_it_was(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = report_json(repo, capsys, monkeypatch, "--since=main", "pkg/big")
    found = {row["key"]: (row["before"], row["after"]) for row in doc["rows"]}
    assert found["largest_module_lines"] == (1000, 242)
    assert found["max_complexity"] == (15, 5)
    assert found["silent_excepts"] == (0, 0)  # `pkg/a.py` is not under `pkg/big`
    assert sorted(item["path"] for item in doc["files"]) == [
        "pkg/big/__init__.py",
        "pkg/big/core.py",
        *(f"pkg/big/part{n}.py" for n in range(4)),
    ]
