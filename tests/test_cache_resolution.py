"""A cached result follows where its imports lead, not only the files they led to.

`app/users.py` calls a Redis client it imports from another module of the project. A file
added, deleted or renamed can change which module that import names (or whether it names
one) without touching any file the first run read: a warm run must then say exactly what a
cold one says, through the CLI's cache (its entries and its stat index) and the plugin's.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import finder
from pytest_codehealth.engine.lookups import LOOKUPS
from pytest_codehealth.engine.modules import STALE, refreshed
from tests.plugin.project import finding_lines

ASYNC = "import redis.asyncio as redis\n\nr = redis.from_url('redis://x')\n"
SYNC = "import redis\n\nr = redis.Redis()\n"
USES = "async def forget(key):\n    r.delete(key)\n"
ABSOLUTE = f"from app.redis_client import r\n\n\n{USES}"
RELATIVE = f"from .redis_client import r\n\n\n{USES}"
SCRIPT = f"from redis_client import r\n\n\n{USES}"  # a file outside any package
CHECK = ["check", "--jobs", "1", "--select", "CH005,CH006,CH007,CH008", "."]
AN_HOUR_AGO = time.time() - 3600
Change = Callable[[Path], None]


def _added(name: str, text: str) -> Change:
    def change(root: Path) -> None:
        _write(root, name, text)

    return change


def _deleted(name: str) -> Change:
    def change(root: Path) -> None:
        (root / name).unlink()

    return change


def _renamed(old: str, new: str) -> Change:
    def change(root: Path) -> None:
        os.rename(root / old, root / new)  # same inode, same stat times

    return change


PACKAGE = {"app/__init__.py": ""}
FAMILIES = [  # the files before, the change, is a finding expected after it (cold)
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE},
        _added("app/redis_client.py", ASYNC),
        id="module-added-where-nothing-was-found",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": RELATIVE},
        _added("app/redis_client.py", ASYNC),
        id="relative-import-finds-a-new-sibling",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE, "app/redis_client.py": SYNC},
        _added("app/redis_client/__init__.py", ASYNC),
        id="package-added-beside-the-module",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE, "app/redis_client/__init__.py": ASYNC},
        _added("app/redis_client.py", SYNC),
        id="module-added-beside-the-package-changes-nothing",
    ),
    pytest.param(
        {"svc/users.py": SCRIPT, "svc/redis_client.py": ASYNC, "redis_client.py": SYNC},
        _added("svc/__init__.py", ""),
        id="namespace-package-becomes-a-regular-one",
    ),
    pytest.param(
        {"svc/users.py": SCRIPT, "redis_client.py": ASYNC},
        _added("svc/redis_client.py", SYNC),
        id="module-shadowed-from-an-earlier-folder",
    ),
    pytest.param(
        {
            **PACKAGE,
            "app/users.py": ABSOLUTE,
            "app/redis_client.py": SYNC,
            "app/redis_client/__init__.py": ASYNC,
        },
        _deleted("app/redis_client/__init__.py"),
        id="package-deleted-falls-to-the-module",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE, "app/redis_client.py": ASYNC},
        _deleted("app/redis_client.py"),
        id="module-deleted-to-nothing",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE, "app/clients.py": ASYNC},
        _renamed("app/clients.py", "app/redis_client.py"),
        id="module-renamed-to-the-imported-name",
    ),
    pytest.param(
        {**PACKAGE, "app/users.py": ABSOLUTE, "app/redis_client.py": ASYNC},
        _renamed("app/redis_client.py", "app/clients.py"),
        id="module-renamed-away",
    ),
]


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def _settle(root: Path) -> None:
    """Every file old enough for the stat index to trust it (see `engine/cache.py`)."""
    for path in root.rglob("*.py"):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = main([*CHECK, *extra])
    return code, finding_lines(capsys.readouterr().out.splitlines())


def _folders_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder's stat vouches for its entries at once (on a real run, once settled)."""
    monkeypatch.setattr(finder, "SETTLE_NS", 0)


@pytest.mark.parametrize("how", ["entries", "index", "index-folders-by-stat"])
@pytest.mark.parametrize(("files", "change"), FAMILIES)
def test_a_warm_run_follows_imports_that_now_resolve_differently(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    files: dict[str, str],
    change: Change,
    how: str,
) -> None:
    settled = how != "entries"  # the files' stat trusted by the index
    if how == "index-folders-by-stat":
        _folders_trusted(monkeypatch)
    for name, text in files.items():
        _write(project, name, text)
    if settled:
        _settle(project)
    before = _run(capsys)
    assert _run(capsys) == before  # the cache is warm, and served what a cold run says
    change(project)
    if settled:
        _settle(project)
    warm = _run(capsys)
    cold = _run(capsys, "--no-cache")
    assert warm == cold
    assert _run(capsys) == cold  # and the run after it too


def test_a_warm_run_asks_no_lookup_again_while_the_folders_are_as_they_were(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _folders_trusted(monkeypatch)
    for name, text in {**PACKAGE, "app/users.py": ABSOLUTE, "app/redis_client.py": ASYNC}.items():
        _write(project, name, text)
    _settle(project)
    first = _run(capsys)
    assert _run(capsys) == first  # the project's folder got `.codehealth_cache` in the first
    asked: list[str] = []
    original = finder.Finder.find

    def spy(self: finder.Finder, folder: str, name: str, level: int) -> str | None:
        asked.append(name)
        return original(self, folder, name, level)

    monkeypatch.setattr(finder.Finder, "find", spy)
    assert _run(capsys) == first
    assert asked == []
    _write(project, "app/other.py", "X = 1\n")  # `app/` changed: its lookups are asked again
    _settle(project)
    assert _run(capsys) == first
    assert "app.redis_client.r" in asked
    asked.clear()
    assert _run(capsys) == first  # and the record holds `app/`'s new stat
    assert asked == []


def test_every_family_changes_what_a_cold_run_says(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The table above tests something: each change but one turns the verdict."""
    changed = []
    for param in FAMILIES:
        files, change = param.values
        root = project / str(param.id)
        for name, text in files.items():  # type: ignore[union-attr]  # a dict, above
            _write(root, name, text)
        os.chdir(root)
        (root / ".git").mkdir()
        before = _run(capsys, "--no-cache")
        change(root)  # type: ignore[operator]  # a Change, above
        if _run(capsys, "--no-cache") != before:
            changed.append(param.id)
    unchanged = [param.id for param in FAMILIES if param.id not in changed]
    assert unchanged == ["module-added-beside-the-package-changes-nothing"]


@pytest.mark.parametrize(
    "damaged",
    [
        pytest.param([], id="not-a-table"),
        pytest.param({"app": 3}, id="not-text"),
        pytest.param({"app": "0123 x:app.db"}, id="level-not-a-number"),
        pytest.param({"app": "0123 0:app.db"}, id="other-answers"),
        pytest.param({"app": "0123 0:app.db", "": [7, ["app"]]}, id="folders-not-text"),
    ],
)
def test_a_damaged_lookups_record_is_a_miss(project: Path, damaged: object) -> None:
    (project / "app").mkdir()
    recorded = {LOOKUPS: damaged}
    assert refreshed(recorded, project) is STALE
