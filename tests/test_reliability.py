"""State files that go bad, concurrent runs on one tree, and checked code never executed.

Config errors, corrupt baselines and torn cache entries have their tables in
`test_config_errors.py`, `test_cli.py`, `test_baseline.py`, `test_adoption.py` and
`test_cache.py`; the rows here are the ones those leave out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core import deep as _deep
from pytest_codehealth.engine import cache

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
SCRIPT = Path(sys.executable).with_name("codehealth")  # the console script users run


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# state files


def test_a_baseline_from_a_future_version_is_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "base.json").write_text('{"tool": "codehealth", "version": 99, "entries": []}')
    code, out, err = _run(capsys, "check", "--baseline", "base.json")
    assert (code, out) == (2, [])
    assert err == ["codehealth: error: base.json: unsupported baseline version 99 (expected 1)"]


def test_a_cache_folder_without_write_permission_is_one_note(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (root writes anywhere): creating an entry fails as in a read-only folder."""
    for index in range(5):
        (project / f"more{index}.py").write_text(SWALLOW)

    def refuse(self: cache.Cache, folder: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.Cache, "_prepare", refuse)
    code, out, err = _run(capsys, "check", "--jobs", "1")
    assert (code, len(out)) == (1, 7)  # six findings and the summary, as without a cache
    assert len(err) == 1
    assert err[0].startswith("codehealth: note: cache disabled, cannot write ")
    assert err[0].endswith("[Errno 13] Permission denied")


# concurrency: four CLI runs and `pytest --codehealth -n 2` at once, then a fifth run


def _tree(root: Path, files: int) -> None:
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    for index in range(files):
        package = root / f"pkg{index % 4}"
        package.mkdir(exist_ok=True)
        (package / f"m{index:03}.py").write_text(SWALLOW if index % 3 == 0 else f"x = {index}\n")


def _cache_state(root: Path) -> dict[str, int]:
    """Every cache entry with its modification time: a run that trusts the cache changes none."""
    entries = sorted((root / cache.CACHE_DIR).rglob("*.json"))
    for entry in entries:
        assert isinstance(json.loads(entry.read_text())["findings"], list)
    return {str(entry): entry.stat().st_mtime_ns for entry in entries}


@pytest.mark.integration
def test_concurrent_cli_and_xdist_runs_leave_a_trusted_cache(tmp_path: Path) -> None:
    _tree(tmp_path, 90)
    cli = [str(SCRIPT), "check", "--jobs", "2"]
    plugin = [sys.executable, "-m", "pytest", "--codehealth", "-n", "2", "-q", "-p", "no:randomly"]
    runs = [subprocess.Popen(cli, cwd=tmp_path, stdout=subprocess.PIPE, text=True) for _ in "1234"]
    runs.append(subprocess.Popen(plugin, cwd=tmp_path, stdout=subprocess.PIPE, text=True))
    outputs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [1, 1, 1, 1, 1]
    assert outputs[0] == outputs[1] == outputs[2] == outputs[3]
    assert "30 findings in 30 files (90 files checked)" in outputs[0]
    assert "30 failed, 60 passed" in outputs[4]
    assert not list((tmp_path / cache.CACHE_DIR).rglob(".tmp-*"))
    before = _cache_state(tmp_path)
    assert len(before) == 90
    fifth = subprocess.run(cli, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (fifth.returncode, fifth.stdout, fifth.stderr) == (1, outputs[0], "")
    assert _cache_state(tmp_path) == before  # every entry was a hit: none written again
    again = subprocess.run(plugin, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert "30 failed, 60 passed" in again.stdout  # clean files passed from pytest's cache
    assert "codehealth: 60 files passed from the cache" in again.stdout


# never executes the code it checks

TRAPS = [
    "module.py",
    "pkg/__init__.py",
    "pkg/sub.py",
    "conftest.py",
    "setup.py",
    "__main__.py",
    "sitecustomize.py",
    "usercustomize.py",
    "ast.py",  # shadows modules the checker itself imports
    "tokenize.py",
    "json.py",
    "easy-install.pth.py",
]


def _trap(path: Path, marker: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"open({str(marker)!r}, 'a').write({path.name!r} + '\\n')\n" + SWALLOW)


@pytest.mark.integration
def test_checked_code_is_never_imported_or_run(tmp_path: Path) -> None:
    tree, marker = tmp_path / "tree", tmp_path / "MARKER"
    for name in TRAPS:
        _trap(tree / name, marker)
    for index in range(45):  # enough files for the process pool
        _trap(tree / "many" / f"m{index}.py", marker)
    (tree / "zz-trap.pth").write_text(f"import os; open({str(marker)!r}, 'a').write('pth\\n')\n")
    commands = [
        ["check", "--select", "ALL", "--jobs", "2"],
        ["check", "--diff"],
        ["baseline", "--jobs", "1"],
        ["check", "--jobs", "1", "--no-cache", "--format", "sarif"],
    ]
    for argv in commands:
        result = subprocess.run(
            [str(SCRIPT), *argv], cwd=tree, capture_output=True, text=True, check=False
        )
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 1)
    assert not marker.exists()
    in_process = main(["check", "--no-cache", "--jobs", "1", str(tree)])
    assert (in_process, marker.exists()) == (1, False)


# room for deep trees


def _depth(node: int) -> int:
    return 0 if node == 0 else 1 + _depth(node - 1)


def test_with_room_runs_a_deep_recursion_to_its_end() -> None:
    limit = sys.getrecursionlimit()
    with pytest.raises(RecursionError):
        _depth(limit * 5)
    assert _deep.with_room(lambda: _depth(limit * 5)) == limit * 5
    assert sys.getrecursionlimit() == limit


def test_with_room_gives_up_on_endless_recursion() -> None:
    def endless() -> int:
        return endless()

    with pytest.raises(RecursionError):
        _deep.with_room(endless)


def test_with_room_hands_other_errors_back() -> None:
    calls: list[int] = []

    def second_time_wrong() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RecursionError
        raise KeyError("from the deep thread")

    with pytest.raises(KeyError, match="from the deep thread"):
        _deep.with_room(second_time_wrong)
