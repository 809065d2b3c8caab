"""The loop of a pool worker: a fresh interpreter that analyses the chunks of files it is sent.

Started by `engine.pool` as `python -P -c BOOT PATH...` (the parent's `sys.path`): it imports
this module and what the analysis of its files needs, nothing of the run that started it (no
command line, configuration loading or cache, no `concurrent.futures`, `multiprocessing` or
`logging`), so its peak is Python, the rules and its largest tree. Talks pickles over its
standard streams: first the function to call, then a list of argument tuples per chunk, each
tuple answered by `(True, result)` or `(False, exception)`. Standard output is the channel to the
parent: anything else printed in the worker goes to standard error.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

try:  # the C pickler alone: `pickle` also builds a pure-Python one at import (0.3 MiB)
    from _pickle import PicklingError, dumps, load
except ImportError:  # a Python without it
    from pickle import PicklingError, dumps, load

PROTOCOL = 5  # `pickle.HIGHEST_PROTOCOL` on every Python we support
__all__ = ["PROTOCOL", "answer", "channel", "dumps", "load", "serve"]  # the worker ahead's too

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO


def serve() -> None:
    """Analyse chunks until the parent closes the worker's standard input."""
    answer(sys.stdin.buffer, channel())


def channel() -> IO[bytes]:
    """Standard output, as the channel to the parent: anything else printed in this process
    goes to standard error (a stray print must not break the channel)."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    return replies


def answer(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The protocol: the function to call, then chunks of argument tuples; each file's result
    is sent as soon as it is known, so that none is kept while the next tree is built (a
    result made while a tree was alive sits among its objects and keeps its memory mapped)."""
    try:
        call = load(requests)
    except EOFError:  # the run ended (an error, Ctrl-C) before it sent this worker anything
        return
    while True:
        try:
            chunk = load(requests)
        except EOFError:  # the parent has no more chunks
            return
        for arguments in chunk:
            ok, reply = _reply(call, arguments)
            replies.write(reply)
            replies.flush()
            del reply
            if not ok:  # the parent raises it and sends no more
                break
            _settle()
        del chunk


def _reply(call: Callable[..., object], arguments: tuple[object, ...]) -> tuple[bool, bytes]:
    """`(True, result)` or `(False, exception)`, pickled; an exception raised by `call` is the
    parent's to raise, as `--jobs 1` would have raised it."""
    try:
        outcome: tuple[bool, object] = True, call(*arguments)
    except Exception as exc:
        outcome = False, exc
    try:
        return outcome[0], dumps(outcome, PROTOCOL)
    except (PicklingError, TypeError, AttributeError) as exc:
        failed = RuntimeError(f"a worker could not send its result back: {exc}")
        return False, dumps((False, failed), PROTOCOL)


def _settle() -> None:
    """Between two files: a full collection frees what the last file left in reference
    cycles and empties the interpreter's free lists (whose blocks would pin the memory of the
    last tree), then the survivors (modules, rules, caches) are frozen, so the next collection
    walks only what the next file builds, not everything the worker holds."""
    gc.collect()
    gc.freeze()
