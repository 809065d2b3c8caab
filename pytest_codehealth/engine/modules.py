"""The project's other modules, as the file being checked imports them (for `exports` rules).

A rule that defines `exports(src, options)` gets, as the third argument of `check`, an
`Imports` for the checked file: `module(name, level)` finds the project file an import names
the way Python would from there, and `facts` gives what the rule's `exports` says about it.
Facts come from a parse of just that module (memoised on its bytes, in this process), so the
verdict on a file never depends on which other files a run was given. Nothing is imported or
run, and no file outside the project's folder is read.

Absolute imports are looked up from the folder that holds the file's top-level package (or,
for a file outside any package, its own folder and those above it), then the project's
folder and `src/`; relative imports go up from the file's folder. Every file a check read
is recorded with the digest of its bytes and, for each `exports` it was read for, the digest
of the facts the check saw (`Probe.found`): a cached result is used while those files are as
they were, or say the same facts (`refreshed`), so an edit to a function body re-checks only
that file. Within one run (`Location.run`), what the file system says is asked once: lookups,
reads and digests are shared by its files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.core.deep import with_room
from pytest_codehealth.core.source import SourceFile, decode, parse, read
from pytest_codehealth.engine.discovery import SKIP_DIRS, Target
from pytest_codehealth.rules.base import CollectFn, Rule, WantedFn
from pytest_codehealth.rules.registry import rule as registered

# key of FileResult.facts: {path from the root: "<digest of its bytes> <code>=<digest of the
# facts that rule's `exports` gave> ..."}, one short string per file read (the index holds many)
DEPENDS_ON = "depends-on"
DIGEST, FACTS_DIGEST = 32, 16  # hex digits kept: enough to tell an edit, small in the index
STALE = None  # what `refreshed` says of a record whose files no longer say the same
MAX_ANCESTORS = 12  # folders between a file and the project's folder that may start an import


@dataclass(frozen=True)
class Location:
    """Where the checked file is: its absolute path and the project's folder; files of one
    run share a `run` key, so that what the file system said is asked once per run."""

    path: Path
    root: Path
    run: str = ""


def location_of(target: Target, run: str = "") -> Location:
    """The target's absolute path, and the folder its `parts` are relative to."""
    path = Path(os.path.abspath(target.path))
    depth = len(target.parts)
    root = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path.parent
    return Location(path, root, run)


@dataclass
class Probe:
    """The files one check read, and where its imports led (memoised for that check)."""

    root: Path
    run: str = ""
    found: dict[str, str] = field(default_factory=dict)  # path -> its `DEPENDS_ON` record
    _paths: dict[tuple[str, str, int], Path | None] = field(default_factory=dict)
    _data: dict[Path, bytes | None] = field(default_factory=dict)

    def find(self, origin: Path, name: str, level: int) -> Path | None:
        key = (os.path.dirname(origin), name, level)
        if key not in self._paths:
            found = _finder(str(self.root), self.run).find(*key)
            self._paths[key] = Path(found) if found is not None else None
        return self._paths[key]

    def read(self, path: Path) -> bytes | None:
        """The file's bytes (read once a run), recorded with their digest."""
        if path not in self._data:
            read_once = _finder(str(self.root), self.run).read(str(path))
            self._data[path] = read_once[0] if read_once is not None else None
            if read_once is not None:
                self.found[_relative(path, self.root)] = _short(read_once[1])
        return self._data[path]

    def saw(self, path: Path, code: str, facts: Any) -> None:
        """Record the digest of the facts a check read from `path` (through `code`'s exports)."""
        relative = _relative(path, self.root)
        if code and f" {code}=" not in self.found[relative]:
            self.found[relative] += f" {code}={facts_digest(facts)}"


class Imports:
    """One module of the project as reached from the checked file (or that file itself)."""

    def __init__(
        self, path: Path, probe: Probe, exports: CollectFn, options: Any, code: str = ""
    ) -> None:
        self.path, self.probe = path, probe
        self.exports, self.options = exports, options
        self.code = code  # the rule whose `exports` these are (rules sharing them share one)
        self.wanted: WantedFn | None = None

    @functools.cached_property
    def facts(self) -> Any:
        data = self.probe.read(self.path)
        if data is None:
            return {}
        found = _facts(self.exports, self.wanted, self.options, str(self.path), data)
        self.probe.saw(self.path, self.code, found)
        return found

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    def module(self, name: str, level: int = 0) -> Imports | None:
        found = self.probe.find(self.path, name, level)
        if found is None:
            return None
        imported = Imports(found, self.probe, self.exports, self.options, self.code)
        imported.wanted = self.wanted
        return imported


class Views:
    """The checked file as an `Imports` for each `exports` function (rules sharing one share
    the view, and what it learnt), and the files they read."""

    def __init__(self, location: Location | None) -> None:
        self.location = location
        self.probe = Probe(location.root, location.run) if location is not None else None
        self._views: dict[CollectFn, Imports] = {}

    def of(self, rule: Rule, options: Any) -> Imports | None:
        """None for a rule without `exports`, or a file without a place."""
        if rule.exports is None or self.location is None or self.probe is None:
            return None
        if rule.exports not in self._views:
            view = Imports(self.location.path, self.probe, rule.exports, options, rule.code)
            view.wanted = rule.exports_wanted
            self._views[rule.exports] = view
        return self._views[rule.exports]

    def recorded(self) -> dict[str, dict[str, str]]:
        """`{DEPENDS_ON: {path: "digest code=facts ..."}}` for the files read, if any."""
        found = self.probe.found if self.probe is not None else {}
        return {DEPENDS_ON: dict(sorted(found.items()))} if found else {}


def current(
    recorded: Any, root: Path, run: str = "", options: Mapping[str, Any] | None = None
) -> bool:
    """Are the files a cached result depended on as they were, or saying the same facts?"""
    return recorded is None or refreshed(recorded, root, run, options) is not STALE


def refreshed(
    recorded: Any,
    root: Path | str,
    run: str = "",
    options: Mapping[str, Any] | None = None,
    vouched: Mapping[str, str] | None = None,
) -> Any:
    """`recorded` with today's byte digests if every file read still says the same facts
    (`options`: each rule's, by code, to work the facts out again), else `STALE`.

    `vouched` gives the digest of files the cache's index vouches for (absolute path ->
    digest): those are not read. Others are read and digested once a run; one whose bytes
    changed is parsed (once a run) for the facts recorded of it.
    """
    if not isinstance(recorded, Mapping):
        return STALE
    folder = str(root)
    renewed: dict[str, str] = {}
    for relative, record in recorded.items():
        if not isinstance(record, str):
            return STALE
        path = os.path.join(folder, str(relative))
        if vouched and _short(vouched.get(path, "")) == record[:DIGEST]:
            continue
        now = _unless_other_facts(record, path, folder, run, options)
        if now is None:
            return STALE
        if now != record[:DIGEST]:
            renewed[relative] = now + record[DIGEST:]
    return {**recorded, **renewed} if renewed else recorded


def _unless_other_facts(
    record: str, path: str, root: str, run: str, options: Mapping[str, Any] | None
) -> str | None:
    """The digest of the file's bytes now, unless it cannot be read or says other facts."""
    found = _finder(root, run).read(path)
    if found is None:
        return None
    digest = _short(found[1])
    if record[:DIGEST] != digest and not _same_facts(record, path, found[0], options):
        return None
    return digest


def _same_facts(record: str, path: str, data: bytes, options: Mapping[str, Any] | None) -> bool:
    """Does the file, as it is now, give each rule recorded the facts it gave then?"""
    facts = [item.partition("=") for item in record[DIGEST:].split()]
    if not facts or options is None:
        return False
    for code, _, digest in facts:
        rule = registered(code) if code in options else None
        if rule is None or rule.exports is None:
            return False
        now = _facts(rule.exports, rule.exports_wanted, options[code], path, data)
        if facts_digest(now) != digest:
            return False
    return True


def facts_digest(facts: Any) -> str:
    """A short digest of JSON-able facts (key order does not matter)."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:FACTS_DIGEST]


def _short(digest: str) -> str:
    return digest[:DIGEST]


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


_FINDERS: dict[tuple[str, str], _Finder] = {}  # the runs of this process, latest last
_KEPT_RUNS = 2


def _finder(root: str, run: str) -> _Finder:
    """The finder of this run (a fresh one for a check outside a run)."""
    if not run:
        return _Finder(root)
    key = (root, run)
    if key not in _FINDERS:
        while len(_FINDERS) >= _KEPT_RUNS:
            del _FINDERS[next(iter(_FINDERS))]
        _FINDERS[key] = _Finder(root)
    return _FINDERS[key]


class _Finder:
    """Module files by import name, on path strings (`pathlib` costs too much here)."""

    def __init__(self, root: str) -> None:
        self.root = root.rstrip(os.sep) or os.sep
        self.prefix = self.root if self.root.endswith(os.sep) else self.root + os.sep
        self.real = os.path.realpath(self.root)
        self._starts: dict[str, tuple[str, ...]] = {}
        self._files: dict[str, bool] = {}
        self._found: dict[tuple[tuple[str, ...], tuple[str, ...]], str | None] = {}
        self._read: dict[str, tuple[bytes, str] | None] = {}
        self._tops: dict[str, bool] = {}

    def read(self, path: str) -> tuple[bytes, str] | None:
        """A file's bytes and their sha256, or None if it cannot be read."""
        if path not in self._read:
            data = read(Path(path), path)
            digest = hashlib.sha256(data).hexdigest() if isinstance(data, bytes) else ""
            self._read[path] = (data, digest) if isinstance(data, bytes) else None
        return self._read[path]

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
            self._tops[key] = os.path.isdir(key) or self._is_file(key + ".py")
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
            self._files[path] = os.path.isfile(path)
        return self._files[path]

    def _inside(self, path: str) -> bool:
        return path == self.root or path.startswith(self.prefix)

    def _real_inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.real or real.startswith(self.real.rstrip(os.sep) + os.sep)


def _relative(path: Path, root: Path) -> str:
    """`path` from `root`, with `/` (the path itself when it is not under `root`)."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else text
    return relative.replace(os.sep, "/")
