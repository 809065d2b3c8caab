"""Whole walks kept between runs (`engine/walks.py`): a walk whose folders all stat as they
did finds what it found, rebuilt without listing them; any change walks again, and the run
says what a run without any cache says."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import listings, walks
from tests.test_cache_listings import AN_HOUR_AGO, FOLDERS, SWALLOW

SUB = "pkg/sub"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.codehealth]\n")
    for folder in FOLDERS:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pkg/a.py").write_text("x = 1\n")
    (tmp_path / SUB / "b.py").write_text(SWALLOW)
    (tmp_path / "pkg/locale/de/LC_MESSAGES/django.po").write_text("")
    for path in sorted(tmp_path.rglob("*"), reverse=True):
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the walk asked `Listings` for (not known from a walk kept)."""
    seen: list[str] = []
    real = listings.Listings.listing

    def spy(self: listings.Listings, folder: str, list_now: Callable[..., object]) -> object:
        seen.append(os.path.basename(folder))
        return real(self, folder, list_now)  # type: ignore[arg-type]

    monkeypatch.setattr(listings.Listings, "listing", spy)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(["check", "--jobs", "1", *argv, "pkg"])
    return capsys.readouterr().out


def test_a_walk_of_settled_folders_is_kept_and_reused(
    tree: Path, asked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(capsys)
    assert len(asked) == 6  # every folder below `pkg`
    assert list(tree.glob(".codehealth_cache/*/walks.marshal"))
    asked.clear()
    assert _run(capsys) == first == _run(capsys, "--no-cache")
    assert asked == []


def _atomic_save(root: Path) -> None:
    """An editor's save: a new file moved over the old one (a new inode)."""
    (root / SUB / ".b.py.swp").write_text(SWALLOW + SWALLOW.replace("OSError", "ValueError"))
    (root / SUB / ".b.py.swp").rename(root / SUB / "b.py")


def _top_file(root: Path) -> None:
    (root / "pkg/c.py").write_text(SWALLOW)


def _folder_renamed(root: Path) -> None:
    (root / SUB).rename(root / "pkg/other")


def _folder_added(root: Path) -> None:
    (root / "pkg/locale/new").mkdir()
    (root / "pkg/locale/new/d.py").write_text(SWALLOW)


def _excluded(root: Path) -> None:
    (root / "pyproject.toml").write_text('[tool.codehealth]\nexclude = ["sub"]\n')


def _removed(root: Path) -> None:
    (root / SUB / "b.py").unlink()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(_atomic_save, id="atomic-save"),
        pytest.param(_top_file, id="file-added-in-the-top"),
        pytest.param(_folder_renamed, id="folder-renamed"),
        pytest.param(_folder_added, id="folder-added-deep"),
        pytest.param(_excluded, id="exclude-added"),
        pytest.param(_removed, id="file-removed"),
    ],
)
def test_a_change_walks_again(
    tree: Path, capsys: pytest.CaptureFixture[str], change: Callable[[Path], None]
) -> None:
    first = _run(capsys)
    assert _run(capsys) == first
    change(tree)
    after = _run(capsys)
    assert after != first
    assert after == _run(capsys, "--no-cache") == _run(capsys)


def test_a_walk_from_another_folder_is_not_reused(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Displayed paths depend on the current folder: the key holds it."""
    _run(capsys)
    monkeypatch.chdir(tree / "pkg")
    main(["check", "--jobs", "1", "."])
    here = capsys.readouterr().out
    main(["check", "--jobs", "1", "--no-cache", "."])
    assert here == capsys.readouterr().out
    assert "sub/b.py:3:1: CH002" in here


def test_a_damaged_walks_file_is_an_empty_one(
    tree: Path, asked: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(capsys)
    (stored,) = tree.glob(".codehealth_cache/*/walks.marshal")
    data = stored.read_bytes()
    stored.write_bytes(data[:-3] + b"xyz")
    asked.clear()
    assert _run(capsys) == first
    assert len(asked) == 6


def test_a_walk_through_unsettled_folders_is_not_kept(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / SUB / "c.py").write_text(SWALLOW)  # `pkg/sub` changed just now
    _run(capsys)
    assert list(tree.glob(".codehealth_cache/*/walks.marshal")) == []


def test_the_walks_kept_are_few(
    tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(walks, "KEPT", 2)
    for number in range(3):
        main(["check", "--jobs", "1", "--exclude", f"x{number}", "pkg"])
    capsys.readouterr()
    (stored,) = tree.glob(".codehealth_cache/*/walks.marshal")
    assert len(walks._read(stored)) == 2
