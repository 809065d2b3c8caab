"""The content-hash cache: hits, invalidation, corruption and concurrent writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine import cache
from pytest_codehealth.engine import run as engine
from pytest_codehealth.engine.modules import Location

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
CHECK = ["check", "--jobs", "1"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the engine parsed (a cache miss each)."""
    seen: list[str] = []
    original = engine.analyse_bytes

    def spy(
        display: str, data: bytes, settings: engine.FileSettings, location: Location | None = None
    ) -> FileResult:
        seen.append(display)
        return original(display, data, settings, location)

    monkeypatch.setattr(engine, "analyse_bytes", spy)
    return seen


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*CHECK, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _entries(project: Path) -> list[Path]:
    return sorted((project / cache.CACHE_DIR).rglob("*.json"))


def test_a_second_run_parses_nothing_and_says_the_same(
    project: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    first = _out(capsys)
    assert sorted(parses) == ["bad.py", "good.py"]
    parses.clear()
    assert _out(capsys) == first
    assert parses == []
    assert (project / cache.CACHE_DIR / ".gitignore").read_text().endswith("*\n")


def test_no_cache_reads_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    _out(capsys, "--no-cache")
    _out(capsys, "--no-cache")
    assert len(parses) == 4
    assert not (project / cache.CACHE_DIR).exists()


def test_a_changed_file_is_checked_again(
    project: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    _out(capsys)
    parses.clear()
    (project / "good.py").write_text(SWALLOW)
    code, out, _ = _out(capsys)
    assert parses == ["good.py"]
    assert code == 1
    assert "good.py:3:1: CH002" in out


def test_a_config_change_invalidates(
    project: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    _out(capsys)
    parses.clear()
    (project / "pyproject.toml").write_text(
        '[tool.codehealth.silent-except]\nallow = ["OSError"]\n'
    )
    assert _out(capsys)[0] == 0
    assert sorted(parses) == ["bad.py", "good.py"]


def test_a_new_version_invalidates(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _out(capsys)
    parses.clear()
    monkeypatch.setattr(cache, "__version__", "99.0")
    _out(capsys)
    assert sorted(parses) == ["bad.py", "good.py"]
    assert (project / cache.CACHE_DIR / "99.0").is_dir()


@pytest.mark.parametrize(
    "garbage",
    [
        b"{torn",
        b'{"a": 1}',
        b'{"findings": [{"path": 1}], "facts": {}}',
        b'{"findings": [], "facts": []}',
        b"[1, 2]",
        b"\xff\xfe",
    ],
    ids=["torn", "dict", "bad-field", "bad-facts", "list", "binary"],
)
def test_a_corrupt_entry_is_ignored_noted_and_rebuilt(
    project: Path, capsys: pytest.CaptureFixture[str], parses: list[str], garbage: bytes
) -> None:
    first = _out(capsys)
    for entry in _entries(project):
        entry.write_bytes(garbage)
    parses.clear()
    code, out, err = _out(capsys)
    assert (code, out) == first[:2]
    assert sorted(parses) == ["bad.py", "good.py"]
    assert err.count("codehealth: note: ignoring corrupt cache entry") == 2
    for entry in _entries(project):
        assert isinstance(json.loads(entry.read_text())["findings"], list)


def test_an_unwritable_cache_is_a_note_not_a_failure(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / cache.CACHE_DIR).write_text("a file where the folder should be")
    code, out, err = _out(capsys)
    assert code == 1
    assert "bad.py:3:1: CH002" in out
    assert err.startswith("codehealth: note: cache disabled, cannot write")


@pytest.mark.integration
def test_concurrent_runs_agree_and_leave_an_intact_cache(project: Path) -> None:
    for index in range(120):
        (project / f"m{index:03}.py").write_text(SWALLOW if index % 2 else "x = 1\n")
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    runs = [
        subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [1, 1, 1]
    assert outputs[0] == outputs[1] == outputs[2]
    assert "m001.py:3:1: CH002" in outputs[0]
    entries = _entries(project)
    assert len(entries) == 122
    for entry in entries:
        assert isinstance(json.loads(entry.read_text())["findings"], list)
    assert not list((project / cache.CACHE_DIR).rglob(".tmp-*"))
    warm = subprocess.run(
        command, check=False, cwd=project, capture_output=True, text=True, env=env
    )
    assert (warm.stdout, warm.stderr) == (outputs[0], "")
