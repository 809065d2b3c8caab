"""Whether a cached result still holds: the other files it read say the facts they said.

A result that followed imports (`modules.py`) records, under `DEPENDS_ON`, each file it read
(the digest of its bytes and of the facts each rule's `exports` gave) and where its imports
led (`lookups.py`). `refreshed` checks that record without importing any analysis code while
the files are as they were: only a file whose bytes changed is parsed, for its facts.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_codehealth.core.digests import sha256
from pytest_codehealth.engine import lookups
from pytest_codehealth.engine.finder import Finder, finder
from pytest_codehealth.engine.lookups import LOOKUPS

if TYPE_CHECKING:
    from pytest_codehealth.rules.base import CollectFn, WantedFn

# key of FileResult.facts: {path from the root: "<digest of its bytes> <code>=<digest of the
# facts that rule's `exports` gave> ..."}, one short string per file read (the index holds many)
DEPENDS_ON = "depends-on"
DIGEST, FACTS_DIGEST = 32, 16  # hex digits kept: enough to tell an edit, small in the index
STALE = None  # what `refreshed` says of a record whose files no longer say the same
# a module's facts by `exports`, its `wanted`, the options, its path and the digest of its bytes
FactsKey = tuple["CollectFn", "WantedFn | None", Any, str, str]
_FACTS: dict[FactsKey, Any] = {}  # oldest first
FACTS_KEPT = 2048
# by a run's key: whether a changed file gives the facts recorded (`code=digest ...`), as the
# worker that analysed it says (`engine/ahead.py`), or None when it was not asked
Told = Callable[[str, str, str, "Mapping[str, Any] | None"], "bool | None"]
TOLD: dict[str, Told] = {}


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
    path = _joined(root, relative)
    if vouched and vouched.get(path, "")[:DIGEST] == record[:DIGEST]:
        return record[:DIGEST]
    return _unless_other_facts(record, path, root, run, options)


@functools.lru_cache(maxsize=4096)
def _joined(root: str, relative: str) -> str:
    """`root`/`relative` (the files a run's results depend on are few, and shared)."""
    return os.path.join(root, relative)


def _unless_other_facts(
    record: str, path: str, root: str, run: str, options: Mapping[str, Any] | None
) -> str | None:
    """The digest of the file's bytes now, unless it cannot be read or says other facts."""
    finding = finder(root, run)
    found = finding.read(path)
    if found is None:
        return None
    digest = short(found[1])
    if record[:DIGEST] == digest:
        return digest
    told = TOLD.get(run)
    known = told(record[DIGEST:], path, found[1], options) if told else None
    if known is None:  # no other process worked it out: worked out here
        known = _same_facts(record, path, found, options, finding)
    return digest if known else None


def _same_facts(
    record: str,
    path: str,
    read_once: tuple[bytes | None, str],
    options: Mapping[str, Any] | None,
    finding: Finder,
) -> bool:
    """Does the file, as it is now, give each rule recorded the facts it gave then?"""
    facts = [item.partition("=") for item in record[DIGEST:].split()]
    if not facts or options is None:
        return False
    from pytest_codehealth.rules.registry import rule as registered  # noqa: PLC0415  # bytes changed

    for code, _, digest in facts:
        rule = registered(code) if code in options else None
        if rule is None or rule.exports is None:
            return False
        key = (rule.exports, rule.exports_wanted, options[code], path, read_once[1])
        now = facts_by_digest(key, read_once[0], finding.reread)
        if facts_digest(now) != digest:
            return False
    return True


def facts_digest(facts: Any) -> str:
    """A short digest of JSON-able facts (key order does not matter)."""
    text = json.dumps(facts, sort_keys=True, separators=(",", ":"), default=repr)
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:FACTS_DIGEST]


def short(digest: str) -> str:
    return digest[:DIGEST]


def facts_by_digest(
    key: FactsKey, data: bytes | None, reread: Callable[[str, str], bytes | None]
) -> Any:
    """A module's facts, worked out once per content from the bytes of the run's first read
    of it (or, for another rule's `exports`, read again: the run keeps digests, not files)."""
    if key in _FACTS:
        return _FACTS[key]
    exports, wanted, options, path, digest = key
    if data is None:
        data = reread(path, digest)
    if data is None:  # changed since the run first read it: no facts (and a record that
        return {}  # will not match it next time)
    while len(_FACTS) >= FACTS_KEPT:
        del _FACTS[next(iter(_FACTS))]
    _FACTS[key] = found = facts_of(exports, wanted, options, path, data)
    return found


def facts_of(
    exports: CollectFn, wanted: WantedFn | None, options: Any, path: str, data: bytes
) -> Any:
    """A module's facts, from its bytes: a file that does not decode or parse has none."""
    from pytest_codehealth.core.deep import with_room  # noqa: PLC0415  # analysis code
    from pytest_codehealth.core.source import SourceFile, decode, parse  # noqa: PLC0415

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
