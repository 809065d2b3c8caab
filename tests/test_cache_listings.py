"""Folder listings kept between runs: a settled folder whose stat is unchanged is not listed.

A folder's mtime and ctime change whenever an entry is added, removed or renamed in it, so a
warm run stats each folder instead of listing it; a folder changed within `SETTLE_NS` of the
run that listed it, or holding links, is always listed again.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import cache, discovery

AN_HOUR_AGO = time.time() - 3600
FOLDERS = ("pkg", "pkg/sub", "pkg/locale/de/LC_MESSAGES", "pkg/locale/fr/LC_MESSAGES")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for folder in FOLDERS:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pkg/a.py").write_text("x = 1\n")
    (tmp_path / "pkg/sub/b.py").write_text("try:\n    f()\nexcept OSError:\n    pass\n")
    (tmp_path / "pkg/locale/de/LC_MESSAGES/django.po").write_text("")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _settle(root: Path) -> None:
    """Every folder and file under `root` last changed an hour ago."""
    for path in sorted(root.rglob("*"), reverse=True):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


@pytest.fixture
def listed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders listed with `os.scandir` (not known from an earlier run)."""
    seen: list[str] = []
    original = os.scandir

    def spy(path: str) -> object:
        seen.append(os.path.basename(path))
        return original(path)

    monkeypatch.setattr(discovery, "scandir", spy)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(["check", "--jobs", "1", *argv, "pkg"])
    return capsys.readouterr().out


def test_a_settled_folder_is_listed_once(
    tree: Path, listed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _settle(tree)
    first = _run(capsys)
    assert "pkg/sub/b.py:3:1: CH002" in first
    assert len(listed) == 7  # pkg, sub, locale, de, fr, and their LC_MESSAGES
    listed.clear()
    assert _run(capsys) == first
    assert listed == ["pkg"]  # only the folder named: what a run asks for is listed


SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"


def _add(root: Path) -> None:
    (root / "pkg/sub/c.py").write_text(SWALLOW)


def _remove(root: Path) -> None:
    (root / "pkg/sub/b.py").unlink()


def _rename(root: Path) -> None:
    (root / "pkg/sub/b.py").rename(root / "pkg/sub/d.py")


def _add_deep(root: Path) -> None:
    (root / "pkg/locale/fr/LC_MESSAGES/e.py").write_text(SWALLOW)


@pytest.mark.parametrize(
    ("change", "shown", "gone"),
    [
        pytest.param(_add, "pkg/sub/c.py:3:1: CH002", None, id="added"),
        pytest.param(_remove, None, "pkg/sub/b.py", id="removed"),
        pytest.param(_rename, "pkg/sub/d.py:3:1: CH002", "pkg/sub/b.py", id="renamed"),
        pytest.param(_add_deep, "LC_MESSAGES/e.py:3:1: CH002", None, id="deep"),
    ],
)
def test_a_changed_folder_is_listed_again(
    tree: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[Path], None],
    shown: str | None,
    gone: str | None,
) -> None:
    _settle(tree)
    _run(capsys)
    change(tree)
    cached = _run(capsys)
    assert shown is None or shown in cached
    assert gone is None or gone not in cached
    assert cached == _run(capsys, "--no-cache")  # what a run without any cache says


def test_a_folder_changed_just_before_the_run_is_not_remembered(
    tree: Path, listed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _run(capsys)  # every folder was just made: none can vouch for its listing yet
    listed.clear()
    _run(capsys)
    assert len(listed) == 7


def test_a_damaged_listings_file_is_an_empty_one(
    tree: Path, listed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    _settle(tree)
    first = _run(capsys)
    (stored,) = tree.glob(".codehealth_cache/*/folders")
    stored.write_text('{"folders": {"x": 1, ')
    for walks in tree.glob(".codehealth_cache/*/walks.marshal"):  # nor the walk kept
        walks.unlink()
    listed.clear()
    assert _run(capsys) == first
    assert len(listed) == 7


def test_a_folder_holding_a_link_is_listed_every_run(
    tree: Path, listed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A link's target can change (a file today, a folder tomorrow) without its folder."""
    (tree / "pkg/sub/link.py").symlink_to(tree / "pkg/a.py")
    _settle(tree)
    _run(capsys)
    listed.clear()
    _run(capsys)
    assert listed == ["pkg", "sub"]


def test_listings_follow_the_cache_when_it_cannot_be_written(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache folder made behind the cache's back (it holds its tag and `.gitignore`), and
    one note for the run, the cache's."""
    _settle(tree)

    def refuse(self: cache.Cache, folder: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.Cache, "_prepare", refuse)
    main(["check", "--jobs", "1", "pkg"])
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("codehealth: note: cache disabled, cannot write ")
    assert not (tree / cache.CACHE_DIR).exists()
