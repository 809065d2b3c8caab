"""Constructors compared as callers call them: `__new__`, inherited `__init__` (issue 14)."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_codehealth.compat.checks import check_api
from pytest_codehealth.compat.static import extract


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in [name for name in sys.modules if name.partition(".")[0] == "ctorpkg"]:
        del sys.modules[name]


def _breaks(root: Path, old: str, new: str) -> list[str]:
    (root / "ctorpkg").mkdir()
    (root / "ctorpkg" / "__init__.py").write_text("")
    (root / "ctorpkg" / "mod.py").write_text(textwrap.dedent(new))
    api = extract(textwrap.dedent(old), "ctorpkg.mod", "old")
    return check_api(api, root).errors


CASES = [
    pytest.param(
        # pyparsing 2.4.7 -> 3.0.0: `ParseResults([1], "n", True)` raises TypeError in 3.0.0
        """
        class ParseResults:
            def __new__(cls, toklist=None, name=None, asList=True, modal=True): ...
            def __init__(self, toklist=None, name=None, asList=True, modal=True): ...
        """,
        """
        class ParseResults:
            def __new__(cls, toklist=None, name=None, **kwargs):
                return object.__new__(cls)
            def __init__(self, toklist=None, name=None, asList=True, modal=True): ...
        """,
        [
            "signature: ParseResults(toklist=None, name=None, asList=True, modal=True) -> "
            "ParseResults(toklist=None, name=None, **kwargs): `asList` can no longer be passed "
            "by position; `modal` can no longer be passed by position"
        ],
        id="constructor-by-new",
    ),
    pytest.param(
        "class Failed(Exception):\n    pass\n",
        "class Failed(Exception):\n    def __init__(self, path, reason):\n        pass\n",
        [
            "signature: Failed(*args) -> Failed(path, reason): `*args` removed; "
            "new required parameter `path`; new required parameter `reason`"
        ],
        id="inherited-exception-init",
    ),
    pytest.param(
        "class Base:\n    def __init__(self, url, ttl=60): ...\nclass Cache(Base):\n    pass\n",
        "class Base:\n    def __init__(self, url, ttl=60): ...\n"
        "class Cache(Base):\n    def __init__(self, url, *, ttl=60): ...\n",
        ["signature: Cache(url, ttl=60) -> Cache(url, *, ttl=60): `ttl` became keyword-only"],
        id="inherited-from-a-class-of-the-module",
    ),
    pytest.param(
        "class Cache:\n    def __init__(self, url, ttl=60): ...\n",
        "class Cache:\n    def __init__(self, url, ttl=60, *, retries=3): ...\n",
        [],
        id="new-optional-keyword",
    ),
    pytest.param(
        "class Failed(Exception):\n    pass\n",
        "class Failed(ValueError):\n    pass\n",
        [],
        id="exception-rebased",
    ),
    pytest.param(
        "class Pool:\n    @staticmethod\n    def make(url): ...\n",
        "class Pool:\n    def make(self, url): ...\n",
        [
            "signature: Pool.make(url) -> Pool.make(self, url): a staticmethod became a method; "
            "through the class: `url` moved from position 1 to 2, new required parameter `self`"
        ],
        id="staticmethod-became-a-method",
    ),
    pytest.param(
        "class Pool:\n    @classmethod\n    def make(cls, url): ...\n",
        "class Pool:\n    @classmethod\n    def make(cls, url): ...\n",
        [],
        id="classmethod-kept",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_constructor_breaks(root: Path, old: str, new: str, expected: list[str]) -> None:
    assert _breaks(root, old, new) == expected


def test_a_missing_name_is_also_checked_where_it_still_lives(root: Path) -> None:
    (root / "ctorpkg").mkdir()
    (root / "ctorpkg" / "__init__.py").write_text("")
    (root / "ctorpkg" / "mod").mkdir()
    (root / "ctorpkg" / "mod" / "__init__.py").write_text("")
    (root / "ctorpkg" / "mod" / "core.py").write_text("def connect(url, *, ttl=60): ...\n")
    api = extract("def connect(url, ttl=60): ...\n", "ctorpkg.mod", "old")
    assert check_api(api, root).errors == [
        'missing: connect — add "from .core import connect" to ctorpkg/mod/__init__.py',
        "signature: connect(url, ttl=60) -> connect(url, *, ttl=60): `ttl` became keyword-only",
    ]


def test_defaults_are_spelled_the_same_way_on_both_sides(root: Path) -> None:
    old = "DEFAULT_TTL = 300\ndef connect(url, ttl=DEFAULT_TTL): ...\n"
    new = "DEFAULT_TTL = 300\ndef connect(url, *, ttl=DEFAULT_TTL): ...\n"
    assert _breaks(root, old, new) == [
        "signature: connect(url, ttl=DEFAULT_TTL) -> connect(url, *, ttl=DEFAULT_TTL): "
        "`ttl` became keyword-only"
    ]
