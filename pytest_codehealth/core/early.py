"""A worker process started by the front door for the file a memo miss found changed.

The front door (`cli/front.py`) learns which checked file changed in its first few stats, well
before the normal path has imported the command line and walked the tree. It starts one fresh
`python -P` on the second core at once (`start`): the worker imports the analysis and waits
for that file. The normal path (`engine/ahead.py`) takes it (`taken`), sends the file's bytes
and settings as soon as it knows them, and uses the answer only for those very arguments;
anything else ends the worker (`end`). Only `os` and `sys`: the front door imports this.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` costs the front door more than the rest of this
if TYPE_CHECKING:
    from typing import BinaryIO

# the parent's import path first (as `engine.pool`'s workers): `-P` leaves the folder the
# worker starts in off `sys.path`, so no module of the checked project can shadow ours
BOOT = (
    "import sys; sys.path[:] = sys.argv[1:]\n"
    "from pytest_codehealth.engine.ahead import serve; serve()"
)


class Early:
    """One worker started ahead: the file it is for, its process, the ends of its pipes."""

    def __init__(self, path: str, pid: int, writing: int, reading: int) -> None:
        self.path, self.pid, self.writing, self.reading = path, pid, writing, reading
        self.stream: BinaryIO | None = None  # the reading end, once the run reads it

    def end(self) -> None:
        """Stop the worker, whatever it is doing, and close its pipes."""
        for fd in (self.writing, self.reading):
            _close(fd)
        self.writing = self.reading = -1
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        if self.pid > 0:
            _stop(self.pid)
            self.pid = 0


_STARTED: list[Early] = []  # at most one: the front door's run


def start(path: str) -> None:
    """Start a worker for the regular file `path` (as the run that recorded it spelled it);
    nothing if one cannot be."""
    end()
    if not sys.executable or not hasattr(os, "posix_spawn"):
        return
    worker_in, writing = os.pipe()
    reading, worker_out = os.pipe()
    actions = [
        (os.POSIX_SPAWN_DUP2, worker_in, 0),
        (os.POSIX_SPAWN_DUP2, worker_out, 1),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),  # the run's own output only
    ]
    command = [sys.executable, "-P", "-c", BOOT, *map(str, sys.path)]
    try:
        pid = os.posix_spawn(sys.executable, command, os.environ, file_actions=actions)
    except OSError:  # no process to be had: the run analyses the file itself
        pid = 0
    finally:
        _close(worker_in)
        _close(worker_out)
    _STARTED.append(Early(path, pid, writing, reading))
    if pid == 0:
        end()


def taken() -> Early | None:
    """The worker started ahead, now the caller's to use and end (None if there is none)."""
    return _STARTED.pop() if _STARTED else None


def end() -> None:
    """End a worker started ahead that no run took (the normal path stopped before it)."""
    while _STARTED:
        _STARTED.pop().end()


def _close(fd: int) -> None:
    if fd >= 0:
        try:
            os.close(fd)
        except OSError:  # closed already: nothing to release
            return


def _stop(pid: int) -> None:
    """Kill and reap a worker (it holds nothing of the user's: only its answer is lost)."""
    from signal import SIGKILL  # noqa: PLC0415  # `signal` builds enums: not on a memo hit

    try:
        os.kill(pid, SIGKILL)  # an exited worker not yet reaped can still be sent it
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):  # reaped already: nothing left to end
        return
