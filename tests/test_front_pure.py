"""Help, `--version`, `rules` and `rule X` through the front door: replayed byte for byte
from the memo of a project that has a cache folder, keyed by the width help wraps to."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.cli import memo
from tests.test_front import Runs, later, project, runs

__all__ = ["later", "project", "runs"]  # fixtures

PURE = [["--help"], ["-h"], ["--version"], ["rules"], ["rule", "CH002"], ["rule", "XX"], []]


@pytest.mark.parametrize("columns", ["10", "40", "80", "200"])
@pytest.mark.parametrize("args", PURE, ids=lambda args: " ".join(args) or "nothing")
def test_a_pure_command_is_replayed_byte_for_byte(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch, args: list[str], columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    expected = _plain(runs, args)
    assert runs.front(args) == expected  # the miss, recorded
    assert runs.front(args) == expected  # the hit
    assert runs.normal == 1


def test_the_width_is_part_of_the_key(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    wide = runs.front(["--help"])
    monkeypatch.setenv("COLUMNS", "50")
    narrow = runs.front(["--help"])
    assert runs.normal == 2
    assert narrow == _plain(runs, ["--help"]) != wide


def test_a_pure_command_makes_no_cache_folder(
    tmp_path: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    runs.front(["--help"])
    runs.front(["--help"])
    assert runs.normal == 2
    assert not (tmp_path / memo.CACHE_DIR).exists()


def _plain(runs: Runs, args: list[str]) -> tuple[int, str, str]:
    """The normal path's output, an exit by argparse included (`--help`, usage errors)."""
    try:
        return runs.plain(args)
    except SystemExit as stop:
        captured = runs.capsys.readouterr()
        return stop.code if isinstance(stop.code, int) else -1, captured.out, captured.err
