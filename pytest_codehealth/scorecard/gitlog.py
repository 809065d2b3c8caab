"""What git says about the project: the commit checked, the default base, churn, recent commits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.compat.gitref import GitError


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO 8601, UTC
    subject: str


def top_of(root: Path) -> Path | None:
    """The repository holding `root`, or None outside git (or without git)."""
    try:
        return gitref.toplevel(root)
    except GitError:
        return None


def head(top: Path) -> str | None:
    """The commit checked out, None before the first commit."""
    return ask(top, "rev-parse", "--verify", "--quiet", "HEAD")


def ask(top: Path, *args: str) -> str | None:
    """What git printed (stripped), None when it failed: for questions a no may answer."""
    try:
        return gitref.git(top, *args).decode(errors="replace").strip()
    except GitError:
        return None


def default_base(top: Path) -> tuple[str, str] | None:
    """The default branch (`origin/HEAD`, else `main`, else `master`) and its merge base with
    HEAD; None when there is no such branch or no common commit."""
    for branch in _default_branches(top):
        base = ask(top, "merge-base", "HEAD", branch)
        if base:
            return branch, base
    return None


def _default_branches(top: Path) -> list[str]:
    """`origin/HEAD`'s branch when the clone has one, then `main` and `master` if they exist."""
    found = []
    remote = ask(top, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
    if remote:
        found.append(remote.removeprefix("refs/remotes/"))
    for name in ("main", "master"):
        if ask(top, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}"):
            found.append(name)
    return found


def churn(top: Path, days: int) -> Counter[str]:
    """Commits touching each file (path from the top) over the last `days` days."""
    listing = gitref.git(
        top, "log", f"--since={days} days ago", "--format=", "--name-only", "-z", "HEAD"
    )
    names = (name.strip("\n") for name in listing.decode(errors="surrogateescape").split("\0"))
    return Counter(name for name in names if name.endswith(".py"))


def recent(top: Path, count: int) -> list[Commit]:
    """The last `count` commits of HEAD's first-parent line, oldest first."""
    listing = gitref.git(
        top, "log", "--first-parent", f"-n{count}", "--format=%H%x00%cI%x00%s", "HEAD"
    )
    commits = []
    for line in listing.decode(errors="replace").splitlines():
        sha, date, subject = line.split("\0", 2)
        when = datetime.fromisoformat(date).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        commits.append(Commit(sha, when, subject))
    return commits[::-1]
