"""What a `codehealth check` run looked at, for the front door's memo (`cli/front.py`).

The normal path calls `seen` where it stats or reads something the user owns (a checked
file, a folder it lists, a config or baseline file, a module an import may name, found or
not), `probed` where only a path's kind matters (the `.git` that ends the config search),
`refuse` when the run cannot be replayed, and `home` when it opens the cache. Each is a no-op
unless the front door armed the recorder: `pytest --codehealth` and `main([...])` pay a
global lookup. Only `os` is imported: the front door reads this on every memo hit.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # `typing` costs a hit more than the rest of it
if TYPE_CHECKING:
    from collections.abc import Callable

    Signature = tuple[int, ...]

SETTLE_NS = 2_000_000_000  # a file written this recently is read and hashed, never trusted
ABSENT: Signature = (-1,)  # a path that was not there (or could not be looked at)


class Record:
    """One armed run: each path looked at with what a stat said then, and why not to keep it."""

    def __init__(self) -> None:
        self.inputs: dict[str, Signature] = {}
        self.refused: str | None = None
        self.home: str | None = None  # the run's cache folder (`<root>/.codehealth_cache/<v>`)


_ARMED: list[Record] = []  # at most one: the front door's run


def arm() -> Record:
    """Start recording (the front door, before it runs the normal path)."""
    _ARMED[:] = [Record()]
    return _ARMED[0]


def disarm() -> None:
    _ARMED.clear()


def armed() -> bool:
    return bool(_ARMED)


def signature(path: str) -> Signature:
    """What a stat (following links) says of `path`: kind, device, inode, size, mtime, ctime."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return ABSENT
    return _signature_of(info)


def _signature_of(info: os.stat_result) -> Signature:
    kind = info.st_mode & 0o170000
    return (kind, info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def stated(path: os.PathLike[str] | str, info: os.stat_result | None) -> None:
    """`seen`, with the stat the caller just took (None: nothing there), so armed runs stat
    the files and folders they look up once."""
    if _ARMED:
        text = os.fspath(path)
        inputs = _ARMED[0].inputs
        if text not in inputs:
            inputs[text] = ABSENT if info is None else _signature_of(info)


def merge(inputs: dict[str, Signature]) -> None:
    """Inputs another process recorded for this run (the worker started ahead), each kept
    unless this run looked at that path first."""
    if _ARMED:
        recorded = _ARMED[0].inputs
        for path, found in inputs.items():
            recorded.setdefault(path, found)


def stat(path: str) -> os.stat_result | None:
    """`os.stat(path)` (None if it fails), recorded as `stated` when armed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        info = None
    stated(path, info)
    return info


def kind(path: str) -> Signature:
    """Only whether `path` is there and what it is (a `.git` folder changes on every commit)."""
    found = signature(path)
    return found if found == ABSENT else found[:1]


def _noting(measure: Callable[[str], Signature]) -> Callable[[os.PathLike[str] | str], None]:
    def noted(path: os.PathLike[str] | str) -> None:
        """Keep the first stat of `path`: taken before it was read, it differs from a later
        one if the file changed since, and the memo then misses."""
        if _ARMED:
            text = os.fspath(path)
            inputs = _ARMED[0].inputs
            if text not in inputs:
                inputs[text] = measure(text)

    return noted


seen = _noting(signature)  # a file or folder whose content the verdict rests on
probed = _noting(kind)  # a path whose existence (and kind) the verdict rests on


def refuse(reason: str) -> None:
    """This run must not be replayed (an interrupted output, a note about a broken cache)."""
    if _ARMED:
        _ARMED[0].refused = reason


def home(folder: os.PathLike[str] | str) -> None:
    """The cache folder of the run (the memo lives there)."""
    if _ARMED:
        _ARMED[0].home = os.fspath(folder)


def recent_first(item: tuple[str, Signature]) -> int:
    """A sort key: the most recently changed input first (the likeliest to have changed
    again, so that a miss is told after a few stats); the kind-only records last."""
    found = item[1]
    return -max(found[4], found[5]) if len(found) == 6 else 0


def unsettled(record: Record, started_ns: int) -> str | None:
    """A path recorded with an mtime or ctime too close to the run's start to vouch for it
    (an edit in the same clock tick would not move it), else None."""
    limit = started_ns - SETTLE_NS
    for path, found in record.inputs.items():
        if len(found) == 6 and max(found[4], found[5]) > limit:
            return path
    return None
