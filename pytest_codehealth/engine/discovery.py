"""Which files a run checks: folders walked, explicit files kept, excludes honoured."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.config.settings import Settings

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "build",
        "dist",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".codehealth_cache",
        ".eggs",
    }
)


class MissingPathError(Exception):
    """A path named on the command line that does not exist."""


@dataclass(frozen=True)
class Target:
    """A file to check: where it is, how to show it, its parts relative to the config root.

    `problem` says why a folder could not be listed: the run reports it (CH000) instead of
    passing over the files it may hold.
    """

    path: Path
    display: str
    parts: tuple[str, ...]
    problem: str | None = None


def discover(paths: Sequence[str], settings: Settings, cwd: Path) -> list[Target]:
    """Files under `paths`: folders are walked; files named explicitly are kept unless excluded.

    A folder that cannot be listed is a target with a `problem`; a named path that cannot
    even be looked at (inside a folder without permission) is kept, and its read fails.
    """
    targets: dict[str, Target] = {}
    shown = _Shown(cwd)
    for raw in paths:
        path = Path(raw)
        full = path if path.is_absolute() else cwd / path
        mode = _mode(full)
        if mode is None:
            raise MissingPathError(raw)
        if stat.S_ISDIR(mode) and not raw.endswith(".py"):
            found: Iterable[tuple[Path, str | None, tuple[str, ...]]] = _walk(full, settings)
        elif not settings.excluded(parts := parts_of(full, settings.root)):
            found = [(full, None, parts)]
        else:
            found = []
        for file, problem, file_parts in found:
            target = Target(file, shown.display(file), file_parts, problem)
            targets.setdefault(target.display, target)
    return sorted(targets.values(), key=lambda target: target.display)


class _Shown:
    """Displayed paths, worked out once per folder (a tree has far fewer folders than files)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._folders: dict[str, str] = {}  # folder -> its displayed form + "/" ("" for cwd)

    def display(self, path: Path) -> str:
        folder, name = os.path.split(str(path))
        if not name:  # a path ending in a separator: no folder to share
            return _display(path, self.cwd)
        if folder not in self._folders:
            shown = _display(Path(folder), self.cwd)
            self._folders[folder] = "" if shown == "." else shown.rstrip("/") + "/"
        return self._folders[folder] + name


def _mode(path: Path) -> int | None:
    """The mode of what `path` names (followed if a link); 0 when it cannot be looked at;
    None when it does not exist."""
    try:
        return os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return 0 if os.path.islink(path) else None  # a broken link is reported when read
    except (OSError, ValueError):  # no permission to look; a NUL byte in the name
        return 0


def _walk(top: Path, settings: Settings) -> Iterator[tuple[Path, str | None, tuple[str, ...]]]:
    """Each file under `top` with its problem (None) and its parts; then unlisted folders."""
    unlisted: list[OSError] = []
    known: dict[str, tuple[str, ...]] = {}  # a folder's parts, from its parent's (top down)
    for folder, dirs, files in os.walk(top, onerror=unlisted.append):
        yield from _listing_problems(unlisted, top, settings.root)
        base_parts = known.pop(folder, None) or parts_of(Path(folder), settings.root)
        if "pyvenv.cfg" in files and folder != str(top):  # a virtual environment: skipped
            dirs[:] = []
            continue
        # a folder named `x.py` is reported as unreadable (CH000), not walked
        candidates = sorted([*files, *(name for name in dirs if name.endswith(".py"))])
        dirs[:] = _walked(dirs, base_parts, settings)
        known.update({os.path.join(folder, name): (*base_parts, name) for name in dirs})
        yield from _python_files(folder, candidates, base_parts, settings)
    yield from _listing_problems(unlisted, top, settings.root)


def _python_files(
    folder: str, names: list[str], base_parts: tuple[str, ...], settings: Settings
) -> Iterator[tuple[Path, str | None, tuple[str, ...]]]:
    for name in names:
        if name.endswith(".py") and not settings.excluded((*base_parts, name)):
            yield Path(folder, name), None, (*base_parts, name)


def _walked(dirs: list[str], base_parts: tuple[str, ...], settings: Settings) -> list[str]:
    """The subfolders to walk, in order: not `x.py`, not skipped, not excluded."""
    return sorted(
        name
        for name in dirs
        if not name.endswith(".py")
        and name not in SKIP_DIRS
        and not settings.excluded((*base_parts, name))
    )


def _listing_problems(
    errors: list[OSError], top: Path, root: Path
) -> Iterator[tuple[Path, str | None, tuple[str, ...]]]:
    """The folders `os.walk` could not list, with the reason, once each."""
    while errors:
        error = errors.pop(0)
        folder = Path(os.fsdecode(error.filename)) if error.filename else top
        reason = f"cannot list folder: {error.strerror or type(error).__name__}"
        yield folder, reason, parts_of(folder, root)


def parts_of(path: Path, root: Path) -> tuple[str, ...]:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).parts
    except ValueError:
        return absolute.parts[1:]


def _display(path: Path, cwd: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()
