"""A checked file's bytes, or the CH000 finding that says why they cannot be had.

Kept apart from `core.source` (parsing, the node index, `ast`): a run served from the cache
reads files and reports findings without importing any analysis code.
"""

from __future__ import annotations

from pathlib import Path

from pytest_codehealth.core import recorder
from pytest_codehealth.core.files import FileTooLargeError, read_regular
from pytest_codehealth.core.findings import Finding

LOAD_ERROR_CODE, LOAD_ERROR_NAME = "CH000", "unreadable-file"


def read(path: Path, display: str, limit: int | None = None) -> bytes | Finding:
    """The file's bytes, or a CH000 finding saying why they cannot be read.

    Only a regular file is opened (a pipe or a device could block), and only one of at most
    `limit` bytes (`max-file-size`).
    """
    recorder.seen(path)  # before it is read: an edit after this stat moves it
    try:
        return read_regular(path, limit)
    except FileTooLargeError as exc:
        return load_error(display, 1, 1, too_large(exc.size, exc.limit))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and path.is_symlink():
            reason = "broken symbolic link"
        return load_error(display, 1, 1, f"cannot read file: {reason}")


def over_limit(data: bytes, display: str, limit: int | None) -> Finding | None:
    """CH000 for bytes held in memory (an editor's text, a git blob) over `max-file-size`."""
    if limit is None or len(data) <= limit:
        return None
    return load_error(display, 1, 1, too_large(len(data), limit))


def too_large(size: int, limit: int) -> str:
    """The CH000 message for a file over `max-file-size`."""
    return (
        f"file too large to check: {size:,} bytes (limit {limit:,}); "
        "raise `max-file-size` or `exclude` the file"
    )


def load_error(display: str, line: int, col: int, message: str) -> Finding:
    """A CH000 finding: the file could not be checked, and why."""
    return Finding(display, line, col, LOAD_ERROR_CODE, LOAD_ERROR_NAME, message)
