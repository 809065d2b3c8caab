"""The whole-run memo: what `codehealth check` printed, and the inputs it rested on.

One `marshal` file per entry in the `memo` folder of the project's cache folder
(`.codehealth_cache/<version>/memo/`), named by a digest of its key, so that a run reads and
writes its own entry only (a hook's is small; a whole tree's holds thousands of inputs); at
most `ENTRIES` (a hook's different file lists each keep one), the least recently written
removed first. A file holds `(FORMAT, (key, inputs, chunks, code))`: the key (see
`cli/front.py`), each path the run looked at with what a stat said of it then
(`core/recorder.py`), what it wrote to stdout (1) and stderr (2) in order, and its exit code.
A hit needs every input to stat as recorded. An entry that does not load, or is not of this
shape or key, is a miss and is replaced; it is written to a temporary file and moved into
place, so concurrent runs never read a torn one. Only `os` and `marshal`: this is read on
every hit.
"""

from __future__ import annotations

import marshal
import os
import stat
import time

from pytest_codehealth.core import recorder

TYPE_CHECKING = False  # `typing` costs a memo hit more than the rest of it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeGuard

    Chunk = tuple[int, str]  # 1 (stdout) or 2 (stderr), the text written
    # the key, the inputs (each `(path, Signature)`: checked as they are compared), the writes
    Entry = tuple[tuple[str, ...], tuple[object, ...], tuple[Chunk, ...], int]

MEMO = "memo"
CACHE_DIR = ".codehealth_cache"  # as `engine.cache.CACHE_DIR` (tests/test_front_process.py)
FORMAT = "codehealth-memo-2"
ENTRIES = 16
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO in its place must not block
_TEMPORARY = ".tmp-"
_FNV_OFFSET, _FNV_PRIME, _MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def name_of(key: tuple[str, ...]) -> str:
    """The file name of `key`'s entry: its FNV-1a digest (`hashlib` costs a hit more)."""
    digest = _FNV_OFFSET
    for byte in "\0".join(key).encode("utf-8", "surrogatepass"):
        digest = ((digest ^ byte) * _FNV_PRIME) & _MASK
    return f"{digest:016x}"


def lookup(
    folders: list[str], key: tuple[str, ...], changed: list[str] | None = None
) -> Entry | None:
    """The entry recorded under `key` in the first of these memo folders that holds one, if
    every path it rests on stats as recorded; else None, and the first input found changed
    appended to `changed`."""
    name = name_of(key)
    for folder in folders:
        entry = _loaded(os.path.join(folder, name))
        if isinstance(entry, tuple) and entry[:1] == (key,):
            return entry if _well_formed(entry) and _unchanged(entry[1], changed) else None
    return None


def store(cache_folder: str, entry: Entry) -> None:
    """Write `entry` in the memo of this cache folder, then drop the least recently written
    beyond `ENTRIES`; a folder that cannot be written is silently a miss next time."""
    folder = os.path.join(cache_folder, MEMO)
    temporary = os.path.join(folder, f"{_TEMPORARY}{os.getpid()}-{os.urandom(6).hex()}")
    try:
        if not os.path.isdir(folder):
            _remove(folder)  # a file in its place (an older layout, or foreign) is replaced
            os.makedirs(folder, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps((FORMAT, entry)))  # type: ignore[arg-type]  # str and int tuples
        written = os.path.join(folder, name_of(entry[0]))
        os.replace(temporary, written)
        now = time.time_ns()  # finer than the file system's clock tick: the order to prune in
        os.utime(written, ns=(now, now))
        _prune(folder)
    except OSError:
        _remove(temporary)


def _prune(folder: str) -> None:
    """Keep the `ENTRIES` most recently written entries (a concurrent run's unlink is fine)."""
    with os.scandir(folder) as found:
        entries = [
            (item.stat().st_mtime_ns, item.path)
            for item in found
            if not item.name.startswith(_TEMPORARY)
        ]
    for _, path in sorted(entries, reverse=True)[ENTRIES:]:
        _remove(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:  # never made, already moved into place or removed: nothing to clean
        return


def _loaded(file: str) -> object:
    """The entry of a memo file as loaded, unchecked; None if it does not load or is not of
    this format."""
    data = _read(file)
    if data is None:
        return None
    try:
        tag, entry = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # truncated, garbage, not a pair
        return None
    return entry if tag == FORMAT else None


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


def _unchanged(inputs: tuple[object, ...], changed: list[str] | None = None) -> bool:
    """Does every path stat as recorded (a kind-only record is compared by kind)? A damaged
    input is a change; the path of one that changed is appended to `changed`."""
    signature = recorder.signature
    for item in inputs:
        if type(item) is not tuple or len(item) != 2:
            return False
        path, recorded = item
        if type(path) is not str or type(recorded) is not tuple or len(recorded) not in (1, 6):
            return False
        if signature(path)[: len(recorded)] != recorded:
            if changed is not None:
                changed.append(path)
            return False
    return True
