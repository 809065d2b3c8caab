"""Where a check's imports led, recorded so that a cached result follows a new answer.

A check that follows imports (`modules.Probe`) depends on the files it read and also on the
lookups that found nothing, or found one candidate before another: adding
`app/redis_client.py` where `from app.redis_client import r` found nothing, a package's
`__init__.py` beside a module of the same name, an `__init__.py` that makes a namespace
package a regular one (and changes the folders absolute imports start from). The record
lists, per folder the lookups were made from, each `level:name` looked up and one short
digest of the answers (the file found, or none); a cached result holds while the same
lookups, asked again of the run's finder (one stat per candidate, shared by the run's
files), give the same answers.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from typing import Any

from pytest_codehealth.engine.finder import Finder, finder

# the key of the lookups in a `DEPENDS_ON` record: never a file's (those end in `.py`)
LOOKUPS = "(imports)"
ANSWERS_DIGEST = 16  # hex digits: enough to tell another answer
_ROOT = "."  # the project's folder, as a lookup's origin
Lookup = tuple[str, str, int]  # the folder looked from, the dotted name, the level


def recorded(answers: Mapping[Lookup, str | None], root: str) -> dict[str, str]:
    """`{folder from the root: "<digest of the answers> level:name ..."}` for `answers`."""
    by_folder: dict[str, list[tuple[str, str | None]]] = {}
    for (folder, name, level), found in answers.items():
        by_folder.setdefault(folder, []).append((f"{level}:{name}", found))
    record = {}
    for folder, looked in sorted(by_folder.items()):
        looked.sort()
        digest = _digest([found for _, found in looked], root)
        record[_from_root(folder, root)] = " ".join([digest, *(item for item, _ in looked)])
    return record


def resolve_same(record: Any, root: str, run: str) -> bool:
    """Do the lookups `record` lists give, today, the answers they gave then?"""
    if not isinstance(record, Mapping):
        return False
    finding = finder(root, run)
    return all(_same_answers(finding, root, folder, text) for folder, text in record.items())


def _same_answers(finding: Finder, root: str, relative: Any, text: Any) -> bool:
    """Do the lookups made from one folder give the answers recorded of them?"""
    if not isinstance(text, str) or not isinstance(relative, str):
        return False
    digest, *looked = text.split(" ")
    lookups = [item.partition(":") for item in looked]
    if not all(level.isdigit() for level, _, _ in lookups):
        return False
    folder = root if relative == _ROOT else os.path.join(root, *relative.split("/"))
    answers = [finding.find(folder, name, int(level)) for level, _, name in lookups]
    return _digest(answers, root) == digest


def _digest(answers: list[str | None], root: str) -> str:
    text = "\n".join("" if found is None else _from_root(found, root) for found in answers)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:ANSWERS_DIGEST]


def _from_root(path: str, root: str) -> str:
    """`path` from `root` with `/` (`.` for the root, the path itself outside it)."""
    if path == root:
        return _ROOT
    prefix = root.rstrip(os.sep) + os.sep
    relative = path[len(prefix) :] if path.startswith(prefix) else path
    return relative.replace(os.sep, "/")
