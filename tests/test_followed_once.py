"""An import is followed once a run for every file whose import of it leads to the same place.

The Redis rules ask, of each import of a file that does not mention Redis, whether it brings a
Redis object from another module of the project (`_remote.Remote.offers`). Files of one
package import the same modules: the answer is worked out once a run for the files whose
import starts from the same folders (the same folder, for a relative import), and what it
looked up and read is recorded in each file's `depends-on` as if worked out there. Counted in
lookups, never in time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import load_settings
from pytest_codehealth.engine import analysis, modules
from pytest_codehealth.engine.modules import Location

REDIS = "import redis.asyncio as aioredis\n\nclient = aioredis.from_url('redis://x')\n"
PLAIN = "thing = object()\n"
PROJECT = {
    "app/__init__.py": "from .db import thing\n",
    "app/db.py": PLAIN,
    "app/redis_store.py": REDIS,
    "app/reexport.py": "from .redis_store import client as cache\n",
    "app/a.py": "from app.db import thing\nfrom app.reexport import cache\n"
    "import app.reexport\n\n\nasync def f():\n"
    "    thing.get(1)\n    app.reexport.cache.get(1)\n",
    "app/b.py": "from app.db import thing\nfrom . import reexport\n\n\ndef g():\n"
    "    return thing.get(1)\n",
    "app/sub/__init__.py": "",
    "app/sub/c.py": "from app.reexport import cache\n\n\nasync def h():\n    cache.set(1, 2)\n",
    "app/sub/d.py": "from app import thing\nfrom ..db import thing as same\n",
    "app/sub/e.py": "import app.sub.c\nfrom .c import h\n",
    "tools/run.py": "from app.db import thing\nimport helpers\n\nthing.go()\n",
    "tools/helpers.py": PLAIN,
}
CHECKED = [name for name in PROJECT if not name.endswith("__init__.py")]


def write_files(root: Path, files: dict[str, str] = PROJECT) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def check_file(root: Path, name: str, run: str, record: bool) -> tuple[list[str], Any]:
    """The findings and the `depends-on` record of one file, checked with the default gates."""
    settings = load_settings(None, {}, root).for_parts(tuple(name.split("/")))
    location = Location(root / name, root, run, record)
    result = analysis.analyse_bytes(name, root / name, settings, location)
    found = [f"{finding.line}:{finding.col} {finding.code}" for finding in result.findings]
    return found, result.facts.get(modules.DEPENDS_ON)


def lookups(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every import a check looked up, as (name, level)."""
    asked: list[tuple[str, int]] = []
    real = modules.Probe.find

    def spy(self: modules.Probe, origin: Path, name: str, level: int, **how: bool) -> Path | None:
        asked.append((name, level))
        return real(self, origin, name, level, **how)

    monkeypatch.setattr(modules.Probe, "find", spy)
    return asked


def test_the_files_of_a_package_follow_an_import_once_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "from app.db import thing\n\nthing.get(1)\n"
    files = {f"app/m{number}.py": text for number in range(6)}
    db = "thing = object()  # not a redis client\n"  # says it: its imports are followed
    others = {"app/__init__.py": "", "app/db.py": db}
    for name, content in {**files, **others}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    asked = lookups(monkeypatch)
    for name in files:
        assert check_file(tmp_path, name, "one-run", record=False) == ([], None)
    # `app.db.thing` (not a module), then `app.db`: once, not once per file
    assert sorted(asked) == [("app.db", 0), ("app.db.thing", 0)]


def test_each_run_follows_the_import_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path)
    asked = lookups(monkeypatch)
    check_file(tmp_path, "app/a.py", "first", record=False)  # `app.reexport` says `redis_store`
    first = len(asked)
    check_file(tmp_path, "app/a.py", "second", record=False)
    assert first > 0
    assert len(asked) == 2 * first


@pytest.mark.parametrize("order", [CHECKED, CHECKED[::-1]], ids=["in-order", "reversed"])
def test_a_check_says_and_records_what_it_would_alone(tmp_path: Path, order: list[str]) -> None:
    """Findings and `depends-on` (files read, where each import led) as a file alone gives
    them, whatever the files checked before it in the run."""
    write_files(tmp_path)
    alone = {name: check_file(tmp_path, name, f"alone-{name}", record=True) for name in order}
    shared = {name: check_file(tmp_path, name, "shared", record=True) for name in order}
    assert shared == alone
    assert alone["app/a.py"][0] == ["8:5 CH005"]
    assert alone["app/sub/c.py"][0] == ["5:5 CH005"]
    assert alone["tools/run.py"][1] is not None  # it followed `app.db` and `helpers`


def test_a_recorded_check_after_one_that_records_nothing_records_everything(
    tmp_path: Path,
) -> None:
    """The answers a check that records nothing worked out are not replayed into one that
    records: it records every file and lookup, as alone."""
    write_files(tmp_path)
    alone = check_file(tmp_path, "app/b.py", "alone", record=True)
    check_file(tmp_path, "app/a.py", "mixed", record=False)
    assert check_file(tmp_path, "app/b.py", "mixed", record=True) == alone
    assert alone[1] is not None
