"""ruff and mypy counts beside ours: run once per content, at the ref in a temporary worktree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.scorecard import others, tools
from pytest_codehealth.scorecard.content import content_key
from pytest_codehealth.scorecard.worktree import detached
from tests.scorecard.repo import git, write

CONFIG = '[tool.codehealth]\npaths = ["app"]\n\n[tool.ruff]\n\n[tool.mypy]\nstrict = false\n'
BEFORE = {  # two unused imports (F401), one undefined name (F821), two type errors
    "pyproject.toml": CONFIG,
    "app/__init__.py": "",
    "app/a.py": "import os\nimport sys\n\n\ndef f() -> int:\n    return 'a'\n",
    "app/b.py": "def g() -> str:\n    return missing + 1\n",
}
AFTER = {  # one unused import, no type error
    "app/a.py": "import os\n\n\ndef f() -> int:\n    return 1\n",
    "app/b.py": "def g() -> str:\n    return 'b'\n",
}


def _repo(tmp_path: Path, config: str = CONFIG) -> Path:
    repo = tmp_path / "app-repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    write(repo, {**BEFORE, "pyproject.toml": config})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Before")
    git(repo, "checkout", "-q", "-b", "work")
    write(repo, AFTER)
    git(repo, "commit", "-q", "-am", "After")
    return repo


def _tools(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["report", "--format", "json", "--since=main", *args]) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def test_ruff_and_mypy_now_and_at_the_ref(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    status = git(repo, "status", "--porcelain", "-uall")
    doc = _tools(repo, capsys)
    found = {tool["name"]: (tool["now"], tool["since"]) for tool in doc["tools"]}
    assert found == {
        "ruff": ({"total": 1, "by_prefix": {"F": 1}}, {"total": 3, "by_prefix": {"F": 3}}),
        "mypy": ({"total": 0}, {"total": 2}),
    }
    assert doc["notes"] == []
    assert git(repo, "worktree", "list").splitlines() == [
        f"{repo}  {git(repo, 'rev-parse', '--short', 'HEAD')} [work]"
    ]
    assert git(repo, "status", "--porcelain", "-uall") == status


def test_each_result_is_cached_by_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    first = _tools(repo, capsys)["tools"]
    runs: list[str] = []
    real = others.run_tool
    monkeypatch.setattr(
        others, "run_tool", lambda tool, *a: runs.append(tool.name) or real(tool, *a)
    )
    assert _tools(repo, capsys)["tools"] == first
    assert runs == []  # neither run again, and no worktree made
    (repo / "app/b.py").write_text("def g() -> str:\n    return 1\n")  # a new type error
    now = {tool["name"]: tool["now"]["total"] for tool in _tools(repo, capsys)["tools"]}
    assert (runs, now) == (["ruff", "mypy"], {"ruff": 1, "mypy": 1})  # now only: ref cached
    (repo / "scripts").mkdir()
    (repo / "scripts/tool.py").write_text("import os\n")  # outside the report's paths
    now = {tool["name"]: tool["now"]["total"] for tool in _tools(repo, capsys)["tools"]}
    assert (runs[2:], now) == (["ruff", "mypy"], {"ruff": 2, "mypy": 1})  # ruff checks it


@pytest.mark.parametrize(("use_git"), [True, False], ids=["git", "no-git"])
def test_the_content_key_follows_what_the_tools_read(tmp_path: Path, use_git: bool) -> None:
    repo = _repo(tmp_path)
    top = repo if use_git else None
    (repo / ".gitignore").write_text("ignored/\n")
    first = content_key(repo, top)
    (repo / "ignored").mkdir()
    (repo / "ignored/a.py").write_text("x = 1\n")
    (repo / "notes.txt").write_text("not Python\n")
    unchanged = content_key(repo, top) == first
    assert unchanged is use_git  # git leaves ignored files out; a walk cannot know them
    (repo / "new.py").write_text("x = 1\n")  # untracked, not ignored
    second = content_key(repo, top)
    assert second != first
    (repo / "app/a.py").write_text("import os\n")  # tracked, edited
    assert content_key(repo, top) != second


def test_a_tool_the_project_does_not_configure_never_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, '[tool.codehealth]\npaths = ["app"]\n\n[tool.ruff]\n')
    monkeypatch.chdir(repo)
    doc = _tools(repo, capsys)
    assert [tool["name"] for tool in doc["tools"]] == ["ruff"]
    assert doc["notes"] == ["mypy is not configured in this project: left out"]


@pytest.mark.parametrize(
    ("name", "config_file", "text", "expected"),
    [
        pytest.param("ruff", "ruff.toml", "line-length = 100\n", True, id="ruff.toml"),
        pytest.param("ruff", ".ruff.toml", "", True, id=".ruff.toml"),
        pytest.param("ruff", "pyproject.toml", "[tool.ruff.lint]\n", True, id="pyproject"),
        pytest.param("ruff", "pyproject.toml", "[tool.mypy]\n", False, id="pyproject-other"),
        pytest.param("ruff", "pyproject.toml", "[tool.ruff\n", False, id="pyproject-broken"),
        pytest.param("mypy", "mypy.ini", "[mypy]\n", True, id="mypy.ini"),
        pytest.param("mypy", ".mypy.ini", "[mypy]\n", True, id=".mypy.ini"),
        pytest.param("mypy", "setup.cfg", "[mypy]\nstrict = True\n", True, id="setup.cfg"),
        pytest.param("mypy", "setup.cfg", "[flake8]\n", False, id="setup.cfg-other"),
        pytest.param("mypy", "setup.cfg", "[mypy\n", False, id="setup.cfg-broken"),
        pytest.param("mypy", "pyproject.toml", "[tool.black]\n", False, id="pyproject-other"),
    ],
)
def test_configured(tmp_path: Path, name: str, config_file: str, text: str, expected: bool) -> None:
    (tmp_path / config_file).write_text(text)
    assert tools.configured(name, tmp_path) is expected


@pytest.mark.parametrize(
    ("name", "config_file", "text", "expected"),
    [
        pytest.param("ruff", "ruff.toml", "", [], id="ruff-its-folder"),
        pytest.param("mypy", "mypy.ini", "[mypy]\nfiles = src\n", [], id="mypy-files"),
        pytest.param(
            "mypy", "pyproject.toml", '[tool.mypy]\nfiles = ["src"]\n', [], id="mypy-files-toml"
        ),
        pytest.param("mypy", "mypy.ini", "[mypy]\nstrict = True\n", ["app"], id="mypy-paths"),
        pytest.param("mypy", "setup.cfg", "[mypy]\nfoo = 50%\n", ["app"], id="percent-sign"),
    ],
)
def test_what_each_tool_is_told_to_check(
    tmp_path: Path, name: str, config_file: str, text: str, expected: list[str]
) -> None:
    (tmp_path / config_file).write_text(text)
    assert tools.targets(name, tmp_path, ["app"]) == expected


def test_an_absent_tool_is_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    monkeypatch.setattr(tools.shutil, "which", lambda *args, **kwargs: None)
    doc = _tools(repo, capsys)
    assert doc["tools"] == []
    assert doc["notes"] == [
        "ruff is not installed: left out",
        "mypy is not installed: left out",
    ]


def test_a_failing_tool_is_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = CONFIG.replace("strict = false", 'plugins = ["no_such_plugin"]')
    repo = _repo(tmp_path, config)
    monkeypatch.chdir(repo)
    doc = _tools(repo, capsys, "--no-cache")
    mypy = next(tool for tool in doc["tools"] if tool["name"] == "mypy")
    assert (mypy["now"], mypy["since"]) == (None, None)
    said = "error: Error importing plugin \"no_such_plugin\": No module named 'no_such_plugin'"
    assert [note for note in doc["notes"] if said not in note] == []
    assert [note.split(":")[0] for note in doc["notes"]] == [
        "mypy failed now",
        "mypy failed at the ref",
    ]


def test_the_worktree_is_removed_even_on_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    made: list[Path] = []

    def crashing_tool() -> None:
        with detached(repo, "main") as folder:
            made.append(folder)
            assert (folder / "app/b.py").read_text() == BEFORE["app/b.py"]
            raise RuntimeError("tool crashed")

    with pytest.raises(RuntimeError, match="tool crashed"):
        crashing_tool()
    assert not made[0].exists()
    assert len(git(repo, "worktree", "list").splitlines()) == 1


def test_the_worktree_runs_none_of_the_users_git_hooks(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    hook = repo / ".git" / "hooks" / "post-checkout"
    hook.write_text(f"#!/bin/sh\ntouch {tmp_path / 'hook-ran'}\n")
    hook.chmod(0o755)
    with detached(repo, "main") as folder:
        assert (folder / "app/a.py").is_file()
    assert not (tmp_path / "hook-ran").exists()
