"""Module files by import name, as Python would find them from a file of the project.

Lookups run on path strings (`pathlib` costs too much here) and are memoised for one run
(`finder(root, run)`): what the file system says is asked once a run, and every file of the
run sees the same answers.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from pytest_codehealth.core import recorder
from pytest_codehealth.core.digests import sha256
from pytest_codehealth.core.reading import read
from pytest_codehealth.core.recorder import SETTLE_NS
from pytest_codehealth.engine.discovery import SKIP_DIRS

Names = frozenset[str] | None  # module names (None: any name may be one)
MISSING = "-"  # the signature of a folder that is not there
MAX_ANCESTORS = 12  # folders between a file and the project's folder that may start an import


_FINDERS: dict[tuple[str, str], Finder] = {}  # the runs of this process, latest last
_KEPT_RUNS = 2


def finder(root: str, run: str) -> Finder:
    """The finder of this run (a fresh one for a check outside a run)."""
    if not run:
        return Finder(root)
    key = (root, run)
    if key not in _FINDERS:
        while len(_FINDERS) >= _KEPT_RUNS:
            del _FINDERS[next(iter(_FINDERS))]
        _FINDERS[key] = Finder(root)
    return _FINDERS[key]


class Finder:
    """Module files by import name, on path strings (`pathlib` costs too much here)."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip(os.sep) or os.sep
        self.prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.real = os.path.realpath(self.root)
        self._starts: dict[str, tuple[str, ...]] = {}
        self._files: dict[str, bool] = {}
        self._found: dict[tuple[tuple[str, ...], tuple[str, ...]], str | None] = {}
        self._digests: dict[str, str | None] = {}  # not the bytes: the run keeps no file
        self._tops: dict[str, bool] = {}
        self._signatures: dict[str, str | None] = {}
        self.by_relative: dict[str, str | None] = {}  # signatures by folder from the root
        self._depends: dict[tuple[str, str, int], list[str]] = {}
        self._ancestors: dict[str, list[str]] = {}
        self._real_folders: dict[str, str] = {}
        self.followed: dict[Hashable, Any] = {}  # what checks worked out from imports (`modules`)
        self._speaking: dict[tuple[Callable[[str, Any], bool], Hashable], Names] = {}
        self.started = time.time_ns()  # before any folder of this run is stat'ed

    def read(self, path: str) -> tuple[bytes | None, str] | None:
        """A file's bytes and their sha256 as first read this run, or None if it cannot be
        read. Only the call that read the file gets its bytes (later ones get None and the
        same digest): the caller works out what it needs from them at once."""
        if path in self._digests:
            digest = self._digests[path]
            return None if digest is None else (None, digest)
        data = read(Path(path), path)
        self._digests[path] = sha256(data).hexdigest() if isinstance(data, bytes) else None
        return (data, self._digests[path] or "") if isinstance(data, bytes) else None

    def speaking(self, wanted: Callable[[str, Any], bool], options: Hashable) -> Names:
        """The names under which a lookup can find a module whose text `wanted` accepts (so
        that its `exports` may give facts): worked out once a run for each `wanted` and
        options (`speaking_names`), for lookups made outside the folders the walk skips."""
        key = (wanted, options)
        if key not in self._speaking:
            self._speaking[key] = speaking_names(self.root, wanted, options)
        return self._speaking[key]

    def reread(self, path: str, digest: str) -> bytes | None:
        """The file's bytes again, if they still have `digest` (the run's answer for it)."""
        data = read(Path(path), path)
        if isinstance(data, bytes) and sha256(data).hexdigest() == digest:
            return data
        return None

    def find(self, folder: str, name: str, level: int) -> str | None:
        """The file `import name` (with `level` dots) from a file in `folder` executes."""
        parts = tuple(part for part in name.split(".") if part)
        if any(part in SKIP_DIRS for part in parts):
            return None
        if level:
            return self._relative(folder, list(parts), level)
        starts = self._starts_of(folder)  # shared by the folders of a package: so is the answer
        key = (starts, parts)
        if key not in self._found:
            self._found[key] = self._search(starts, list(parts))
        return self._found[key]

    def starts(self, folder: str) -> tuple[str, ...]:
        """The folders an absolute import from a file in `folder` starts from, in order."""
        return self._starts_of(folder)

    def folders(self, folder: str, name: str, level: int) -> list[str]:
        """The folders whose entries the answer to a lookup can depend on (a superset): the
        importing folder and those above it (their `__init__.py`), and each folder the
        lookup may descend into from each place it starts."""
        key = (folder, name, level)
        if key not in self._depends:
            self._depends[key] = self._folders(folder, name, level)
        return self._depends[key]

    def _folders(self, folder: str, name: str, level: int) -> list[str]:
        parts = [part for part in name.split(".") if part]
        bases: tuple[str, ...]
        if level:
            base = folder
            for _ in range(level - 1):
                base = os.path.dirname(base)
            found, bases = [], (base,)
        else:
            found, bases = self._above(folder), self._starts_of(folder)
        for base in bases:
            found += self._down(base, parts)
        return found

    def _down(self, base: str, parts: list[str]) -> list[str]:
        """`base` and the folders the dotted name leads into, up to the first that does
        not exist (one inside it would be made after it, and change its parent)."""
        found = [base]
        for part in parts:
            if self.signature(found[-1]) == MISSING:
                break
            found.append(os.path.join(found[-1], part))
        return found

    def signature(self, folder: str) -> str | None:
        """What a stat says of a folder (`-` if there is none); None if it changed too
        recently to vouch for its entries (see `SETTLE_NS`)."""
        if folder not in self._signatures:
            info = recorder.stat(folder)
            if info is None:
                self._signatures[folder] = MISSING
            else:
                settled = max(info.st_mtime_ns, info.st_ctime_ns) <= self.started - SETTLE_NS
                text = f"{info.st_ino}.{info.st_mtime_ns}.{info.st_ctime_ns}"
                self._signatures[folder] = text if settled else None
        return self._signatures[folder]

    def _above(self, folder: str) -> list[str]:
        """`folder` and the folders above it, up to the project's folder."""
        if folder not in self._ancestors:
            found = [folder]
            while self._inside(found[-1]) and found[-1] != self.root:
                found.append(os.path.dirname(found[-1]))
            self._ancestors[folder] = found
        return list(self._ancestors[folder])

    def _search(self, starts: tuple[str, ...], parts: list[str]) -> str | None:
        for start in starts if parts else ():
            found = self._module_file(start, parts) if self._holds(start, parts[0]) else None
            if found is not None:
                return found
        return None

    def _relative(self, folder: str, parts: list[str], level: int) -> str | None:
        """`from ..a import b`: up from the importing file's folder, never out of the root."""
        base = folder
        for _ in range(level - 1):
            base = os.path.dirname(base)
        return self._module_file(base, parts) if self._inside(base) else None

    def _holds(self, start: str, top: str) -> bool:
        """Is there a `top` package or module in `start`? (most imports are not ours)"""
        key = os.path.join(start, top)
        if key not in self._tops:
            info = recorder.stat(key)
            is_folder = info is not None and stat.S_ISDIR(info.st_mode)
            self._tops[key] = is_folder or self._is_file(key + ".py")
        return self._tops[key]

    def _starts_of(self, folder: str) -> tuple[str, ...]:
        """Folders absolute imports start from, in order, as Python's path would list them:
        the folder that holds the file's top-level package, or, for a file outside any
        package (a script, a namespace package), its folder and the folders above it; then
        the project's folder and its `src/`."""
        if folder not in self._starts:
            in_package = self._is_file(os.path.join(folder, "__init__.py"))
            top = folder
            while self._is_file(os.path.join(top, "__init__.py")) and self._inside(top):
                top = os.path.dirname(top)
            ancestors = [folder]
            while not in_package and len(ancestors) <= MAX_ANCESTORS and ancestors[-1] != self.root:
                ancestors.append(os.path.dirname(ancestors[-1]))
            starts = [top, *ancestors[1:]] if in_package else ancestors
            starts += [self.root, os.path.join(self.root, "src")]
            found = tuple(start for start in dict.fromkeys(starts) if self._inside(start))
            self._starts[folder] = found
        return self._starts[folder]

    def _module_file(self, base: str, parts: list[str]) -> str | None:
        folder = os.path.join(base, *parts)
        candidates = [os.path.join(folder, "__init__.py"), folder + ".py"] if parts else []
        if not parts:
            candidates = [os.path.join(base, "__init__.py")]
        for candidate in candidates:
            if self._is_file(candidate) and self._real_inside(candidate):
                return candidate
        return None

    def _is_file(self, path: str) -> bool:
        if path not in self._files:
            info = recorder.stat(path)
            self._files[path] = info is not None and stat.S_ISREG(info.st_mode)
        return self._files[path]

    def _inside(self, path: str) -> bool:
        return path == self.root or path.startswith(self.prefix)

    def _real_inside(self, path: str) -> bool:
        """Is the file's real path inside the project's? Its folder's real path is worked
        out once a run; the file's own name is resolved only if it is a link."""
        folder, name = os.path.split(path)
        if folder not in self._real_folders:
            self._real_folders[folder] = os.path.realpath(folder)
        real = os.path.join(self._real_folders[folder], name)
        if os.path.islink(path):
            real = os.path.realpath(path)
        return real == self.real or real.startswith(self.real.rstrip(os.sep) + os.sep)


def speaking_names(root: str, wanted: Callable[[str, Any], bool], options: Any) -> Names:
    """The name of each `.py` file under `root` (outside the folders discovery skips) whose
    text `wanted` accepts: its stem, or its folder's name for an `__init__.py`. A file that
    cannot be read or decoded has no facts (`facts_of`): not named. A lookup from outside a
    skipped folder never enters one (`find` refuses those names), so every file it can find
    is one this walk reads, unless it goes through a link to a folder, which the walk does
    not follow: a link to a folder, or a folder that cannot be listed, gives None."""
    pending, found = [root], set()
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    if not entry.is_dir():  # follows a link, as a lookup would
                        if entry.name.endswith(".py") and _says(entry.path, wanted, options):
                            stem = entry.name[:-3]
                            found.add(os.path.basename(folder) if stem == "__init__" else stem)
                    elif entry.is_symlink():
                        return None
                    elif entry.name not in SKIP_DIRS:
                        pending.append(entry.path)
        except OSError:
            return None
    return frozenset(found)


def _says(path: str, wanted: Callable[[str, Any], bool], options: Any) -> bool:
    """Does the file's text say what `wanted` looks for?"""
    from pytest_codehealth.core.source import decode  # noqa: PLC0415  # not on the warm path

    data = read(Path(path), path)
    if not isinstance(data, bytes):
        return False
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return False
    return wanted(text, options)
