"""Which files a run checks: folders walked, explicit files kept, excludes honoured."""

from __future__ import annotations

import os
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
    """A file to check: where it is, how to show it, its parts relative to the config root."""

    path: Path
    display: str
    parts: tuple[str, ...]


def discover(paths: Sequence[str], settings: Settings, cwd: Path) -> list[Target]:
    """Files under `paths`: folders are walked; files named explicitly are kept unless excluded."""
    targets: dict[str, Target] = {}
    for raw in paths:
        path = Path(raw)
        full = path if path.is_absolute() else cwd / path
        if not full.exists() and not full.is_symlink():
            raise MissingPathError(raw)
        if full.is_dir() and not raw.endswith(".py"):
            found: Iterable[Path] = _walk(full, settings)
        elif not settings.excluded(parts_of(full, settings.root)):
            found = [full]
        else:
            found = []
        for file in found:
            target = Target(file, _display(file, cwd), parts_of(file, settings.root))
            targets.setdefault(target.display, target)
    return sorted(targets.values(), key=lambda target: target.display)


def _walk(top: Path, settings: Settings) -> Iterator[Path]:
    for folder, dirs, files in os.walk(top):
        base = Path(folder)
        # a folder named `x.py` is reported as unreadable (CH000), not walked
        candidates = sorted([*files, *(name for name in dirs if name.endswith(".py"))])
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.endswith(".py") and not _skip_dir(base / name, settings)
        )
        for name in candidates:
            if name.endswith(".py") and not settings.excluded(parts_of(base / name, settings.root)):
                yield base / name


def _skip_dir(path: Path, settings: Settings) -> bool:
    if path.name in SKIP_DIRS or (path / "pyvenv.cfg").exists():
        return True
    return settings.excluded(parts_of(path, settings.root))


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
