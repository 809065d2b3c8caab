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
that file. Where each import led (found nothing included) is recorded too (`lookups.py`):
a file added, removed or renamed that changes an answer re-checks the file. Within one run
(`Location.run`), what the file system says is asked once: lookups, reads and digests are
shared by its files (`finder.py`).
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
from pytest_codehealth.core.source import SourceFile, decode, parse
from pytest_codehealth.engine import lookups
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.finder import finder
from pytest_codehealth.engine.lookups import LOOKUPS, Lookup
from pytest_codehealth.rules.base import CollectFn, Rule, WantedFn
from pytest_codehealth.rules.registry import rule as registered

# key of FileResult.facts: {path from the root: "<digest of its bytes> <code>=<digest of the
# facts that rule's `exports` gave> ..."}, one short string per file read (the index holds many)
DEPENDS_ON = "depends-on"
DIGEST, FACTS_DIGEST = 32, 16  # hex digits kept: enough to tell an edit, small in the index
STALE = None  # what `refreshed` says of a record whose files no longer say the same


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
    answers: dict[Lookup, str | None] = field(default_factory=dict)  # where imports led
    _data: dict[Path, bytes | None] = field(default_factory=dict)

    def find(self, origin: Path, name: str, level: int) -> Path | None:
        key = (os.path.dirname(origin), name, level)
        if key not in self.answers:
            self.answers[key] = finder(str(self.root), self.run).find(*key)
        found = self.answers[key]
        return Path(found) if found is not None else None

    def read(self, path: Path) -> bytes | None:
        """The file's bytes (read once a run), recorded with their digest."""
        if path not in self._data:
            read_once = finder(str(self.root), self.run).read(str(path))
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

    def recorded(self) -> dict[str, dict[str, Any]]:
        """`{DEPENDS_ON: {path: "digest code=facts ...", LOOKUPS: {...}}}` for the files read
        and the imports looked up (see `lookups.py`), if any."""
        if self.probe is None or not (self.probe.found or self.probe.answers):
            return {}
        depends: dict[str, Any] = dict(sorted(self.probe.found.items()))
        if self.probe.answers:
            depends[LOOKUPS] = lookups.recorded(
                self.probe.answers, str(self.probe.root), self.probe.run
            )
        return {DEPENDS_ON: depends}


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
    renewed = _lookups_renewed(recorded, folder, run)
    if renewed is None:
        return STALE  # an import now leads elsewhere
    for relative, record in recorded.items():
        if relative == LOOKUPS:
            continue
        now = _file_digest(str(relative), record, folder, run, options, vouched=vouched)
        if now is None:
            return STALE
        if now != record[:DIGEST]:
            renewed[relative] = now + record[DIGEST:]
    return {**recorded, **renewed} if renewed else recorded


def _lookups_renewed(recorded: Mapping[str, Any], root: str, run: str) -> dict[str, Any] | None:
    """`{}` if the imports recorded lead where they did, `{LOOKUPS: record}` if so with
    a new stat of their folders, None if one now leads elsewhere."""
    if LOOKUPS not in recorded:
        return {}
    now = lookups.resolve_same(recorded[LOOKUPS], root, run)
    if now is None:
        return None
    return {} if now is recorded[LOOKUPS] else {LOOKUPS: now}


def _file_digest(
    relative: str,
    record: Any,
    root: str,
    run: str,
    options: Mapping[str, Any] | None,
    *,
    vouched: Mapping[str, str] | None,
) -> str | None:
    """The digest of a file's bytes now (not read if the index vouches for it), unless it
    cannot be read or says other facts."""
    if not isinstance(record, str):
        return None
    path = os.path.join(root, relative)
    if vouched and _short(vouched.get(path, "")) == record[:DIGEST]:
        return record[:DIGEST]
    return _unless_other_facts(record, path, root, run, options)


def _unless_other_facts(
    record: str, path: str, root: str, run: str, options: Mapping[str, Any] | None
) -> str | None:
    """The digest of the file's bytes now, unless it cannot be read or says other facts."""
    found = finder(root, run).read(path)
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


def _relative(path: Path, root: Path) -> str:
    """`path` from `root`, with `/` (the path itself when it is not under `root`)."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else text
    return relative.replace(os.sep, "/")
