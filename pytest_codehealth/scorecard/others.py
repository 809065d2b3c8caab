"""Run the other tools (see `tools`) on the working tree and, with `--since`, at the ref.

Results are cached in our cache folder by a content key: the tool, its version, the paths,
and the checked files' bytes (now) or the commit's tree (at the ref), so a tool runs once
per content. Without our cache, nothing is kept and the tools' own caches are temporary.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.scorecard.content import content_key
from pytest_codehealth.scorecard.gitlog import ask
from pytest_codehealth.scorecard.tools import Tool, ToolError, configured, installed, run_tool
from pytest_codehealth.scorecard.worktree import detached

NAMES = ("ruff", "mypy")


@dataclass(frozen=True)
class Where:
    """The project: its folder, the report's paths in it, its repository and the ref."""

    root: Path
    paths: tuple[str, ...]  # relative to `root`
    top: Path | None = None
    since: str | None = None  # the commit to compare with


@dataclass
class _Runs:
    """Tool results by content key, in `store` (None: not kept); the tools' caches in `work`."""

    where: Where
    store: Path | None
    work: Path
    notes: list[str] = field(default_factory=list)

    def counts(self, tool: Tool, folder: Path, content: str, when: str) -> dict[str, Any] | None:
        key = self.key(tool, content)
        hit = self.load(key)
        if hit is not None:
            return hit
        try:
            counts = run_tool(tool, folder, self.where.paths, self.work)
        except ToolError as exc:
            self.notes.append(f"{tool.name} failed {when}: {exc}")
            return None
        self.save(key, counts)
        return counts

    def key(self, tool: Tool, content: str) -> str:
        text = json.dumps([tool.name, tool.version, list(self.where.paths), content])
        return hashlib.sha256(text.encode()).hexdigest()

    def load(self, key: str) -> dict[str, Any] | None:
        if self.store is None:
            return None
        try:
            found = json.loads((self.store / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # not cached yet, or unreadable: run the tool
        return found if isinstance(found, dict) and "total" in found else None

    def save(self, key: str, counts: dict[str, Any]) -> None:
        if self.store is None:
            return
        try:
            (self.store / f"{key}.json").write_text(json.dumps(counts), encoding="utf-8")
        except OSError:
            self.store = None  # an uncached result is still a result; stop trying


def other_tools(where: Where, store: Path | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Each configured, installed tool's counts now and at the ref; notes for the others."""
    content = content_key(where.root, where.top)
    with tempfile.TemporaryDirectory(prefix="codehealth-tools-") as work:
        runs = _Runs(where, store, store or Path(work))
        found = []
        for name in NAMES:
            tool = _usable(name, where.root, runs.notes)
            if tool is not None:
                now = runs.counts(tool, where.root, content, "now")
                since = _at_ref(tool, runs)
                found.append({"name": name, "version": tool.version, "now": now, "since": since})
    return found, runs.notes


def _usable(name: str, root: Path, notes: list[str]) -> Tool | None:
    if not configured(name, root):
        notes.append(f"{name} is not configured in this project: left out")
        return None
    tool = installed(name)
    if tool is None:
        notes.append(f"{name} is not installed: left out")
    return tool


def _at_ref(tool: Tool, runs: _Runs) -> dict[str, Any] | None:
    """The tool's counts in a temporary worktree of the ref (none made when cached)."""
    top, since = runs.where.top, runs.where.since
    if top is None or since is None:
        return None
    tree = ask(top, "rev-parse", f"{since}^{{tree}}") or since
    hit = runs.load(runs.key(tool, tree))
    if hit is not None:
        return hit
    inside = runs.where.root.resolve().relative_to(top.resolve())
    try:
        with detached(top, since) as folder:
            return runs.counts(tool, folder / inside, tree, "at the ref")
    except GitError as exc:
        runs.notes.append(f"{tool.name} at the ref left out: cannot make a worktree: {exc}")
        return None
