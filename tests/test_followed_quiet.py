"""An import that cannot lead to a module that says `redis` is not followed.

An import brings a Redis object only from a module whose `exports` say something, and they
say nothing of a module whose text `exports_wanted` turns down (no `redis`, no configured
name): `Remote.offers` reads the module an import leads to and stops there when its facts
are `{}`. That module is named by a part of the import's dotted name (or, for `from . import
x`, by its package's folder): an import none of whose names is the name of a `.py` file that
says it needs no lookup and no read. A run that records nothing (no cache) lists those names
once, on one walk of the project; a run that records still follows each import, for the
`depends-on` record. Counted in lookups, never in time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.engine import finder
from tests.test_followed_once import PROJECT, check_file, lookups, write_files

REDIS = "import redis.asyncio as aioredis\n\nclient = aioredis.from_url('redis://x')\n"
USER = "from app.store import client\n\n\nasync def f():\n    client.get(1)\n"
PLAIN = {
    "app/__init__.py": "from .db import thing\n",
    "app/db.py": "thing = object()\n",
    "app/a.py": "from app.db import thing\nfrom . import db\n\nthing.get(1)\n",
    "app/sub/__init__.py": "",
    "app/sub/b.py": "from ..db import thing\nimport app.a\n",
    "tools/run.py": "import helpers\nfrom app.db import thing\n",
    "tools/helpers.py": "x = 1\n",
}


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every import a check looked up, as (name, level)."""
    return lookups(monkeypatch)


def _checked(files: dict[str, str]) -> list[str]:
    return [name for name in files if not name.endswith("__init__.py")]


def test_nothing_is_followed_in_a_project_where_no_module_says_redis(
    tmp_path: Path, asked: list[tuple[str, int]]
) -> None:
    write_files(tmp_path, PLAIN)
    for name in _checked(PLAIN):
        assert check_file(tmp_path, name, "quiet", record=False) == ([], None)
    assert asked == []


@pytest.mark.parametrize(
    "where", ["app/store.py", "app/sub/deep/store.py", "src/other/store.py", "store/__init__.py"]
)
def test_only_the_imports_that_name_a_module_that_says_redis_are_followed(
    tmp_path: Path, asked: list[tuple[str, int]], where: str
) -> None:
    write_files(tmp_path, {**PLAIN, where: REDIS, "app/user.py": USER})
    assert check_file(tmp_path, "app/a.py", "loud", record=False) == ([], None)
    assert asked == []
    check_file(tmp_path, "app/user.py", "loud", record=False)
    assert ("app.store.client", 0) in asked


@pytest.mark.parametrize(("run", "record"), [("", False), ("recorded", True)])
def test_a_check_outside_a_run_or_one_that_records_follows_its_imports(
    tmp_path: Path, asked: list[tuple[str, int]], run: str, record: bool
) -> None:
    write_files(tmp_path, PLAIN)
    found, depends = check_file(tmp_path, "app/a.py", run, record=record)
    assert found == []
    assert ("app.db", 0) in asked
    assert (depends is not None) == record


@pytest.mark.parametrize(
    ("files", "user"),
    [
        pytest.param({"app/store.py": REDIS}, ("app/user.py", USER), id="absolute"),
        pytest.param(
            {"app/cache/__init__.py": REDIS},
            ("app/cache/user.py", USER.replace("app.store", ".")),
            id="from-its-package",
        ),
        pytest.param(
            {"app/cache/__init__.py": REDIS},
            ("app/cache/sub/user.py", USER.replace("app.store", "..")),
            id="from-two-levels-up",
        ),
        pytest.param(
            {"app/redis_store.py": REDIS, "app/middle.py": "from .redis_store import client\n"},
            ("app/user.py", USER.replace("app.store", ".middle")),
            id="re-exported-by-a-module-that-says-it",
        ),
    ],
)
def test_a_client_of_another_module_is_still_found(
    tmp_path: Path, files: dict[str, str], user: tuple[str, str]
) -> None:
    write_files(tmp_path, {**PLAIN, **files, user[0]: user[1]})
    assert check_file(tmp_path, user[0], "loud", record=False)[0] == ["5:5 CH005"]
    assert check_file(tmp_path, user[0], "recorded", record=True)[0] == ["5:5 CH005"]


def test_a_file_in_a_folder_the_walk_skips_follows_its_imports(tmp_path: Path) -> None:
    """`build/` is not walked: a file there still finds the client beside it."""
    user = "from .store import client\n\n\nasync def f():\n    client.get(1)\n"
    write_files(tmp_path, {**PLAIN, "build/__init__.py": "", "build/store.py": REDIS})
    write_files(tmp_path, {"build/user.py": user})
    assert check_file(tmp_path, "build/user.py", "skipped", record=False)[0] == ["5:5 CH005"]


def test_a_link_to_a_folder_counts_as_a_module_that_says_redis(tmp_path: Path) -> None:
    """The walk does not go through links to folders; a lookup does: `app/vendor` leads
    into `build/`, which the walk skips."""
    write_files(tmp_path, {**PLAIN, "build/vendor/store.py": REDIS})
    os.symlink(tmp_path / "build" / "vendor", tmp_path / "app" / "vendor")
    user = USER.replace("app.store", "app.vendor.store")
    write_files(tmp_path, {"app/user.py": user})
    assert check_file(tmp_path, "app/user.py", "linked", record=False)[0] == ["5:5 CH005"]


def test_the_project_is_walked_once_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, PLAIN)
    walks: list[str] = []
    real = finder.speaking_names

    def spy(root: str, *args: Any) -> finder.Names:
        walks.append(root)
        return real(root, *args)

    monkeypatch.setattr(finder, "speaking_names", spy)
    for name in _checked(PLAIN):
        check_file(tmp_path, name, "once", record=False)
    assert walks == [str(tmp_path)]


def test_every_file_finds_what_a_recorded_check_finds(tmp_path: Path) -> None:
    """The project of `test_followed_once` (absolute, relative, re-exported and self imports,
    a package re-exporting a client): each file's findings in a run that records nothing, where
    imports that cannot lead to a module saying `redis` are not followed, are those of a check
    that follows every import."""
    write_files(tmp_path, PROJECT)
    for name in _checked(PROJECT):
        recorded = check_file(tmp_path, name, f"alone-{name}", record=True)[0]
        assert check_file(tmp_path, name, "shared", record=False)[0] == recorded, name
