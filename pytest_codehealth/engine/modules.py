"""The project's other modules, as the file being checked imports them (for `exports` rules).

A rule that defines `exports(src, options)` gets, as the third argument of `check`, an
`Imports` for the checked file: `module(name, level)` finds the project file an import names
the way Python would from there, and `facts` gives what the rule's `exports` says about it.
Facts come from a parse of just that module (memoised on its digest, in this process), so the
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
import os
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

from pytest_codehealth.core.record import Record, field
from pytest_codehealth.engine import lookups
from pytest_codehealth.engine.discovery import SKIP_DIRS, Target
from pytest_codehealth.engine.finder import finder
from pytest_codehealth.engine.freshness import (  # re-exported: the names callers know
    DEPENDS_ON,
    STALE,
    facts_by_digest,
    facts_digest,
    refreshed,
    short,
)
from pytest_codehealth.engine.lookups import LOOKUPS, Lookup
from pytest_codehealth.rules.base import CollectFn, ImportedModule, Rule, WantedFn

T = TypeVar("T")


class Location(Record):
    """Where the checked file is: its absolute path and the project's folder; files of one
    run share a `run` key, so that what the file system said is asked once per run. Without
    `record` (a run without the cache) no `DEPENDS_ON` record is built: only a cache reads it."""

    path: Path
    root: Path
    run: str = ""
    record: bool = True


def location_of(target: Target, run: str = "", *, record: bool = True) -> Location:
    """The target's absolute path, and the folder its `parts` are relative to."""
    path = Path(os.path.abspath(target.path))
    depth = len(target.parts)
    root = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path.parent
    return Location(path, root, run, record)


class Probe(Record, frozen=False):
    """The files one check read, and where its imports led (memoised for that check). Without
    `record` (a run without the cache) what it read is not recorded: only a cache reads it."""

    root: Path
    run: str = ""
    record: bool = True
    found: dict[str, str] = field(default_factory=dict)  # path -> its `DEPENDS_ON` record
    answers: dict[Lookup, str | None] = field(default_factory=dict)  # where imports led
    # while an answer is worked out for other checks too (`Imports.followed`): the lookups
    # made from the checked file itself, and those made from the modules it reached
    home: set[Lookup] = field(default_factory=set)
    elsewhere: set[Lookup] = field(default_factory=set)
    _digests: dict[Path, str | None] = field(default_factory=dict)

    def find(self, origin: Path, name: str, level: int, *, home: bool = False) -> Path | None:
        key = (os.path.dirname(origin), name, level)
        (self.home if home else self.elsewhere).add(key)
        if key not in self.answers:
            self.answers[key] = finder(str(self.root), self.run).find(*key)
        found = self.answers[key]
        return Path(found) if found is not None else None

    def read(self, path: Path) -> tuple[bytes | None, str] | None:
        """The file's digest (recorded), and its bytes if this call was the run's first read
        of it (see `Finder.read`); None if it cannot be read."""
        if path in self._digests:
            digest = self._digests[path]
            return None if digest is None else (None, digest)
        read_once = finder(str(self.root), self.run).read(str(path))
        self._digests[path] = read_once[1] if read_once is not None else None
        if read_once is not None and self.record:
            self.found[_relative(path, self.root)] = short(read_once[1])
        return read_once

    def reread(self, path: str, digest: str) -> bytes | None:
        return finder(str(self.root), self.run).reread(path, digest)

    def saw(self, path: Path, code: str, facts: Any) -> None:
        """Record the digest of the facts a check read from `path` (through `code`'s exports)."""
        relative = _relative(path, self.root)
        if self.record and code and f" {code}=" not in self.found[relative]:
            self.found[relative] += f" {code}={facts_digest(facts)}"

    def learn(self, then: str, here: str, other: Probe) -> None:
        """Record what `other` looked up and read for a check of a file in folder `then`, as
        if this check (of a file in `here`) had: the lookups made from that file are made
        from this one (`Imports.followed` shares an answer only where they lead alike)."""
        for _, name, level in other.home:
            self.answers[(here, name, level)] = other.answers[(then, name, level)]
        for key in other.elsewhere:
            self.answers[key] = other.answers[key]
        for relative, record in other.found.items():  # "digest" or "digest code=facts"
            if len(record) > len(self.found.get(relative, "")):
                self.found[relative] = record


class Imports:
    """One module of the project as reached from the checked file (or that file itself)."""

    def __init__(
        self,
        path: Path,
        probe: Probe,
        exports: CollectFn,
        options: Any,
        code: str = "",
        *,
        home: bool = False,
    ) -> None:
        self.path, self.probe = path, probe
        self.exports, self.options = exports, options
        self.code = code  # the rule whose `exports` these are (rules sharing them share one)
        self.wanted: WantedFn | None = None
        self.home = home  # the checked file itself

    @functools.cached_property
    def facts(self) -> Any:
        read_once = self.probe.read(self.path)
        if read_once is None:
            return {}
        key = (self.exports, self.wanted, self.options, str(self.path), read_once[1])
        found = facts_by_digest(key, read_once[0], self.probe.reread)
        self.probe.saw(self.path, self.code, found)
        return found

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    def module(self, name: str, level: int = 0) -> Imports | None:
        found = self.probe.find(self.path, name, level, home=self.home)
        if found is None:
            return None
        imported = Imports(found, self.probe, self.exports, self.options, self.code)
        imported.wanted = self.wanted
        return imported

    def may_give_facts(self, name: str, level: int) -> bool:
        """Can this module's import of `name` (`level` dots) lead to a module whose `exports`
        give facts? Told apart only in a run that records nothing (one that records follows
        each import, for the `depends-on` record); the module an import leads to is named
        by a part of `name`, or, for a relative import of its package, by that folder."""
        speaking = self._speaking
        if speaking is None:
            return True
        names = set(name.split("."))
        if level:
            base = os.path.dirname(self.path)
            for _ in range(level - 1):
                base = os.path.dirname(base)
            names.add(os.path.basename(base))
        return not speaking.isdisjoint(names)

    @functools.cached_property
    def _speaking(self) -> frozenset[str] | None:
        """The names of the modules that may give facts (`Finder.speaking`), as this module
        sees them; None where any module may (a run that records, a skipped folder)."""
        probe = self.probe
        if not probe.run or probe.record or self.wanted is None:
            return None
        prefix = str(probe.root).rstrip(os.sep) + os.sep
        folder = os.path.dirname(self.path)
        if not (folder + os.sep).startswith(prefix):
            return None
        if not SKIP_DIRS.isdisjoint(folder[len(prefix) :].split(os.sep)):
            return None  # the walk skips its folder
        return finder(str(probe.root), probe.run).speaking(self.wanted, self.options)

    def followed(
        self, topic: Hashable, name: str, level: int, answer: Callable[[ImportedModule], T]
    ) -> T:
        """`answer(view)`, where `view` is this module and `answer` follows its import of
        `name` (`level` dots) only: worked out once a run for all the modules whose import of
        it leads alike (from the same folder for a relative import, from the same folders
        to start from for an absolute one), and recorded in each check as if worked out
        there (the lookups made and the files read)."""
        folder = os.path.dirname(self.path)
        run = finder(str(self.probe.root), self.probe.run)
        place = run.starts(folder) if not level else (folder,)
        what = (topic, self.exports, self.wanted, self.options, self.code)
        key = (*what, place, name, level, self.probe.record)  # unrecorded answers stay so
        if key not in run.followed:
            probe = Probe(self.probe.root, self.probe.run, self.probe.record)
            view = Imports(self.path, probe, self.exports, self.options, self.code, home=True)
            view.wanted = self.wanted
            result = answer(view)
            run.followed[key] = (result, folder, probe)
        result, then, learnt = run.followed[key]
        if self.probe.record:
            self.probe.learn(then, folder, learnt)
        return cast("T", result)


class Views:
    """The checked file as an `Imports` for each `exports` function (rules sharing one share
    the view, and what it learnt), and the files they read."""

    def __init__(self, location: Location | None) -> None:
        self.location = location
        self.probe = (
            Probe(location.root, location.run, location.record) if location is not None else None
        )
        self.record = location is not None and location.record
        self._views: dict[CollectFn, Imports] = {}

    def of(self, rule: Rule, options: Any) -> Imports | None:
        """None for a rule without `exports`, or a file without a place."""
        if rule.exports is None or self.location is None or self.probe is None:
            return None
        if rule.exports not in self._views:
            view = Imports(
                self.location.path, self.probe, rule.exports, options, rule.code, home=True
            )
            view.wanted = rule.exports_wanted
            self._views[rule.exports] = view
        return self._views[rule.exports]

    def recorded(self) -> dict[str, dict[str, Any]]:
        """`{DEPENDS_ON: {path: "digest code=facts ...", LOOKUPS: {...}}}` for the files read
        and the imports looked up (see `lookups.py`), if any."""
        if self.probe is None or not self.record or not (self.probe.found or self.probe.answers):
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


def _relative(path: Path, root: Path) -> str:
    """`path` from `root`, with `/` (the path itself when it is not under `root`)."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else text
    return relative.replace(os.sep, "/")


__all__ = [
    "DEPENDS_ON",
    "STALE",
    "Imports",
    "Location",
    "Probe",
    "Views",
    "current",
    "location_of",
    "refreshed",
]
