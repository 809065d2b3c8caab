"""Standard output for every subcommand: what the console cannot encode is escaped, and a
reader that went away (`codehealth rules | head -1`) ends the output quietly.

On a closed pipe, stdout is pointed at the null device so that later writes and the flush
at exit are silent; the command still finishes and exits with the code it would have had.
"""

from __future__ import annotations

import os
import sys

from pytest_codehealth.core import recorder

EXIT_INTERRUPTED = 130  # as a shell reports a command ended by Ctrl-C (128 + SIGINT)
INTERRUPTED = "codehealth: interrupted\n"


def out(text: str) -> None:
    """Write to stdout and flush; a file name that is not UTF-8 or a non-ASCII name on a
    legacy console is escaped, as stderr does, never a traceback."""
    try:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            encoding = sys.stdout.encoding or "utf-8"
            sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()


def flush() -> None:
    """Flush stdout (what argparse and `print` left in its buffer), quietly on a closed pipe."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()


def drop_stdout() -> None:
    """The reader is gone: send the rest of stdout, and the flush at exit, to the null device."""
    recorder.refuse("stdout was closed")  # what was written cannot be told from what was lost
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    finally:
        os.close(null)


def interrupted() -> int:
    """Ctrl-C: one line on stderr instead of a traceback, and nothing of the run kept for the
    memo (the pool's workers are ended by `engine.pool` on the way out)."""
    recorder.refuse("interrupted")
    sys.stderr.write(INTERRUPTED)
    sys.stderr.flush()
    return EXIT_INTERRUPTED
