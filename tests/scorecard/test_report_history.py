"""`--history N`: one point per commit, and a file unchanged across commits analysed once."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import blobs, run
from tests.scorecard.repo import PYPROJECT, git, write

COMMITS = 6


def _history(repo: Path) -> None:
    """`pkg/still.py` never changes; `pkg/moving.py` grows by one function per commit."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    still = "def stay(x):\n    if x:\n        return 1\n    return 0\n"
    write(repo, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", "pkg/still.py": still})
    for number in range(COMMITS):
        functions = "".join(f"def g{i}():\n    return {i}\n" for i in range(number + 1))
        write(repo, {"pkg/moving.py": functions})
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Step {number}")


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How many times each file (by displayed path) is analysed: in the working tree's run
    or from a commit's bytes."""
    calls: Counter[str] = Counter()
    real = run.analyse_bytes

    def counting(display: str, *args: Any) -> Any:
        calls[display] += 1
        return real(display, *args)

    monkeypatch.setattr(blobs, "analyse_bytes", counting)
    monkeypatch.setattr(run, "analyse_bytes", counting)
    return calls


@pytest.mark.parametrize("count", [1, 4, COMMITS, COMMITS + 3])
def test_one_point_per_commit_oldest_first(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    counted: Counter[str],
    count: int,
) -> None:
    _history(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    assert (
        main(["report", "--format", "json", "--no-tools", "--no-cache", f"--history={count}"]) == 0
    )
    doc = json.loads(capsys.readouterr().out)
    shown = min(count, COMMITS)
    subjects = [point["subject"] for point in doc["trend"]]
    assert subjects == [f"Step {n}" for n in range(COMMITS - shown, COMMITS)]
    assert [point["sizes"]["lines"] for point in doc["trend"]] == [
        4 + 2 * (n + 1) for n in range(COMMITS - shown, COMMITS)
    ]
    assert [point["sizes"]["max_complexity"] for point in doc["trend"]] == [2] * shown
    assert counted["pkg/still.py"] == 1  # the same bytes now and in every commit: analysed once
    assert counted["pkg/moving.py"] == shown  # new bytes in each commit; HEAD's are the tree's


def test_the_content_hash_cache_serves_a_second_report(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    counted: Counter[str],
) -> None:
    _history(tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    assert main(["report", "--format", "json", "--no-tools", "--history=3"]) == 0
    first = json.loads(capsys.readouterr().out)
    analysed = sum(counted.values())
    assert main(["report", "--format", "json", "--no-tools", "--history=3"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert sum(counted.values()) == analysed  # nothing analysed again
    assert second["trend"] == first["trend"]
    assert git(tmp_path / "repo", "status", "--porcelain") == ""


def test_churn_counts_commits_per_file_whatever_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for number in range(3):
        files = {"pkg/café.py": f"x = {number}\n", "pkg/a b.py": f"y = {number % 2}\n"}
        write(repo, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": "", **files})
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", f"Step {number}")
    monkeypatch.chdir(repo)
    assert main(["report", "--format", "json", "--no-tools", "--churn-days=30"]) == 0
    churn = {item["path"]: item["churn"] for item in json.loads(capsys.readouterr().out)["files"]}
    assert churn == {"pkg/__init__.py": 1, "pkg/café.py": 3, "pkg/a b.py": 3}


BODY = "".join(f"value_{number} = {number}\n" for number in range(60))  # git sees a rename


def test_churn_follows_a_file_through_its_renames(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module moved into a package (a split's first step) keeps the commits it had under its
    old name; a new file that takes the old name afterwards starts from its own commits."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    steps: list[tuple[str, dict[str, str], list[tuple[str, str]]]] = [
        ("create", {"pkg/service.py": BODY}, []),
        ("edit", {"pkg/service.py": BODY + "edited = 1\n"}, []),
        ("split", {"pkg/service/extra.py": "extra = 1\n"}, [("service.py", "service/core.py")]),
        ("edit after", {"pkg/service/core.py": BODY + "edited = 2\n"}, []),
        ("new file, old name", {"pkg/service.py": "shim = 1\n"}, [("service/", "service2/")]),
    ]
    write(repo, {"pyproject.toml": PYPROJECT, "pkg/__init__.py": ""})
    for message, files, moves in steps:
        for old, new in moves:
            (repo / "pkg" / new).parent.mkdir(parents=True, exist_ok=True)
            git(repo, "mv", f"pkg/{old}", f"pkg/{new}")
        write(repo, files)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", message)
    monkeypatch.chdir(repo)
    assert main(["report", "--format", "json", "--no-tools", "--churn-days=30"]) == 0
    churn = {item["path"]: item["churn"] for item in json.loads(capsys.readouterr().out)["files"]}
    assert churn == {
        "pkg/__init__.py": 1,
        "pkg/service.py": 1,  # the new file alone
        "pkg/service2/core.py": 5,  # created, edited, moved, edited, moved (twice renamed)
        "pkg/service2/extra.py": 2,  # created, moved
    }
