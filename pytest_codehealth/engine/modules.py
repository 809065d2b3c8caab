"""The project's other modules, as the file being checked imports them (for `exports` rules).

A rule that defines `exports(src, options)` gets, as the third argument of `check`, an
`Imports` for the checked file: `module(name, level)` finds the project file an import names
the way Python would from there, and `facts` gives what the rule's `exports` says about it.
Facts come from a parse of just that module (memoised on its bytes, in this process), so the
verdict on a file never depends on which other files a run was given. Nothing is imported or
run, and no file outside the project's folder is read.

Absolute imports are looked up from the file's folder (a script's siblings), the folder that
holds its top-level package, its other folders up to the project's, and `src/`; relative
imports go up from the file's folder. Every file a check read is recorded with the digest of
its bytes (`Probe.found`), so that a cached result is used only while those files are as
they were (`current`).
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.core.deep import with_room
from pytest_codehealth.core.source import SourceFile, decode, parse, read
from pytest_codehealth.engine.discovery import SKIP_DIRS, Target
from pytest_codehealth.rules.base import CollectFn, Rule, WantedFn

DEPENDS_ON = "depends-on"  # key of FileResult.facts: {path from the root: sha256 of its bytes}
MAX_ANCESTORS = 12  # folders between a file and the project's folder that may start an import


@dataclass(frozen=True)
class Location:
    """Where the checked file is: its absolute path and the project's folder."""

    path: Path
    root: Path


def location_of(target: Target) -> Location:
    """The target's absolute path, and the folder its `parts` are relative to."""
    path = Path(os.path.abspath(target.path))
    depth = len(target.parts)
    root = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path.parent
    return Location(path, root)


@dataclass
class Probe:
    """The files one check read, and where its imports led (memoised for that check)."""

    root: Path
    found: dict[str, str] = field(default_factory=dict)
    _paths: dict[tuple[Path, str, int], Path | None] = field(default_factory=dict)

    def find(self, origin: Path, name: str, level: int) -> Path | None:
        key = (origin.parent, name, level)
        if key not in self._paths:
            self._paths[key] = _find(origin, name, level, self.root)
        return self._paths[key]

    def read(self, path: Path) -> bytes | None:
        data = read(path, str(path))
        if isinstance(data, bytes):
            self.found[_relative(path, self.root)] = hashlib.sha256(data).hexdigest()
            return data
        return None


class Imports:
    """One module of the project as reached from the checked file (or that file itself)."""

    def __init__(self, path: Path, probe: Probe, exports: CollectFn, options: Any) -> None:
        self.path, self.probe = path, probe
        self.exports, self.options = exports, options
        self.wanted: WantedFn | None = None

    @functools.cached_property
    def facts(self) -> Any:
        data = self.probe.read(self.path)
        if data is None:
            return {}
        return _facts(self.exports, self.wanted, self.options, str(self.path), data)

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    def module(self, name: str, level: int = 0) -> Imports | None:
        found = self.probe.find(self.path, name, level)
        if found is None:
            return None
        imported = Imports(found, self.probe, self.exports, self.options)
        imported.wanted = self.wanted
        return imported


class Views:
    """The checked file as an `Imports` for each `exports` function (rules sharing one share
    the view, and what it learnt), and the files they read."""

    def __init__(self, location: Location | None) -> None:
        self.location = location
        self.probe = Probe(location.root) if location is not None else None
        self._views: dict[CollectFn, Imports] = {}

    def of(self, rule: Rule, options: Any) -> Imports | None:
        """None for a rule without `exports`, or a file without a place."""
        if rule.exports is None or self.location is None or self.probe is None:
            return None
        if rule.exports not in self._views:
            view = Imports(self.location.path, self.probe, rule.exports, options)
            view.wanted = rule.exports_wanted
            self._views[rule.exports] = view
        return self._views[rule.exports]

    def recorded(self) -> dict[str, dict[str, str]]:
        """`{DEPENDS_ON: {path: digest}}` for the files read, if any."""
        found = self.probe.found if self.probe is not None else {}
        return {DEPENDS_ON: dict(sorted(found.items()))} if found else {}


def current(recorded: Any, root: Path) -> bool:
    """Are the files a cached result depended on still as they were?"""
    if not isinstance(recorded, Mapping):
        return recorded is None
    for relative, digest in recorded.items():
        data = read(root / relative, str(relative))
        if not isinstance(data, bytes) or hashlib.sha256(data).hexdigest() != digest:
            return False
    return True


@functools.lru_cache(maxsize=512)
def _facts(
    exports: CollectFn, wanted: WantedFn | None, options: Any, path: str, data: bytes
) -> Any:
    """A module's facts, from its bytes: a file that does not decode or parse has none."""
    try:
        text = decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return {}
    if wanted is not None and not wanted(text, options):
        return {}
    loaded = parse(data, path)
    if not isinstance(loaded, SourceFile):
        return {}
    return with_room(functools.partial(exports, loaded, options))


def _find(origin: Path, name: str, level: int, root: Path) -> Path | None:
    """The file `import name` (with `level` dots) from `origin` executes, inside `root`."""
    parts = tuple(part for part in name.split(".") if part)
    if level:
        base = origin.parent
        for _ in range(level - 1):
            base = base.parent
        return _module_file(base, parts, root) if _inside(base, root) else None
    for start in _starts(origin.parent, root):
        found = _module_file(start, parts, root) if parts else None
        if found is not None:
            return found
    return None


def _starts(folder: Path, root: Path) -> list[Path]:
    """Folders absolute imports start from, in order: as Python's path would list them."""
    starts = [] if (folder / "__init__.py").is_file() else [folder]
    top = folder
    while (top / "__init__.py").is_file() and top not in (root, top.parent):
        top = top.parent
    starts.append(top)
    ancestor = folder
    for _ in range(MAX_ANCESTORS):
        if ancestor in (root, ancestor.parent) or not _inside(ancestor, root):
            break
        ancestor = ancestor.parent
        starts.append(ancestor)
    starts += [root, root / "src"]
    return [start for start in dict.fromkeys(starts) if _inside(start, root)]


def _module_file(base: Path, parts: tuple[str, ...], root: Path) -> Path | None:
    if any(part in SKIP_DIRS for part in parts):
        return None
    folder = base.joinpath(*parts)
    for candidate in (folder / "__init__.py", folder.with_name(folder.name + ".py")):
        if parts and candidate.is_file() and _inside(candidate.resolve(), root.resolve()):
            return candidate
    if not parts and (base / "__init__.py").is_file():
        return base / "__init__.py"
    return None


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
