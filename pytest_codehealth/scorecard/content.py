"""The working tree's content as one hash: the key the other tools' results are cached by.

It covers what ruff and mypy may read: every Python, stub, notebook and config file under the
project folder, tracked or not (git's ignored files and our skipped folders left out), by
path and bytes. Any edit there makes a new key; nothing else does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.engine.run import SKIP_DIRS

SUFFIXES = frozenset({".py", ".pyi", ".ipynb", ".toml", ".ini", ".cfg"})


def content_key(root: Path, top: Path | None) -> str:
    digest = hashlib.sha256()
    for path in sorted(_files(root, top)):
        try:
            data = path.read_bytes()
        except OSError:
            data = b"\0unreadable"  # a file that vanished or cannot be read: still a state
        digest.update(f"{path}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def _files(root: Path, top: Path | None) -> list[Path]:
    listed = _listed(root, top) if top is not None else None
    return listed if listed is not None else list(_walked(root))


def _listed(root: Path, top: Path) -> list[Path] | None:
    """Tracked files and untracked ones git does not ignore, under `root`; None if git fails."""
    try:
        listing = gitref.git(
            top, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", str(root)
        )
    except GitError:
        return None  # an odd repository: the caller walks the folder instead
    names = listing.decode(errors="surrogateescape").split("\0")
    return [top / name for name in names if name and Path(name).suffix in SUFFIXES]


def _walked(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if name not in SKIP_DIRS and not name.startswith(".")]
        for name in files:
            if Path(name).suffix in SUFFIXES:
                yield Path(folder, name)
