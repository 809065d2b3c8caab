"""`--fix` never loses or escapes (issue 19): atomic replace, re-check, symlinks, read-only."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import fixing

BEFORE = 'import time\n\n\ndef make():\n    return Job(id=f"job-{int(time.time())}")\n'
AFTER = BEFORE.replace("import time\n", "import time\nimport uuid\n").replace(
    "int(time.time())", "uuid.uuid4()"
)
FIX = ["check", "--no-cache", "--select", "CH003", "--fix"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    monkeypatch.chdir(root)
    return root


def _fix(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[str]]:
    code = main([*FIX, *paths])
    return code, capsys.readouterr().err.splitlines()


def test_a_crash_while_replacing_leaves_the_file_whole_and_no_litter(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "jobs.py").write_text(BEFORE)

    def crash(*args: Any) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing and replacing

    monkeypatch.setattr(os, "replace", crash)
    assert _fix(capsys, "jobs.py") == (130, ["codehealth: interrupted"])
    assert (project / "jobs.py").read_text() == BEFORE
    assert sorted(path.name for path in project.iterdir()) == [".git", "jobs.py", "pyproject.toml"]


def test_an_edit_made_after_the_check_is_kept(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "jobs.py").write_text(BEFORE)
    (project / "other.py").write_text(BEFORE)
    edited = BEFORE + "# the user typed this meanwhile\n"
    analyse: Callable[..., tuple[str, int]] = fixing.fixed_text

    def then_the_user_saves(src: Any, settings: Any) -> tuple[str, int]:
        result = analyse(src, settings)
        if src.path == "jobs.py":
            (project / "jobs.py").write_text(edited)
        return result

    monkeypatch.setattr(fixing, "fixed_text", then_the_user_saves)
    code, err = _fix(capsys)
    assert (project / "jobs.py").read_text() == edited
    assert (project / "other.py").read_text() == AFTER
    assert "codehealth: note: jobs.py changed while it was being fixed; left as it is" in err
    assert code == 1  # jobs.py still has its finding


def test_the_mode_bits_are_kept(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = project / "tool.py"
    path.write_text(BEFORE)
    path.chmod(0o750)
    assert _fix(capsys)[0] == 0
    assert path.read_text() == AFTER
    assert stat.S_IMODE(path.stat().st_mode) == 0o750


def test_a_symlink_out_of_the_tree_is_neither_read_nor_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = project.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "real.py").write_text(BEFORE)
    (project / "link.py").symlink_to(elsewhere / "real.py")
    (project / "own.py").write_text(BEFORE)
    _, err = _fix(capsys)
    assert (elsewhere / "real.py").read_text() == BEFORE
    assert (project / "link.py").is_symlink()
    assert (project / "own.py").read_text() == AFTER
    assert (
        "codehealth: note: link.py not fixed: it links to a file outside the project "
        f"({elsewhere / 'real.py'})"
    ) in err


def test_a_symlink_inside_the_tree_fixes_its_target_and_stays_a_link(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "real.py").write_text(BEFORE)
    (project / "link.py").symlink_to(project / "pkg" / "real.py")
    assert _fix(capsys, "link.py")[0] == 0
    assert (project / "link.py").is_symlink()
    assert (project / "pkg" / "real.py").read_text() == AFTER


def test_a_read_only_file_is_reported_and_the_others_are_fixed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = project / "locked.py"
    locked.write_text(BEFORE)
    locked.chmod(0o444)
    (project / "open.py").write_text(BEFORE)
    code, err = _fix(capsys)
    assert locked.read_text() == BEFORE
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert (project / "open.py").read_text() == AFTER
    assert "codehealth: note: locked.py not fixed: the file is read-only" in err
    assert code == 1


def test_a_folder_that_cannot_take_a_new_file_is_reported(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "jobs.py").write_text(BEFORE)

    def no_room(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fixing, "_temporary", no_room)
    code, err = _fix(capsys)
    assert (project / "jobs.py").read_text() == BEFORE
    assert "codehealth: note: jobs.py not fixed: No space left on device" in err
    assert code == 1


def test_a_file_over_max_file_size_is_neither_read_nor_fixed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "jobs.py").write_text(BEFORE)
    code = main([*FIX, "--max-file-size", "20", "jobs.py"])
    assert (project / "jobs.py").read_text() == BEFORE
    assert code == 1
    assert "CH000 file too large to check" in capsys.readouterr().out
