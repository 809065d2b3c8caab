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


COMMIT = "\x01"  # what `churn`'s log prints before each commit's changes (`%x01`)


def churn(top: Path, days: int) -> Counter[str]:
    """Commits touching each file (path from the top) over the last `days` days, under the name
    it has now: a commit that touched it under an earlier name counts (a rename git detects,
    as when a split moves a module into a package), one that touched another file which had
    its name before it does not."""
    listing = gitref.git(
        top,
        *("log", f"--since={days} days ago", "--format=%x01", "--name-status", "-M", "-z"),
        "HEAD",
    )
    counts: Counter[str] = Counter()
    for touched in _renamed(listing.decode(errors="surrogateescape").split("\0")):
        counts.update(name for name in touched if name.endswith(".py"))
    return counts


def _renamed(fields: list[str]) -> list[set[str]]:
    """The names, as they are now, each commit touched, newest commit first: `fields` is the
    log's `-z --name-status` output, a status then one path (two for a rename or a copy)."""
    later: dict[str, str] = {}  # a name a newer commit renamed -> the name it has now
    commits: list[set[str]] = []
    position = 0
    while position < len(fields):
        status = fields[position].strip("\n")
        position += 1
        if status == COMMIT:
            commits.append(set())
        elif status[:1] in ("R", "C") and commits:
            old, new = fields[position : position + 2]
            position += 2
            now = later.get(new, new)
            commits[-1].add(now)
            if status[0] == "R":  # older commits touched it as `old`
                later[old] = now
        elif status and commits:
            path = fields[position]
            position += 1
            commits[-1].add(later.get(path, path))
    return commits


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
