"""Where whole-project rules look: the project, and never more than the project.

The project is the config's `paths`, else the config's folder; without a config, the
repository (the nearest folder with `.git`) of each checked path, else the checked paths
themselves. Never the current folder's subtree just because the run started there, and never
the file system's root (`cd / && codehealth check --select CH020 /tmp/x/a.py`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pytest_codehealth.config.settings import Settings


def project_paths(paths: Sequence[str], settings: Settings, cwd: Path) -> list[str]:
    """The folders (or files) the whole-project pass walks for a run on `paths`."""
    given = [Path(os.path.abspath(cwd / path)) for path in paths]
    if settings.config_file is None:
        scopes = [_repository(path) for path in given]
    else:
        scopes = [settings.root / path for path in settings.paths] or [settings.root]
    if any(_is_root(scope) for scope in scopes):
        scopes = given
    return sorted({str(scope) for scope in scopes})


def _repository(path: Path) -> Path:
    """The nearest folder holding `.git` (a folder, or a file in a worktree), else `path`."""
    for folder in (path, *path.parents):
        if not _is_root(folder) and os.path.lexists(folder / ".git"):
            return folder
    return path


def _is_root(path: Path) -> bool:
    return path == Path(path.anchor)
