"""The plugin's cache of clean results, kept in pytest's `config.cache`.

An entry maps an item's node id to a digest of the file's bytes, the effective settings for
that file (rule codes and option values) and the package version, followed by the digests of
the other files its verdict read (a Redis client imported from `app/db.py`) and of the facts
it read from them: a change to those facts re-checks the file. Only passes are recorded; the
controller writes (never an xdist worker); a missing or corrupt cache is an empty one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth import __version__
from pytest_codehealth.config.load import FileSettings
from pytest_codehealth.engine.modules import current

CACHE_KEY = "codehealth/clean"
CLEAN_PROPERTY = "codehealth-clean-digest"  # a check passed: the digest to record
CACHED_PROPERTY = "codehealth-cached"  # passed from the cache, unchecked


def clean_entry(digest: str, depends_on: object) -> str:
    """What to record for a pass: the file's digest, then what it read (as JSON), if anything."""
    if not isinstance(depends_on, dict) or not depends_on:
        return digest
    return f"{digest} {json.dumps(depends_on, sort_keys=True)}"


def content_digest(data: bytes, settings: FileSettings) -> str:
    """The cache key of a file's bytes under its settings: hash the bytes that are checked."""
    digest = hashlib.sha256()
    for part in (__version__, settings.fingerprint):
        digest.update(part.encode() + b"\0")
    digest.update(data)
    return digest.hexdigest()


class CleanCache:
    """Node id -> digest of its last clean check; `save` merges this run's results."""

    def __init__(self, cache: pytest.Cache | None) -> None:
        self._cache = cache
        self._clean = _read(cache)
        self._updates: dict[str, str | None] = {}

    @classmethod
    def for_config(cls, config: pytest.Config) -> CleanCache:
        return cls(getattr(config, "cache", None))  # absent under `-p no:cacheprovider`

    def is_clean(
        self, nodeid: str, digest: str | None, root: Path, options: Mapping[str, Any] | None = None
    ) -> bool:
        """Was the file clean with these bytes, and do the files it read say the same facts?
        (`options`: each rule's, by code, to work those facts out again.)"""
        entry = self._clean.get(nodeid, "")
        recorded, _, depends = entry.partition(" ")
        if digest is None or recorded != digest:
            return False
        try:
            return current(json.loads(depends) if depends else None, root, options=options)
        except ValueError:  # a damaged entry is no entry
            return False

    def record(self, nodeid: str, digest: str) -> None:
        self._updates[nodeid] = digest

    def forget(self, nodeid: str) -> None:
        self._updates[nodeid] = None

    def save(self) -> None:
        if self._cache is None or not self._updates:
            return
        merged = dict(self._clean)
        for nodeid, digest in self._updates.items():
            if digest is None:
                merged.pop(nodeid, None)
            else:
                merged[nodeid] = digest
        self._cache.set(CACHE_KEY, dict(sorted(merged.items())))
        self._clean, self._updates = merged, {}


def _read(cache: pytest.Cache | None) -> dict[str, str]:
    if cache is None:
        return {}
    raw = cache.get(CACHE_KEY, {})
    if not isinstance(raw, dict):
        return {}
    return {key: value for key, value in raw.items() if isinstance(value, str)}
