"""The trend over the last N commits: findings per gate and the key sizes at each one.

Every blob of every commit is read by one `git cat-file --batch`; a file unchanged across
commits has the same blob, so the shared `BlobAnalyser` analyses it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pytest_codehealth.engine.blobs import BlobAnalyser
from pytest_codehealth.scorecard.gitlog import Commit
from pytest_codehealth.scorecard.model import Snapshot
from pytest_codehealth.scorecard.trees import Scope, snapshots


def trend(scope: Scope, commits: Sequence[Commit], analyser: BlobAnalyser) -> list[dict[str, Any]]:
    """One point per commit, oldest first."""
    found = snapshots(scope, [commit.sha for commit in commits], analyser)
    return [_point(commit, found[commit.sha]) for commit in commits]


def _point(commit: Commit, snapshot: Snapshot) -> dict[str, Any]:
    values = snapshot.values()
    findings = {code: count for code, count in sorted(snapshot.counts.items()) if count}
    sizes = {
        "files": len(snapshot.files),
        "lines": sum(measure.lines for measure in snapshot.files.values()),
        "files_over_limit": values["files_over_limit"],
        "largest_module_lines": values["largest_module_lines"],
        "max_complexity": values["max_complexity"],
        "import_cycles": values["import_cycles"],
    }
    return {
        "commit": commit.sha,
        "date": commit.date,
        "subject": commit.subject,
        "findings": findings,
        "sizes": sizes,
    }
