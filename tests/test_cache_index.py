"""The cache's stat index: a warm run trusts a file's stat only when it cannot hide an edit.

One index file per cache folder maps each checked file to its stat (device, inode, size,
mtime, ctime), its settings and its result. A file whose mtime is within `SETTLE_NS` of the
run that recorded it is never trusted on its stat (same-second edits): it is read and hashed.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import cache
from pytest_codehealth.engine import run as engine

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
QUIET = "try:\n    f()\nexcept OSError:\n    g(1)\n"  # same size as SWALLOW, no finding
CHECK = ["check", "--jobs", "1"]
AN_HOUR_AGO = time.time() - 3600


def _age(root: Path, *names: str) -> None:
    """The files named (default: every file under `root`) last written an hour ago: settled,
    so trusted on their stat (setting the time changes the ctime, which the index records)."""
    for path in [root / name for name in names] or root.rglob("*.py"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "bad.py").write_text(SWALLOW)
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the engine read (a stat miss each)."""
    seen: list[str] = []
    original = engine._read

    def spy(target: engine.Target, limit: int | None) -> bytes | engine.Finding:
        seen.append(target.display)
        return original(target, limit)

    monkeypatch.setattr(engine, "_read", spy)
    return seen


def _out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([*CHECK, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _index(project: Path) -> Path:
    return project / cache.CACHE_DIR / cache.__version__ / cache.INDEX


def test_a_warm_run_reads_no_settled_file(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    _age(project)
    first = _out(capsys)
    assert sorted(reads) == ["bad.py", "good.py"]
    reads.clear()
    assert _out(capsys) == first
    assert reads == []


def test_a_file_written_just_now_is_read_again(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    first = _out(capsys)
    reads.clear()
    assert _out(capsys) == first
    assert sorted(reads) == ["bad.py", "good.py"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    _age(project)
    assert _out(capsys)[0] == 1
    (project / "bad.py").write_text(QUIET)
    _age(project, "bad.py")  # the mtime set back: only the ctime (and the bytes) say it changed
    reads.clear()
    code, out, _ = _out(capsys)
    assert (code, reads) == (0, ["bad.py"])
    assert "CH002" not in out


def test_a_settings_change_is_not_served_from_the_index(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    _age(project)
    _out(capsys)
    (project / "pyproject.toml").write_text(
        '[tool.codehealth.silent-except]\nallow = ["OSError"]\n'
    )
    reads.clear()
    assert _out(capsys)[0] == 0
    assert sorted(reads) == ["bad.py", "good.py"]


def test_a_run_on_some_files_keeps_the_others_in_the_index(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    _age(project)
    first = _out(capsys)
    (project / "new.py").write_text("y = 2\n")
    _age(project, "new.py")
    _out(capsys, "new.py")
    reads.clear()
    code, out, _ = _out(capsys)
    assert reads == []
    assert (code, out) == (first[0], first[1].replace("(2 files", "(3 files"))


def test_a_warm_run_with_nothing_new_leaves_the_index_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _age(project)
    _out(capsys)
    written = _index(project).stat().st_mtime_ns
    os.utime(_index(project), ns=(written - 10**9, written - 10**9))
    _out(capsys)
    assert _index(project).stat().st_mtime_ns == written - 10**9


@pytest.mark.parametrize("garbage", [b"{torn", b"", b'{"sha256": "00", "files": {}}'])
def test_a_damaged_index_is_a_note_then_rebuilt(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str], garbage: bytes
) -> None:
    _age(project)
    first = _out(capsys)
    _index(project).write_bytes(garbage)
    reads.clear()
    code, out, err = _out(capsys)
    assert (code, out) == first[:2]
    assert sorted(reads) == ["bad.py", "good.py"]
    assert err.startswith(f"codehealth: note: ignoring corrupt cache index {_index(project)} (")
    assert err.count("\n") == 1
    reads.clear()
    assert _out(capsys) == first
    assert reads == []


def test_a_changed_dependency_invalidates_a_settled_file(
    project: Path, capsys: pytest.CaptureFixture[str], reads: list[str]
) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": "import redis.asyncio as redis\n\nclient = redis.from_url('redis://x')\n",
        "app/users.py": """
            from app.db import client

            async def forget(key):
                client.delete(key)
            """,
    }
    for name, text in files.items():
        (project / name).parent.mkdir(exist_ok=True)
        (project / name).write_text(textwrap.dedent(text).lstrip())
    _age(project)
    assert "app/users.py:4:5: CH005" in _out(capsys, "--select", "CH005", "app")[1]
    (project / "app/db.py").write_text("client = None\n")
    _age(project, "app/db.py")
    reads.clear()
    code, out, _ = _out(capsys, "--select", "CH005", "app")
    assert (code, "CH005" in out) == (0, False)
    assert "app/users.py" in reads


def test_a_settled_file_over_a_new_size_limit_is_ch000(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _age(project)
    assert _out(capsys)[0] == 1
    code, out, _ = _out(capsys, "--max-file-size", "10", "bad.py")
    assert code == 1
    assert "bad.py:1:1: CH000" in out
