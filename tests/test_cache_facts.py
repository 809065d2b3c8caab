"""A cached result depends on the facts its file read from other modules, not on their bytes.

`app/users.py` reads what `app/db.py` exports (its Redis client). Editing a function body in
`app/db.py` re-analyses `app/db.py` only; changing what it exports re-analyses `app/users.py`
too. Counted in analyses (the engine's `analyse_bytes` calls), never in time.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine import run as engine

DB = """
    import redis.asyncio as redis

    client = redis.from_url("redis://x")


    def ttl():
        return {body}
    """
USERS = """
    from app.db import client


    async def forget(key):
        client.delete(key)
    """
SYNC = DB.format(body="60").replace("redis.asyncio", "redis")
RENAMED = DB.format(body="60").replace("client =", "cache =")
CHECK = ["check", "--jobs", "1", "--select", "CH005,CH006,CH007,CH008", "app"]
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "app/__init__.py").write_text("")
    _write(tmp_path, "app/db.py", DB.format(body="60"))
    _write(tmp_path, "app/users.py", USERS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the engine analysed (parsed and ran the rules on)."""
    seen: list[str] = []
    original = engine.analyse_bytes

    def spy(display: str, data: bytes, *args: object) -> FileResult:
        seen.append(display)
        return original(display, data, *args)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(engine, "analyse_bytes", spy)
    return seen


def _write(root: Path, name: str, text: str, *, settled: bool = False) -> None:
    path = root / name
    path.write_text(textwrap.dedent(text).lstrip())
    if settled:  # trusted on its stat next time (see `engine/cache.py`)
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def _run(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(CHECK)
    return code, capsys.readouterr().out


@pytest.mark.parametrize("settled", [False, True], ids=["entries", "index"])
@pytest.mark.parametrize(
    "case",  # db.py edited to, the files analysed again, users.py's CH005 still there
    [
        pytest.param((DB.format(body="120"), ["app/db.py"], True), id="body-only"),
        pytest.param((DB.format(body="60  # an hour"), ["app/db.py"], True), id="comment"),
        pytest.param((SYNC, ["app/db.py", "app/users.py"], False), id="client-now-sync"),
        pytest.param((RENAMED, ["app/db.py", "app/users.py"], False), id="client-renamed"),
    ],
)
def test_a_dependant_is_reanalysed_only_when_the_facts_it_read_change(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    analysed: list[str],
    settled: bool,
    case: tuple[str, list[str], bool],
) -> None:
    db_body, reanalysed, finding = case
    if settled:
        for path in project.rglob("*.py"):
            os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    code, out = _run(capsys)
    assert (code, "app/users.py:5:5: CH005" in out) == (1, True)
    analysed.clear()
    _write(project, "app/db.py", db_body, settled=settled)
    code, out = _run(capsys)
    assert sorted(analysed) == reanalysed
    assert ("app/users.py:5:5: CH005" in out) is finding


def test_a_dependency_edited_twice_is_still_followed(
    project: Path, capsys: pytest.CaptureFixture[str], analysed: list[str]
) -> None:
    """After a body-only edit the dependant's record follows the new bytes: a later change
    of the facts still re-analyses it, and the run after that analyses nothing."""
    first = _run(capsys)
    _write(project, "app/db.py", DB.format(body="120"))
    assert _run(capsys) == first
    _write(project, "app/db.py", DB.format(body="120").replace("redis.asyncio", "redis"))
    analysed.clear()
    code, out = _run(capsys)
    assert (code, "app/users.py:5:5: CH006" in out) == (1, True)  # a sync client now blocks
    assert sorted(analysed) == ["app/db.py", "app/users.py"]
    analysed.clear()
    assert _run(capsys) == (code, out)
    assert analysed == []
