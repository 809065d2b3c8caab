"""A tree that is not on disk (a commit's files, read from git as bytes), analysed by content.

The same per-file pass as `run`, from bytes: a blob met again (unchanged in the next commit,
or the same bytes as a file already analysed) is taken from memory or from the content-hash
cache, never analysed twice. No file of the user's tree is read or written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.source import over_limit
from pytest_codehealth.engine.batch import Pending, analyse_all
from pytest_codehealth.engine.cache import Cache
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.outcome import unreadable
from pytest_codehealth.engine.project import ensure_available, project_findings, project_rules
from pytest_codehealth.engine.run import analyse_bytes


@dataclass(frozen=True)
class Blob:
    """One file of a tree: how it is shown, its parts relative to the config root, its bytes."""

    display: str
    parts: tuple[str, ...]
    data: bytes


class BlobAnalyser:
    """Per-file results of trees given as bytes, by content (in memory and in `store`)."""

    def __init__(self, settings: Settings, store: Cache | None, jobs: int = 1) -> None:
        self.settings, self.store, self.jobs = settings, store, jobs
        self._memo: dict[str, FileResult] = {}

    def know(self, blob: Blob, result: FileResult) -> None:
        """Take `result` for these bytes (the working tree's, already analysed by `run`)."""
        fingerprint = self.settings.for_parts(blob.parts).fingerprint
        self._memo[Cache.key(fingerprint, blob.display, blob.data)] = result

    def results(self, blobs: Sequence[Blob]) -> dict[str, FileResult]:
        """Each blob's result by its display path, analysing only content not met before."""
        keys: dict[str, str] = {}
        pending: dict[str, Pending] = {}
        for blob in blobs:
            file_settings = self.settings.for_parts(blob.parts)
            key = keys[blob.display] = Cache.key(file_settings.fingerprint, blob.display, blob.data)
            if key in self._memo or key in pending:
                continue
            limit = file_settings.max_file_size
            hit = self.store.get(key) if self.store else None
            if hit is not None:
                self._memo[key] = hit
            elif (problem := over_limit(blob.data, blob.display, limit)) is not None:
                self._memo[key] = unreadable(problem)
            else:
                pending[key] = Pending(blob.display, blob.data, file_settings, key)
        self._analyse(list(pending.values()))
        return {display: self._memo[key] for display, key in keys.items()}

    def project(
        self, blobs: Sequence[Blob], results: Mapping[str, FileResult], codes: AbstractSet[str]
    ) -> list[Finding]:
        """The findings of the whole-project rules in `codes` on these files, from the facts
        in `results`."""
        whole = [
            (rule, options) for rule, options in project_rules(self.settings) if rule.code in codes
        ]
        ensure_available(whole)
        targets = [Target(Path(blob.display), blob.display, blob.parts) for blob in blobs]
        sources = {blob.display: blob.data for blob in blobs}
        return project_findings(whole, targets, results, self.settings, sources)

    def _analyse(self, pending: list[Pending]) -> None:
        for item, result in zip(
            pending, analyse_all(pending, self.jobs, analyse_bytes), strict=True
        ):
            self._memo[item.key] = result
            if self.store:
                self.store.put(item.key, result)
