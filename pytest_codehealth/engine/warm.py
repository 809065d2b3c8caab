"""The warm path of a run: what the cache's stat index says of its files, before any is read.

Every file is looked up first, so that a file whose stat is as indexed vouches for the digest
of its bytes: the files that depend on it (`depends-on`) need not read it to know it is as
they saw it. A file is then served from the index if the files it read still say the same
facts (see `freshness.refreshed`); its record follows their new digests when only their bytes
changed, so the next run need not parse them again. A run on a few files of a large project
(a hook's) leaves the index alone: it reads those files and their content-hash entries.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine.batch import Pending
from pytest_codehealth.engine.cache import Cache, Signature, bytes_digest
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.freshness import DEPENDS_ON, STALE, refreshed


class Warm:
    """One run's view of the index: signatures, indexed results, vouched digests."""

    def __init__(self, store: Cache, run: str) -> None:
        self.store, self.run = store, run
        self.signatures: dict[str, Signature | None] = {}
        self._hits: dict[str, tuple[FileResult, tuple[str, str]]] = {}  # + digest and key
        self._vouched: dict[str, str] = {}  # absolute path -> digest of its bytes
        self._indexing = False  # does this run use the index? (see `Cache.worth_indexing`)
        self.digests: dict[str, str] = {}  # displayed path -> digest of the bytes checked
        self._roots: dict[tuple[str, int], str] = {}  # (folder, depth) -> `_root`
        self._options: dict[int, tuple[FileSettings, dict[str, Any]]] = {}  # by settings' id

    def look_up(self, targets: Sequence[Target], settings: Settings) -> None:
        """Stat every file and find those the index holds as they are now."""
        self._indexing = self.store.worth_indexing(len(targets))
        for target in targets if self._indexing else ():
            if target.problem is not None:
                continue
            file_settings = settings.for_parts(target.parts)
            signature = self.signatures[target.display] = Cache.signature(target.path)
            limit = file_settings.max_file_size
            if signature is None or (limit is not None and signature[2] > limit):
                continue  # a file now over the limit is CH000, whatever it said before
            hit = self.store.known(target.display, file_settings.fingerprint, signature)
            if hit is not None:
                self._hits[target.display] = hit
                self._vouched[os.path.abspath(target.path)] = hit[1][0]

    @property
    def hits(self) -> int:
        """How many files `look_up` found in the index as they are now."""
        return len(self._hits)

    def indexed(self, target: Target, file_settings: FileSettings) -> FileResult | None:
        """The index's result for a file whose stat, settings and dependencies hold (indexed
        again when only its dependencies' bytes changed)."""
        if target.display not in self._hits:
            return None
        hit, stored = self._hits[target.display]
        found = self.current(hit, target, file_settings)
        if found is not None:
            self.digests[target.display] = stored[0]
        if found is not None and found is not hit:
            self.remember(target.display, file_settings, found, stored)
        return found

    def current(
        self, hit: FileResult | None, target: Target, file_settings: FileSettings
    ) -> FileResult | None:
        """A cached result, if the other files it read (`DEPENDS_ON`) still say the same facts
        (with their digests brought up to date)."""
        if hit is None:
            return None
        recorded = hit.facts.get(DEPENDS_ON)
        if recorded is None:
            return hit
        renewed = refreshed(
            recorded, self._root(target), self.run, self._by_code(file_settings), self._vouched
        )
        if renewed is STALE:
            return None
        if renewed == recorded:
            return hit
        return FileResult(hit.findings, {**hit.facts, DEPENDS_ON: renewed})

    def _by_code(self, file_settings: FileSettings) -> dict[str, Any]:
        """Each selected rule's options by code (the run's few settings, each worked out once)."""
        known = self._options.get(id(file_settings))
        if known is None or known[0] is not file_settings:
            known = file_settings, {info.code: options for info, options in file_settings.rules}
            self._options[id(file_settings)] = known
        return known[1]

    def _root(self, target: Target) -> str:
        """The folder `target.parts` are relative to (`modules.location_of`, on strings), once
        per folder of files."""
        key = (os.path.dirname(target.path), len(target.parts))
        if key not in self._roots:
            folder = os.path.dirname(os.path.abspath(target.path))
            self._roots[key] = _root(folder, len(target.parts))
        return self._roots[key]

    def remember(
        self, display: str, file_settings: FileSettings, result: FileResult, stored: tuple[str, str]
    ) -> FileResult:
        """`result`, indexed under the stat taken before the file was read."""
        self.digests[display] = stored[0]
        if not self._indexing:
            return result
        signature = self.signatures.get(display)
        self.store.remember(display, file_settings.fingerprint, signature, result, stored)
        return result

    def stored(self, item: Pending, result: FileResult, *, written: bool = False) -> FileResult:
        """A file just analysed: its entry written (unless `written` already, as it arrived),
        its result indexed (with the cache on, `Pending` holds the bytes it was keyed by,
        never a path)."""
        if not isinstance(item.data, bytes):
            return result
        if not written:
            self.store.put(item.key, result)
        return self.remember(
            item.display, item.settings, result, (bytes_digest(item.data), item.key)
        )


def _root(folder: str, depth: int) -> str:
    """The folder that the parts (`depth` of them) of a file in `folder` are relative to."""
    if not 0 < depth < folder.count(os.sep) + 2:
        return folder
    for _ in range(depth - 1):
        folder = os.path.dirname(folder)
    return folder
