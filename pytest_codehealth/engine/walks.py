"""Whole walks kept between runs: the files a walk found, while every folder it listed is as it was.

A walk's outcome rests on the names in each folder it listed (and on the settings' excludes,
the project's folder and the current one, all in its key). A folder whose device, inode, mtime
and ctime are as recorded holds the same names (`listings.py`), so a walk whose every folder
below the top stats as recorded, and whose top (always listed: what a run names is looked at)
holds the same names, finds the same files: they are rebuilt from the record, one `stat` per
folder in a flat loop, instead of walked folder by folder. A walk is kept only when every
folder below its top had a settled listing without links (`Listings` kept it) and its top
holds no link. One `marshal` file after its CRC-32, beside the index; a damaged one is empty.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pytest_codehealth.core import recorder
from pytest_codehealth.core.sealed import sealed, unsealed

WALKS = "walks.marshal"  # beside the index and the folder listings
KEPT = 8  # walks kept (a few trees or settings per project), the least recently kept dropped
_HEAD = b"codehealth walks, marshal 4, crc32\n"
# a walk: the top's names (Python files, folders), the folders below it, each as
# [path, st_dev, st_ino, st_mtime_ns, st_ctime_ns], and the groups of files found, each as
# [folder, displayed prefix, parts, [names]]
Walk = tuple[list[Any], list[Any], list[Any]]
Group = tuple[str, str, tuple[str, ...], list[str]]


class Walks:
    """The walks a run may reuse (checked on use), and the ones it records."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / WALKS
        self._known: dict[str, Any] | None = None
        self._fresh: dict[str, Walk] = {}

    def found(self, key: str, top: tuple[list[str], list[str]]) -> list[Group] | None:
        """The groups of files of the walk recorded under `key`, if its top holds the names
        `top` (Python files, folders) and every folder below stats as recorded; the folders are
        recorded for the memo as they are stat'ed."""
        walk = self._loaded().get(key)
        if not (isinstance(walk, tuple) and len(walk) == 3 and walk[0] == [*top]):
            return None
        try:
            return _groups(walk[2]) if _unchanged(walk[1]) else None
        except (TypeError, ValueError):  # not as `keep` writes them
            return None

    def keep(self, key: str, walk: Walk) -> None:
        self._fresh[key] = walk

    @property
    def fresh(self) -> bool:
        """Has this run recorded a walk?"""
        return bool(self._fresh)

    def save(self, writable: bool) -> None:
        """Write the walks recorded this run beside the others (most recent last), when the
        cache folder can be written."""
        if not self._fresh or not writable:
            return
        walks = {**self._loaded()}
        for key, walk in self._fresh.items():
            walks.pop(key, None)
            walks[key] = walk
        kept = dict(list(walks.items())[-KEPT:])
        data = sealed(_HEAD, kept)
        temporary = self.file.with_name(f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
        try:
            temporary.write_bytes(data)
            os.replace(temporary, self.file)
        except OSError:  # only speed is lost: the next run walks again
            temporary.unlink(missing_ok=True)

    def _loaded(self) -> dict[str, Any]:
        if self._known is None:
            self._known = _read(self.file)
        return self._known


def _unchanged(folders: list[Any]) -> bool:
    """Does every folder stat as recorded? (each stat recorded for the memo)"""
    stat, stated = os.stat, recorder.stated
    for path, *recorded in folders:
        if type(path) is not str:
            return False
        try:
            info = stat(path)
        except OSError:
            return False
        stated(path, info)
        if [info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns] != recorded:
            return False
    return True


def _groups(raw: list[Any]) -> list[Group]:
    groups = []
    for folder, prefix, parts, names in raw:
        if not (isinstance(folder, str) and isinstance(prefix, str)):
            raise TypeError("a folder and its prefix are strings")
        if not set(map(type, parts)).union(map(type, names)) <= {str}:
            raise TypeError("parts and names are strings")
        groups.append((folder, prefix, tuple(parts), names))
    return groups


def _read(file: Path) -> dict[str, Any]:
    """The recorded walks; none if the file is missing, damaged or not ours."""
    try:
        raw = file.read_bytes()
    except OSError:
        return {}
    walks = unsealed(_HEAD, raw)
    return walks if isinstance(walks, dict) else {}
