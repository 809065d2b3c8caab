"""Put the scorecard together: the working tree, the tree at `--since`, compat, churn, trend."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core.source import read
from pytest_codehealth.engine.blobs import Blob, BlobAnalyser
from pytest_codehealth.engine.cache import Cache
from pytest_codehealth.engine.run import Report
from pytest_codehealth.scorecard import gitlog
from pytest_codehealth.scorecard.collect import gates, limits, measure_now, measuring
from pytest_codehealth.scorecard.compat_status import compat_status
from pytest_codehealth.scorecard.history import trend
from pytest_codehealth.scorecard.model import Scorecard
from pytest_codehealth.scorecard.others import Where, other_tools
from pytest_codehealth.scorecard.trees import Scope, snapshots


@dataclass(frozen=True)
class Request:
    """What the command line asked for."""

    paths: list[str]
    cwd: Path
    since: str | None = None
    history: int = 0
    churn_days: int = 365
    jobs: int = 1
    cache: bool = True
    baseline: Path | None = None
    tools: bool = True


class NotARepositoryError(Exception):
    """`--since` or `--history` given outside a git repository."""


class BadRefError(Exception):
    """`--since` names no commit (the message lists the branches there are)."""


def build(request: Request, settings: Settings) -> tuple[Scorecard, Report]:
    """The scorecard, and the engine's report of the working tree (for `--fail-on-findings`)."""
    report, after = measure_now(
        request.paths, settings, request.cwd, jobs=request.jobs, cache=request.cache
    )
    card = Scorecard(
        root=str(settings.root),
        now_commit=None,
        since=None,
        gates=gates(report, settings, request.baseline, request.cwd),
        after=after,
        before=None,
        limits=limits(settings),
    )
    top = gitlog.top_of(settings.root)
    if top is None:
        if request.since or request.history:
            raise NotARepositoryError(f"{settings.root} is not in a git repository")
        card.notes.append("not a git repository: no before/after, hotspots or trend")
    else:
        _from_git(card, request, settings, top, report)
    if request.tools:
        _tools(card, request, settings, top)
    return card, report


def _tools(card: Scorecard, request: Request, settings: Settings, top: Path | None) -> None:
    root = settings.root.resolve()
    paths = []
    for path in request.paths:
        resolved = (request.cwd / path).resolve()
        if resolved == root or root in resolved.parents:
            paths.append(resolved.relative_to(root).as_posix())
    since = card.since["commit"] if card.since else None
    where = Where(settings.root, tuple(paths), top, since)
    store = Cache(settings.root).side_folder("tools") if request.cache else None
    card.tools, notes = other_tools(where, store)
    card.notes.extend(notes)


def _from_git(
    card: Scorecard, request: Request, settings: Settings, top: Path, report: Report
) -> None:
    card.now_commit = gitlog.head(top)
    store = Cache(settings.root) if request.cache else None
    analyser = BlobAnalyser(measuring(settings), store, request.jobs)
    _know_the_working_tree(analyser, report, request.cwd)
    scope = Scope.of(top, settings, request.cwd, request.paths)
    since = _since(request, top)
    if since is None:
        card.notes.append("no default branch (`origin/HEAD`, `main`, `master`): no before/after")
    else:
        card.since = {"ref": since[0], "commit": since[1]}
        card.before = snapshots(scope, [since[1]], analyser)[since[1]]
        card.compat = compat_status(settings, since[1])
    if card.now_commit is None:
        card.notes.append("no commit yet: no hotspots or trend")
        return
    if request.history:
        commits = gitlog.recent(top, request.history)
        card.trend = trend(scope, commits, analyser)
    churn = gitlog.churn(top, request.churn_days)
    card.churn = {item.display: churn[item.name] for item in scope.listed(card.now_commit)}


def _know_the_working_tree(analyser: BlobAnalyser, report: Report, cwd: Path) -> None:
    """A file unchanged since the ref (or in the trend) is not analysed again, cache or not."""
    for display, result in report.results.items():
        data = read(cwd / display, display)
        if isinstance(data, bytes):
            analyser.know(Blob(display, report.parts[display], data), result)


def _since(request: Request, top: Path) -> tuple[str, str] | None:
    """The ref and commit to compare with; GitError (naming the branches) for a bad ref."""
    if request.since:
        try:
            return request.since, gitref.commit_of(top, request.since)
        except GitError as exc:
            raise BadRefError(str(exc)) from None
    return gitlog.default_base(top)


__all__ = ["BadRefError", "GitError", "NotARepositoryError", "Request", "build"]
