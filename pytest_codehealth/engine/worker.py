"""The loop of a pool worker: a fresh interpreter that analyses the chunks of files it is sent.

Started by `engine.pool` as `python -P -c BOOT PATH...` (the parent's `sys.path`): it imports
this module and what the analysis of its files needs, nothing of the run that started it (no
command line, configuration loading or cache, no `concurrent.futures`, `multiprocessing` or
`logging`), so its peak is Python, the rules and its largest tree. Talks pickles over its
standard streams: first the function to call, then a list of argument tuples per chunk, each
answered by `(True, results)` or `(False, exception)`. Standard output is the channel to the
parent: anything else printed in the worker goes to standard error.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING

try:  # the C pickler alone: `pickle` also builds a pure-Python one at import (0.3 MiB)
    from _pickle import PicklingError, dump, load
except ImportError:  # a Python without it
    from pickle import PicklingError, dump, load

PROTOCOL = 5  # `pickle.HIGHEST_PROTOCOL` on every Python we support

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import IO


def serve() -> None:
    """Analyse chunks until the parent closes the worker's standard input."""
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not break the channel
    answer(sys.stdin.buffer, channel)


def answer(requests: IO[bytes], replies: IO[bytes]) -> None:
    """The protocol: the function to call, then one reply per chunk of argument tuples."""
    call = load(requests)
    while True:
        try:
            chunk = load(requests)
        except EOFError:  # the parent has no more chunks
            return
        reply = _run(call, chunk)
        del chunk  # each file's bytes and settings go before the next chunk comes
        try:
            dump(reply, replies, PROTOCOL)
        except (PicklingError, TypeError, AttributeError) as exc:
            failed = RuntimeError(f"a worker could not send its results back: {exc}")
            dump((False, failed), replies, PROTOCOL)
        del reply
        replies.flush()


def _run(call: Callable[..., object], chunk: list[tuple[object, ...]]) -> tuple[bool, object]:
    results = []
    try:
        for arguments in chunk:
            results.append(call(*arguments))
            _settle()
    except Exception as exc:  # the parent raises it, as `--jobs 1` would have
        return False, exc
    return True, results


def _settle() -> None:
    """Between two files: a full collection frees what the last file left in reference
    cycles and empties the interpreter's free lists (whose blocks would pin the memory of the
    last tree), then the survivors (modules, rules, caches) are frozen, so the next collection
    walks only what the next file builds, not everything the worker holds."""
    gc.collect()
    gc.freeze()
