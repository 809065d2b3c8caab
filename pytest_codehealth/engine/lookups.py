"""Where a check's imports led, recorded so that a cached result follows a new answer.

A check that follows imports (`modules.Probe`) depends on the files it read and also on the
lookups that found nothing, or found one candidate before another: adding
`app/redis_client.py` where `from app.redis_client import r` found nothing, a package's
`__init__.py` beside a module of the same name, an `__init__.py` that makes a namespace
package a regular one (and changes the folders absolute imports start from). The record
lists, per folder the lookups were made from, each `level:name` looked up and one short
digest of the answers (the file found, or none).

A warm hit first stats the folders those answers can depend on (`Finder.folders`, shared by
the run's files): while none changed (and none changed just before the run that recorded
them) no answer can have changed. Otherwise the lookups are asked again: the same answers
keep the cached result, with the folders' new stat recorded for the next run.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any

from pytest_codehealth.core.digests import sha256
from pytest_codehealth.engine.finder import Finder, finder

# the key of the lookups in a `DEPENDS_ON` record: never a file's (those end in `.py`)
LOOKUPS = "(imports)"
ANSWERS_DIGEST = 16  # hex digits: enough to tell another answer
_ROOT = "."  # the project's folder, as a lookup's origin
_FOLDERS = ""  # the key of [digest of the folders' stat, folder, ...] (never a folder's)
Lookup = tuple[str, str, int]  # the folder looked from, the dotted name, the level


def recorded(answers: Mapping[Lookup, str | None], root: str, run: str) -> dict[str, Any]:
    """`{folder from the root: "<digest of the answers> level:name ...", "": [<digest of
    the stat of the folders they depend on>, folder, ...]}` for `answers`."""
    by_folder: dict[str, list[tuple[str, str | None]]] = {}
    for (folder, name, level), found in answers.items():
        by_folder.setdefault(folder, []).append((f"{level}:{name}", found))
    record: dict[str, Any] = {}
    for folder, looked in sorted(by_folder.items()):
        looked.sort()
        digest = _digest([found for _, found in looked], root)
        record[_from_root(folder, root)] = " ".join([digest, *(item for item, _ in looked)])
    record[_FOLDERS] = _folders(finder(root, run), root, answers)
    return record


def resolve_same(record: Any, root: str, run: str) -> Any:
    """`record` (with the folders' stat brought up to date) if the lookups it lists give,
    today, the answers they gave then; else None."""
    if not isinstance(record, Mapping):
        return None
    finding = finder(root, run)
    folders = record.get(_FOLDERS)
    if isinstance(folders, list) and folders and _unchanged(finding, root, folders):
        return record
    lookups = {key: text for key, text in record.items() if key != _FOLDERS}
    if not all(_same_answers(finding, root, folder, text) for folder, text in lookups.items()):
        return None
    return {**record, _FOLDERS: _folders(finding, root, _listed(lookups, root))}


def _same_answers(finding: Finder, root: str, relative: Any, text: Any) -> bool:
    """Do the lookups made from one folder give the answers recorded of them?"""
    if not isinstance(text, str) or not isinstance(relative, str):
        return False
    digest, *looked = text.split(" ")
    lookups = [item.partition(":") for item in looked]
    if not all(level.isdigit() for level, _, _ in lookups):
        return False
    folder = _absolute(relative, root)
    answers = [finding.find(folder, name, int(level)) for level, _, name in lookups]
    return _digest(answers, root) == digest


def _listed(lookups: Mapping[str, str], root: str) -> Iterable[Lookup]:
    """The lookups of a record (whose answers were just checked)."""
    for relative, text in lookups.items():
        for item in text.split(" ")[1:]:
            level, _, name = item.partition(":")
            yield _absolute(relative, root), name, int(level)


def _folders(finding: Finder, root: str, lookups: Iterable[Lookup]) -> list[str]:
    """[digest of the folders' stat, folder from the root, ...]: an empty digest (never
    matched) if one of them changed too recently to vouch for."""
    folders = sorted({path for lookup in lookups for path in finding.folders(*lookup)})
    return [_stat_digest(finding, folders), *(_from_root(path, root) for path in folders)]


def _unchanged(finding: Finder, root: str, folders: list[Any]) -> bool:
    """Do the folders recorded say, on a stat, what they said then?"""
    digest, *relative = folders
    if not set(map(type, relative)) <= {str}:  # one pass: most files depend on 16 folders
        return False
    known = finding.by_relative  # most folders are shared by many files of the run
    for path in relative:
        if path not in known:
            known[path] = finding.signature(_absolute(path, root))
    return bool(digest) and _joined_digest([known[path] for path in relative]) == digest


def _stat_digest(finding: Finder, folders: list[str]) -> str:
    return _joined_digest([finding.signature(folder) for folder in folders])


def _joined_digest(signatures: list[str | None]) -> str:
    """The digest of the folders' signatures; empty if one of them cannot vouch."""
    if None in signatures:
        return ""
    text = "\n".join(signatures)  # type: ignore[arg-type]  # no None: checked above
    return sha256(text.encode()).hexdigest()[:ANSWERS_DIGEST]


def _digest(answers: list[str | None], root: str) -> str:
    text = "\n".join("" if found is None else _from_root(found, root) for found in answers)
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:ANSWERS_DIGEST]


def _absolute(relative: str, root: str) -> str:
    return root if relative == _ROOT else os.path.join(root, *relative.split("/"))


def _from_root(path: str, root: str) -> str:
    """`path` from `root` with `/` (`.` for the root, the path itself outside it)."""
    if path == root:
        return _ROOT
    prefix = root.rstrip(os.sep) + os.sep
    relative = path[len(prefix) :] if path.startswith(prefix) else path
    return relative.replace(os.sep, "/")
