"""A temporary `git worktree` of a commit, for tools that need files on disk (ruff, mypy).

Made in a temporary folder, never in the user's tree, and removed afterwards, even when the
tool fails or is interrupted; `git worktree prune` drops what a removal could not.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.scorecard.gitlog import ask

NO_HOOKS = ("-c", "core.hooksPath=/dev/null")  # a checkout runs `post-checkout`: not ours to run


@contextmanager
def detached(top: Path, commit: str) -> Iterator[Path]:
    """The files of `commit` in a temporary folder; GitError when git cannot make it."""
    with tempfile.TemporaryDirectory(prefix="codehealth-ref-") as folder:
        where = Path(folder) / "tree"
        gitref.git(top, *NO_HOOKS, "worktree", "add", "--detach", "--quiet", str(where), commit)
        try:
            yield where
        finally:
            ask(top, "worktree", "remove", "--force", str(where))
    ask(top, "worktree", "prune")
