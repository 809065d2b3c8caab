"""Stale patch targets, all of them: resolved against the new package (issue 14, item 6)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.compat.patch_sites import patch_sites
from tests.plugin.compat_project import split_module, write

OLD = """\
import aioredis

from app.util import helper


def connect(url):
    return aioredis.from_url(url)


def stats():
    return helper()
"""
NEW = {
    "__init__.py": "from .client import connect\nfrom .metrics import helper, stats\n",
    "client.py": "import aioredis\n\n\ndef connect(url):\n    return aioredis.from_url(url)\n",
    "metrics.py": "from app.util import helper\n\n\ndef stats():\n    return helper()\n",
}
TESTS = """\
from unittest import mock

import app.cache
from app import cache


@mock.patch("app.cache.aioredis.from_url")
def test_connect(from_url):
    cache.connect("redis://")


def test_stats(monkeypatch):
    monkeypatch.setattr("app.cache.helper", lambda: 2)
    monkeypatch.setattr(cache, "aioredis", None)
    with mock.patch.object(app.cache, "connect"), mock.patch("app.cache.later", create=True):
        cache.stats()
    with mock.patch("app.cache.nothing"):
        pass
"""
HEADER = "app.cache is not backward compatible with git HEAD:app/cache.py (imported at run time):"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "aioredis.py", "def from_url(url):\n    return url\n")  # a stand-in
    write(tmp_path, "app/__init__.py", "")
    write(tmp_path, "app/util.py", "def helper():\n    return 1\n")
    write(tmp_path, "tests/test_cache.py", TESTS)
    return split_module(tmp_path, "app.cache", OLD, NEW)


def test_failing_targets_are_errors_with_the_target_to_use(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compat", "--ref", "HEAD"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        HEADER,
        'patch target: tests/test_cache.py:7: "app.cache.aioredis.from_url" fails (app.cache '
        'has no attribute `aioredis`) — patch "app.cache.client.aioredis.from_url"',
        'patch target: tests/test_cache.py:14: "app.cache.aioredis" fails (app.cache has no '
        'attribute `aioredis`) — patch "app.cache.client.aioredis"',
        'patch target: tests/test_cache.py:17: "app.cache.nothing" fails (app.cache has no '
        "attribute `nothing`) — no submodule of app.cache has `nothing`",
        'warning: app.cache: patch target: tests/test_cache.py:13: "app.cache.helper" replaces '
        "only the re-export; the code that uses it looks up its own global — patch "
        '"app.cache.metrics.helper"',
    ]


def test_fixed_targets_pass(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fixed = TESTS.replace('"app.cache.aioredis', '"app.cache.client.aioredis')
    fixed = fixed.replace("(cache, ", "(cache.client, ").replace('"app.cache.helper"', '"x.y"')
    write(repo, "tests/test_cache.py", fixed.replace("app.cache.nothing", "app.cache.stats"))
    assert main(["compat", "--ref", "HEAD"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param('patch("app.cache.x")', [(1, "app.cache.x", False)], id="patch"),
        pytest.param('mocker.patch("app.cache.x")', [(1, "app.cache.x", False)], id="mocker"),
        pytest.param(
            'mock.patch(target="app.cache.x", create=True)',
            [(1, "app.cache.x", True)],
            id="keyword-create",
        ),
        pytest.param('mock.patch.dict("app.cache.SETTINGS")', [(1, "app.cache.SETTINGS", False)]),
        pytest.param(
            'import app.cache as c\nmock.patch.object(c, "x")', [(2, "app.cache.x", False)]
        ),
        pytest.param(
            'from app import cache\nmonkeypatch.setattr(cache, "x", 1, raising=False)',
            [(2, "app.cache.x", True)],
            id="monkeypatch-object",
        ),
        pytest.param('monkeypatch.delattr("app.cache.x")', [(1, "app.cache.x", False)]),
        pytest.param('patch("app.cachex.y")', [], id="another-module"),
        pytest.param('patch("app.cache")', [], id="the-module-itself"),
        pytest.param('setattr(cache, "x", 1)', [], id="builtin-setattr"),
        pytest.param('mock.patch.object(unknown, "x")', [], id="unknown-object"),
    ],
)
def test_patch_sites(tmp_path: Path, source: str, expected: list[tuple[int, str, bool]]) -> None:
    ast.parse(source)  # the cases are valid Python
    write(tmp_path, "tests/test_x.py", source)
    found = patch_sites(tmp_path, "app.cache")
    assert [(site.line, site.target, site.optional) for site in found] == expected
