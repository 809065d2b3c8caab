"""Reading what the user owns without hanging: regular files only, opened non-blocking.

A named pipe given as a file (a cache entry, a baseline, a config, a checked module) would
block a plain `open()` until someone writes to it; a device could stream for ever. The path
is checked before it is opened, and opened non-blocking in case it changed in between.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class NotRegularFileError(OSError):
    """A FIFO, a socket or a device where a file was expected."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", str(path))


class FileTooLargeError(OSError):
    """A file over the size limit: not read at all."""

    def __init__(self, path: Path | str, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, "file too large", str(path))
        self.size, self.limit = size, limit


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; an `OSError` for anything else."""
    _check(os.stat(path), path, limit)
    handle = os.open(path, _FLAGS | getattr(os, "O_BINARY", 0))
    with os.fdopen(handle, "rb") as stream:
        _check(os.fstat(stream.fileno()), path, limit)  # it may have changed since the stat
        return stream.read()


def _check(info: os.stat_result, path: Path | str, limit: int | None) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path)
    if limit is not None and info.st_size > limit:
        raise FileTooLargeError(path, info.st_size, limit)
