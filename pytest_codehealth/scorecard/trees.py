"""Trees at commits, read with one `git cat-file --batch` and analysed by content (no checkout).

Only the files the report covers are read: `.py` files under its paths, inside the config
root, not excluded. A blob unchanged between commits is analysed once (`BlobAnalyser`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pytest_codehealth.compat import gitref
from pytest_codehealth.config.settings import Settings
from pytest_codehealth.engine.blobs import Blob, BlobAnalyser
from pytest_codehealth.engine.run import SKIP_DIRS
from pytest_codehealth.scorecard.collect import duplicated, selected
from pytest_codehealth.scorecard.model import Snapshot, snapshot


@dataclass(frozen=True)
class Listed:
    """A covered file at a commit: its blob, how it is shown, its parts from the config root."""

    name: str  # the path from the repository top
    blob: str
    display: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """Which files of the repository at `top` the report covers, and how it shows them."""

    top: Path
    settings: Settings
    cwd: Path
    paths: tuple[Path, ...]  # resolved

    @classmethod
    def of(cls, top: Path, settings: Settings, cwd: Path, paths: Sequence[str]) -> Scope:
        return cls(top.resolve(), settings, cwd, tuple((cwd / p).resolve() for p in paths))

    def listed(self, commit: str) -> list[Listed]:
        """The covered files at `commit`."""
        root = self.settings.root.resolve()
        found = []
        for name, blob in sorted(gitref.tree_files(self.top, commit).items()):
            path = self.top / PurePosixPath(name)
            if not any(_covers(p, path) for p in self.paths):
                continue
            if root not in path.parents:
                continue  # outside the config's folder, as discovery sees it
            parts = path.relative_to(root).parts
            if self.settings.excluded(parts) or not SKIP_DIRS.isdisjoint(parts[:-1]):
                continue
            found.append(Listed(name, blob, self._display(path), parts))
        return found

    def _display(self, path: Path) -> str:
        try:
            return path.relative_to(self.cwd.resolve()).as_posix()
        except ValueError:
            return os.path.relpath(path, self.cwd)


def _covers(given: Path, path: Path) -> bool:
    """`given` is `path` or a folder above it; a package folder also covers the module it was
    before a split (`pkg/big/` covers `pkg/big.py`), so its report has a before."""
    return path in (given, given.with_name(f"{given.name}.py")) or given in path.parents


def snapshots(scope: Scope, commits: Sequence[str], analyser: BlobAnalyser) -> dict[str, Snapshot]:
    """Each commit's snapshot; every blob of all of them read by one `git cat-file` process."""
    listings = {commit: scope.listed(commit) for commit in commits}
    wanted = {item.blob for listing in listings.values() for item in listing}
    contents = gitref.read_blobs(scope.top, sorted(wanted))
    found = {}
    for commit, listing in listings.items():
        blobs = [Blob(i.display, i.parts, contents[i.blob]) for i in listing if i.blob in contents]
        results = analyser.results(blobs)
        parts = {item.display: item.parts for item in listing}
        every = [finding for result in results.values() for finding in result.findings]
        every += analyser.project(blobs, results, scope.settings.selected)
        findings = selected(every, scope.settings)
        found[commit] = snapshot(results, parts, findings, duplicated(findings, scope.settings))
    return found
