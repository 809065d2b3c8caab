"""The whole-run memo: what `codehealth check` printed, and the inputs it rested on.

One `marshal` file, `memo`, in the project's cache folder (`.codehealth_cache/<version>/`):
`(FORMAT, entries)`, the most recently recorded first, at most `ENTRIES` (a hook's different
file lists each keep one). An entry is `(key, inputs, chunks, code)`: the key (see
`cli/front.py`), each path the run looked at with what a stat said of it then
(`core/recorder.py`), what it wrote to stdout (1) and stderr (2) in order, and its exit code.
A hit needs every input to stat as recorded. A memo that does not load, or is not of this
shape, is a miss and is replaced; it is written to a temporary file and moved into place, so
concurrent runs never read a torn one. Only `os` and `marshal`: this is read on every hit.
"""

from __future__ import annotations

import marshal
import os
import stat

from pytest_codehealth.core import recorder

TYPE_CHECKING = False  # `typing` costs a memo hit more than the rest of it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeGuard

    Chunk = tuple[int, str]  # 1 (stdout) or 2 (stderr), the text written
    # the key, the inputs (each `(path, Signature)`: checked as they are compared), the writes
    Entry = tuple[tuple[str, ...], tuple[object, ...], tuple[Chunk, ...], int]

MEMO = "memo"
CACHE_DIR = ".codehealth_cache"  # as `engine.cache.CACHE_DIR` (tests/test_front.py)
FORMAT = "codehealth-memo-1"
ENTRIES = 16
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO in its place must not block


def lookup(files: list[str], key: tuple[str, ...]) -> Entry | None:
    """The entry recorded under `key` in the first of `files` that holds one, if every path
    it rests on stats as recorded (only that entry's shape is checked)."""
    for file in files:
        for entry in _loaded(file):
            if isinstance(entry, tuple) and entry[:1] == (key,):
                return entry if _well_formed(entry) and _unchanged(entry[1]) else None
    return None


def store(folder: str, entry: Entry) -> None:
    """Put `entry` first in `folder`'s memo (dropping one under the same key, and the oldest
    beyond `ENTRIES`); a folder that cannot be written is silently a miss next time."""
    file = os.path.join(folder, MEMO)
    kept = [entry, *(old for old in _entries(file) if old[0] != entry[0])][:ENTRIES]
    temporary = os.path.join(folder, f".{MEMO}.tmp-{os.getpid()}-{os.urandom(6).hex()}")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps((FORMAT, kept)))
        os.replace(temporary, file)
    except OSError:
        _remove(temporary)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:  # never made, or already moved into place: nothing left to clean
        return


def _entries(file: str) -> list[Entry]:
    """The entries of a memo file; none if it is missing, unreadable, damaged or foreign."""
    return [entry for entry in _loaded(file) if _well_formed(entry)]


def _loaded(file: str) -> list[object]:
    """The entries of a memo file as loaded, unchecked; none if it does not load or is not a
    memo of this format."""
    data = _read(file)
    if data is None:
        return []
    try:
        tag, entries = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # truncated, garbage, not a pair
        return []
    return entries if tag == FORMAT and isinstance(entries, list) else []


def _read(file: str) -> bytes | None:
    try:
        handle = os.open(file, _FLAGS)
    except (OSError, ValueError):
        return None
    with os.fdopen(handle, "rb") as stream:
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return None
            return stream.read()
        except OSError:
            return None


def _well_formed(entry: object) -> TypeGuard[Entry]:
    """Is `entry` an entry as `store` writes them (a foreign or damaged one is skipped)? Its
    inputs are checked one by one as they are compared (`_unchanged`): a Django-sized entry
    has thousands."""
    if not (isinstance(entry, tuple) and len(entry) == 4):
        return False
    key, inputs, chunks, code = entry
    return (
        _all(key, lambda part: isinstance(part, str))
        and isinstance(inputs, tuple)
        and _all(chunks, _is_chunk)
        and isinstance(code, int)
    )


def _all(items: object, test: Callable[[object], bool]) -> bool:
    return isinstance(items, tuple) and all(test(item) for item in items)


def _is_chunk(item: object) -> bool:
    return (
        isinstance(item, tuple)
        and len(item) == 2
        and item[0] in (1, 2)
        and isinstance(item[1], str)
    )


def _unchanged(inputs: tuple[object, ...]) -> bool:
    """Does every path stat as recorded (a kind-only record is compared by kind)? A damaged
    input is a change."""
    signature = recorder.signature
    for item in inputs:
        if type(item) is not tuple or len(item) != 2:
            return False
        path, recorded = item
        if type(path) is not str or type(recorded) is not tuple or len(recorded) not in (1, 6):
            return False
        if signature(path)[: len(recorded)] != recorded:
            return False
    return True
