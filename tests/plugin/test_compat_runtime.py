"""The old API read at run time: the ref's tree imported in a child process (issue 14, item 2)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from tests.plugin.compat_project import split_module

IMPORTED = "(imported at run time)"
EMIT = "def _emit(level, message, stream=None):\n    return level, message\n\n\n"

CASES = [
    pytest.param(
        # a callable built by assignment: the static read sees a variable, no signature
        "from functools import partial\n\n" + EMIT + 'warn = partial(_emit, "warning")\n',
        "def warn(message, *, stream=None):\n    return message\n",
        [
            "signature: warn(message, stream=None) -> warn(message, *, stream=None): "
            "`stream` became keyword-only"
        ],
        id="partial",
    ),
    pytest.param(
        # a constructor a class decorator made
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n"
        "    y: int = 0\n",
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Point:\n    x: int\n"
        "    z: int = 0\n    y: int = 0\n",
        ["signature: Point(x, y=0) -> Point(x, z=0, y=0): `y` moved from position 2 to 3"],
        id="dataclass",
    ),
    pytest.param(
        "from functools import partial\n\n" + EMIT + 'warn = partial(_emit, "warning")\n',
        "from functools import partial\n\n" + EMIT + 'warn = partial(_emit, "warning")\n',
        [],
        id="same-partial",
    ),
    pytest.param(
        # the kind read from the live class: a staticmethod made by assignment in the body
        "def _make(url):\n    return url\n\n\nclass Pool:\n    def make(url): ...\n\n"
        "    make = staticmethod(_make)\n",
        "class Pool:\n    def make(self, url): ...\n",
        [
            "signature: Pool.make(url) -> Pool.make(self, url): a staticmethod became a method; "
            "through the class: `url` moved from position 1 to 2, new required parameter `self`"
        ],
        id="staticmethod-by-assignment",
    ),
    pytest.param(
        # distro 1.6.0: on Python 3.8+ the name is functools' (an import, not API); the class
        # is a fallback for old Pythons; and a name bound only on another platform
        "import sys\n\ntry:\n    from functools import cached_property\nexcept ImportError:\n"
        "    class cached_property:\n        def __init__(self, f): ...\n\n"
        "if sys.platform == 'codehealth-os':\n    def only_there(): ...\n\n\ndef f(): ...\n",
        "def f(): ...\n",
        [],
        id="imported-or-unbound-at-run-time",
    ),
]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(root: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    split_module(root, "rtpkg.mod", old, {"__init__.py": "from .core import *\n", "core.py": new})
    (root / "rtpkg" / "__init__.py").write_text("")
    main(["compat", "--ref", "HEAD"])
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_signatures_of_the_imported_old_module(
    repo: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, expected: list[str]
) -> None:
    header = f"rtpkg.mod is not backward compatible with git HEAD:rtpkg/mod.py {IMPORTED}:"
    assert check(repo, old, new, capsys) == ([header, *expected] if expected else [])


def test_old_code_that_does_not_import_falls_back_to_the_static_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    old = "import codehealth_no_such_dependency\n\n\ndef connect(url, ttl=60):\n    return url\n"
    assert check(tmp_path, old, "def connect(url):\n    return url\n", capsys) == [
        "rtpkg.mod is not backward compatible with git HEAD:rtpkg/mod.py (read from source; "
        "the old module does not import: ModuleNotFoundError: No module named "
        "'codehealth_no_such_dependency'):",
        "signature: connect(url, ttl=60) -> connect(url): parameter `ttl` removed or renamed",
    ]


def test_the_old_code_runs_outside_the_checkout_and_the_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    old = "from pathlib import Path\n\nPath('ran.txt').write_text('old code ran here')\n"
    old += "X = 1\n"
    assert check(tmp_path, old, "X = 1\n", capsys) == []
    assert list(tmp_path.rglob("ran.txt")) == []  # it ran in the temporary tree, not here
    assert "rtpkg.mod" not in sys.modules
    assert "rtpkg" not in sys.modules
