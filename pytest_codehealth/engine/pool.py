"""Worker processes for the files of one run: fresh interpreters running `engine.worker`.

A worker forked from the run (as `concurrent.futures` does on Linux) starts with everything
the run holds (the command line, configuration loading, discovery, the cache, the pool's own
machinery) and its peak is that plus its largest tree. A fresh `python -P` that imports only
the analysis starts smaller than such a fork. The parent sends each worker the function by
reference, then one chunk of argument tuples at a time, from one thread per worker; each
result comes back as soon as the worker has it, and `map_chunks` gives them in order.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

# the parent's import path first: `-P` leaves the folder the worker starts in off `sys.path`,
# so no module of the checked project can shadow one the worker imports
BOOT = (
    "import sys; sys.path[:] = sys.argv[1:]\n"
    "from pytest_codehealth.engine.worker import serve; serve()"
)
Chunk = Sequence[tuple[Any, ...]]
Arrived = Callable[[int, int, Any], None]  # chunk index, position in it, result
_LOCAL = threading.local()  # each thread's own workers started ahead: runs in two threads


class WorkerError(RuntimeError):
    """A worker process ended before it answered (killed, or out of memory)."""


def map_chunks(
    call: Callable[..., Any],
    chunks: Sequence[Chunk],
    workers: int,
    arrived: Arrived | None = None,
) -> list[list[Any]]:
    """`call(*arguments)` for every tuple of every chunk, in `workers` fresh processes; the
    results of each chunk, in the order of `chunks`. An exception raised by `call` (or by
    `arrived`) is raised here, after every worker has stopped.

    `arrived(chunk, position, result)`, if given, is called for each result as it comes, from
    one feeding thread at a time, while the workers go on (a chunk's last result once the
    worker has its next chunk): the parent's work on a result overlaps the pool's."""
    feed = _Feed(call, chunks, arrived)
    taken = [_taken(call) for _ in range(max(1, min(workers, len(chunks))))]
    stop_ahead()  # started ahead beyond what the chunks need
    threads = [threading.Thread(target=feed.serve, args=pair) for pair in taken]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        feed.failures.extend(_stop(process) for process, _ in taken if process.poll() is None)
    if feed.failures:
        raise feed.failures[0]
    return feed.results()


class _Feed:
    """The chunks still to send, and the answers so far (shared by the feeding threads)."""

    def __init__(
        self, call: Callable[..., Any], chunks: Sequence[Chunk], arrived: Arrived | None
    ) -> None:
        self.call = call
        self.pending: Iterator[tuple[int, Chunk]] = iter(enumerate(chunks))
        self.lock = threading.Lock()
        self.arrived = arrived
        self.arriving = threading.Lock()  # `arrived` runs in one thread at a time
        self.answers: dict[int, list[Any]] = {}
        self.failures: list[BaseException] = []
        self.count = len(chunks)

    def serve(self, process: subprocess.Popen[bytes], told: bool) -> None:
        """Give `process` one chunk at a time until none is left or a worker failed (`told`:
        it was sent the function when it was started ahead)."""
        try:
            self._serve(process, told)
        except BaseException as exc:  # raised by `map_chunks`, in the calling thread
            with self.lock:
                self.failures.append(exc)

    def _serve(self, process: subprocess.Popen[bytes], told: bool) -> None:
        assert process.stdin is not None
        if not told:
            _send(process, self.call)
        last: tuple[int, int, Any] | None = None  # the previous chunk's last result
        while True:
            with self.lock:
                index, chunk = next(self.pending, (-1, ()))
            if index < 0 or self.failures:
                break
            _send(process, chunk)
            if last is not None:
                self._arrived(*last)  # the worker has its next chunk meanwhile
            self.answers[index] = self._answers(process, index, len(chunk))
            last = (index, len(chunk) - 1, self.answers[index][-1])
        _close(process)  # the worker's end of input: it exits
        if last is not None:
            self._arrived(*last)

    def _answers(self, process: subprocess.Popen[bytes], index: int, count: int) -> list[Any]:
        """The worker's answer for each file of chunk `index`, as soon as it has it; all but
        the last go to `arrived` while the worker is on the next file."""
        answers = []
        for position in range(count):
            ok, value = _receive(process)
            if not ok:
                raise value
            answers.append(value)
            if position < count - 1:
                self._arrived(index, position, value)
        return answers

    def _arrived(self, index: int, position: int, value: Any) -> None:
        if self.arrived is not None:
            with self.arriving:
                self.arrived(index, position, value)

    def results(self) -> list[list[Any]]:
        return [self.answers[index] for index in range(self.count)]


def _ahead() -> list[tuple[Callable[..., Any], subprocess.Popen[bytes]]]:
    """This thread's workers started ahead, with the function each was sent."""
    if not hasattr(_LOCAL, "started"):
        _LOCAL.started = []
    started: list[tuple[Callable[..., Any], subprocess.Popen[bytes]]] = _LOCAL.started
    return started


def start_ahead(call: Callable[..., Any], workers: int) -> None:
    """Start `workers` processes for a `map_chunks(call, ...)` to come, and send them `call`:
    they start their interpreter and import what `call` needs while the parent reads the files
    (`stop_ahead` ends those no `map_chunks` takes)."""
    started = _ahead()
    while len(started) < workers:
        process = _start()
        started.append((call, process))
        try:
            _send(process, call)
        except WorkerError:
            return  # `_taken` passes it over, and `map_chunks` starts another
        except BaseException:  # `call` does not pickle: the run fails, as `map_chunks` would
            stop_ahead()
            raise


def stop_ahead() -> None:
    """End the processes started ahead that no `map_chunks` took: each reads the end of its
    input and exits."""
    started = _ahead()
    while started:
        _, process = started.pop()
        _close(process)


def _taken(call: Callable[..., Any]) -> tuple[subprocess.Popen[bytes], bool]:
    """A process started ahead for `call`, still running (and told `call`), else a new one."""
    started = _ahead()
    while started:
        ahead, process = started.pop(0)
        if ahead is call and process.poll() is None:
            return process, True
        _close(process)
    return _start(), False


def _close(process: subprocess.Popen[bytes]) -> None:
    """The end of a worker's input (each message is flushed: nothing is left to write)."""
    assert process.stdin is not None
    if process.poll() is None:
        process.stdin.close()
    process.wait()


def _start() -> subprocess.Popen[bytes]:
    """A worker in a process group of its own: the terminal's Ctrl-C reaches the run alone,
    which ends its workers (`_stop`, or the end of their input) and says so once, instead of
    each worker printing a traceback, or a fatal error when it comes during their start."""
    command = [sys.executable, "-P", "-c", BOOT, *map(str, sys.path)]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, process_group=0)


def _send(process: subprocess.Popen[bytes], message: object) -> None:
    assert process.stdin is not None
    try:
        pickle.dump(message, process.stdin, pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
    except BrokenPipeError:
        raise _ended(process) from None


def _receive(process: subprocess.Popen[bytes]) -> tuple[bool, Any]:
    assert process.stdout is not None
    try:
        answer: tuple[bool, Any] = pickle.load(process.stdout)
    except EOFError:
        raise _ended(process) from None
    return answer


def _ended(process: subprocess.Popen[bytes]) -> WorkerError:
    code = process.wait()
    return WorkerError(f"a worker process ended before it answered (exit code {code})")


def _stop(process: subprocess.Popen[bytes]) -> WorkerError:
    """End a worker still running when the run stops early (an error, an interrupt)."""
    process.kill()
    code = process.wait()
    return WorkerError(f"a worker process was stopped (exit code {code})")
