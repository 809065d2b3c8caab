"""Folder listings kept between runs, trusted while the folder's stat says nothing changed.

Adding, removing or renaming an entry changes its folder's mtime and ctime: a folder whose
device, inode, mtime and ctime are as recorded holds the same names. A warm run on a large
tree (Django: 2,457 folders, most of them `locale/` folders without a Python file) then stats
each folder instead of listing it. A listing is recorded only when the folder had been left
alone for `SETTLE_NS` before the run (an edit in the same clock tick could hide behind an
unchanged mtime) and holds no link to a folder (a link's target can change under it); the
folder a run names is always listed. A damaged or missing file is an empty one.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_codehealth.core import recorder
from pytest_codehealth.core.recorder import SETTLE_NS
from pytest_codehealth.engine.cache import Cache
from pytest_codehealth.engine.walks import Walks

FOLDERS = "folders"  # the file beside the index
Listing = tuple[list[str], list[str], set[str]]  # files, folders, links to folders
_STAT = 4  # a record: st_dev, st_ino, st_mtime_ns, st_ctime_ns, then the files and folders


class Listings:
    """The listings a run may reuse, and those it makes for the next run."""

    def __init__(self, store: Cache) -> None:
        self.store, self.file = store, store.folder / FOLDERS
        self.started = time.time_ns()
        self._known: dict[str, list[Any]] | None = None
        self._seen: dict[str, list[Any]] = {}
        self._changed = False
        self.tops: list[str] = []  # the folders walked whole, ending in a separator
        self.asked: list[str] = []  # the folders `listing` was asked for, in order
        self.walks = Walks(store.folder)

    def listing(self, folder: str, list_now: Callable[[str], Listing]) -> Listing:
        """The folder's names, as recorded if its stat is unchanged, else from `list_now`."""
        self.asked.append(folder)
        try:
            info = os.stat(folder)
        except OSError:
            return list_now(folder)
        recorder.stated(folder, info)  # listed or not, the memo rests on this stat of it
        stat = [info.st_dev, info.st_ino, info.st_mtime_ns, info.st_ctime_ns]
        record = self._loaded().get(folder)
        if record is not None and _valid(record) and record[:_STAT] == stat:
            self._seen[folder] = record
            return record[_STAT], record[_STAT + 1], set()  # read, never changed, by the walk
        files, dirs, links = list_now(folder)
        if not links and info.st_mtime_ns < self.started - SETTLE_NS:
            self._seen[folder] = [*stat, [name for name in files if name.endswith(".py")], dirs]
            self._changed = True
        return files, dirs, links

    def vouched(self, folder: str) -> list[Any] | None:
        """The folder's stat as this run's record of it says (None: not recorded)."""
        record = self._seen.get(folder)
        return None if record is None else record[:_STAT]

    def save(self) -> None:
        """Write the listings back when one was added or dropped: those this run made or
        reused, and those of folders outside the ones it walked whole (and the walks)."""
        self.walks.save(self.store.ready() if self.walks.fresh else False)
        if not self.tops:
            return  # a run on files (a hook's): it listed no folder
        known = self._loaded()
        walked = tuple(self.tops)
        kept = {path: record for path, record in known.items() if not path.startswith(walked)}
        if not self._changed and len(kept) + len(self._seen) == len(known):
            return
        if not self.store.ready():
            return  # the cache's own note says why, once
        _write(self.file, {**kept, **self._seen})

    def _loaded(self) -> dict[str, list[Any]]:
        if self._known is None:
            self._known = _read(self.file)
        return self._known


def _write(file: Path, folders: dict[str, list[Any]]) -> None:
    """The listings, moved into place whole; a note if they cannot be (a full disk)."""
    temporary = file.with_name(f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
    try:
        temporary.write_text(json.dumps({"folders": folders}), "utf-8")
        os.replace(temporary, file)
    except OSError as exc:  # the run goes on: this is only speed
        temporary.unlink(missing_ok=True)
        print(f"codehealth: note: cannot write {file}: {exc}", file=sys.stderr)


def _read(file: Path) -> dict[str, Any]:
    """The recorded listings (each checked when it is used: one not as `Listings.listing`
    writes it is a miss); an empty set for a file missing, damaged or not ours."""
    try:
        folders = json.loads(file.read_bytes())["folders"]
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return {}
    return folders if isinstance(folders, dict) else {}


def _valid(record: Any) -> bool:
    """Is this a record as `Listings.listing` writes it (anything else is a miss)?"""
    if not isinstance(record, list) or len(record) != _STAT + 2:
        return False
    files, folders = record[_STAT:]
    return isinstance(files, list) and isinstance(folders, list) and _names(files, folders)


def _names(files: list[Any], folders: list[Any]) -> bool:
    """Are these lists of names only (the types counted in one pass, without a loop here)?"""
    return set(map(type, files)).union(map(type, folders)) <= {str}
