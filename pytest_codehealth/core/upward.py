"""The folders a config search walks: the start (if a folder), then each parent, up to the
repository's root (the first folder holding `.git`).

`config.load.find_config` looks for `pyproject.toml` in them; the front door
(`cli/front.py`) looks for the memo in their cache folders. Only `os`: the front door reads it
on every memo hit.
"""

from __future__ import annotations

import os
import stat

from pytest_codehealth.core import recorder

TYPE_CHECKING = False  # `typing` costs a memo hit more than the rest of it
if TYPE_CHECKING:
    from collections.abc import Iterator


def config_folders(start: str) -> Iterator[str]:
    """`start` resolved (never raises, even on a symbolic-link loop) if it is a folder, else
    its folder, then the folders above it; the one holding `.git` is the last."""
    folder = os.path.realpath(start)
    if not _is_folder(folder):
        folder = os.path.dirname(folder)
    while True:
        yield folder
        marker = os.path.join(folder, ".git")
        recorder.probed(marker)
        if _exists(marker):
            return
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def _is_folder(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return False


def _exists(path: str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True
