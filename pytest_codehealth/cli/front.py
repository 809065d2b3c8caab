"""The `codehealth` console script: a `check` that nothing changed for prints what it printed.

Like a no-op build in make or ninja: `codehealth check ...` computes a key from what the run
depends on besides files (our version, the interpreter, argv, the current folder, the
environment variables the run reads, the output streams) and looks it up in the memo
(`cli/memo.py`) in the cache folders the run could have used. An entry whose every file and
folder stats as recorded is replayed (its output, in order, and its exit code), importing
nothing else. Otherwise the normal path runs (`cli/main.py`) with the recorder armed
(`core/recorder.py`) and its output teed; a run that can be replayed is added to the memo. On
a miss whose first changed input is a Python file, that file's analysis starts at once in a
worker when a core is idle (`core/early.py`, `engine/ahead.py`).

Help, `--version`, `rules` and `rule X` depend on no file: they are memoized in the cache
folder of the current folder's project, when it has one, keyed by the width help wraps to.

Never memoized: other subcommands, `--fix`, `--diff`, a flag this module does not know (an
abbreviation, `-h` after `check`), `GITHUB_STEP_SUMMARY` set (the run appends to that file),
`--no-cache`, a run that printed a note (a broken or unwritable cache), lost its stdout,
analysed files in worker processes (their lookups are not recorded here), looked at something
changed within `SETTLE_NS` of its start, or was interrupted.
"""

from __future__ import annotations

import os
import sys
import time

from pytest_codehealth import __version__
from pytest_codehealth.cli import memo
from pytest_codehealth.core import early, recorder
from pytest_codehealth.core.upward import config_folders

TYPE_CHECKING = False  # `typing` costs a memo hit more than the rest of it
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from pytest_codehealth.cli.memo import Chunk, Entry

# the flags of `codehealth check` (tests/test_front_process.py holds them to the parser)
VALUED = frozenset(
    {
        "--config",
        "--select",
        "--extend-select",
        "--ignore",
        "--exclude",
        "--option",
        "--max-file-size",
        "--baseline",
        "--jobs",
        "--format",
    }
)
PLAIN = frozenset({"--no-cache", "--statistics", "--no-baseline"})
PURE = frozenset({"", "-h", "--help", "--version", "rules", "rule"})  # by the first argument
# every variable a check reads (tests/test_front_process.py greps the package for them)
KEYED_ENV = ("COLUMNS", "CI_PROJECT_DIR")
REFUSED_ENV = ("GITHUB_STEP_SUMMARY",)
NOTE = "codehealth: note: "  # a transient state (a damaged or unwritable cache): not replayed


def main(argv: Sequence[str] | None = None) -> int:
    """`codehealth`: a memo hit replayed, else the normal path (recorded when it can be)."""
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:  # in the memo's own work: the normal path says so itself
        from pytest_codehealth.cli.output import interrupted  # noqa: PLC0415  # on Ctrl-C only

        return interrupted()


def _main(args: list[str]) -> int:
    plan = _plan(args) if args[:1] == ["check"] else _pure_plan(args)
    if plan is None:
        return _normal(args)
    key, memos = plan
    changed: list[str] = []
    hit = memo.lookup(memos, key, changed)
    if hit is not None:
        return _replay(hit)
    if args[:1] == ["check"]:
        _start_early(args, changed)
    return _recorded(args, key, None if args[:1] == ["check"] else memos)


def _start_early(args: list[str], changed: list[str]) -> None:
    """Start the analysis of the changed file at once (`engine/ahead.py`), when it is a Python
    file, the run may use more than one process and a core is idle."""
    if not changed or not changed[0].endswith(".py"):
        return
    if any(flag == "--jobs" and _is_one(value) for flag, value in _pairs(args[1:])):
        return
    if recorder.signature(changed[0])[0] == 0o100000 and _spare_core():  # a regular file
        early.start(changed[0])


def _spare_core() -> bool:
    """Is a core idle? (the load average of the last minute below the cores: runs back to back
    keep it near 1 with the second core idle, while on a machine whose every core is busy the
    worker's interpreter and imports would only take the run's time)"""
    try:
        cores = len(os.sched_getaffinity(0))
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this system: no way to tell
        return False
    return load < cores


def _normal(args: list[str]) -> int:
    from pytest_codehealth.cli.main import main as full  # noqa: PLC0415  # not on a memo hit

    return full(args)


def _is_one(value: str) -> bool:
    return value.strip().isdigit() and int(value) == 1


def _plan(args: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """The memo key of a `check` and the memo folders to look in; None if it is never
    memoized."""
    if any(os.environ.get(name) for name in REFUSED_ENV):
        return None
    scanned = _scan(args[1:])
    key = _key(args)
    if scanned is None or key is None:
        return None
    return key, _memo_folders(*scanned, key[4])


def _pure_plan(args: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """The key of a command whose output only our version, argv and the help's width decide
    (help, `--version`, `rules`, `rule X`), and the memo folders of the current folder's
    project (such a command makes no cache folder: it uses one a check made)."""
    key = _key(args)
    if (args[0] if args else "") not in PURE or key is None:
        return None
    return (*key, "\0", _columns()), _memo_folders(None, None, key[4])


def _key(args: list[str]) -> tuple[str, ...] | None:
    streams = _streams()
    cwd = _cwd()
    if streams is None or cwd is None:
        return None
    environment = [f"{name}={os.environ.get(name)}" for name in KEYED_ENV]
    key = (memo.FORMAT, __version__, sys.version, sys.executable, cwd, *streams, *environment)
    return (*key, "\0", *args)


def _columns() -> str:
    """The terminal's width, which argparse wraps help to when `COLUMNS` is not set."""
    try:
        return str(os.get_terminal_size(sys.__stdout__.fileno()).columns)  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # not a terminal, or no stdout
        return "-"


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:  # the current folder was deleted: the normal path says so
        return None


def _memo_folders(first: str | None, config: str | None, cwd: str) -> list[str]:
    """The memo folder of each folder that can be the run's root: the config's folder (given, or
    found from the first path as `config.load.find_config` searches), else the current one."""
    if config is not None:
        folders = [os.path.dirname(os.path.realpath(config))]
    else:
        folders = [*config_folders(first or cwd), os.path.realpath(cwd)]
    memos = [os.path.join(folder, memo.CACHE_DIR, __version__, memo.MEMO) for folder in folders]
    return list(dict.fromkeys(memos))


def _scan(args: list[str]) -> tuple[str | None, str | None] | None:
    """The first path and the `--config` of `check`'s arguments; None for a flag not known."""
    first: str | None = None
    config: str | None = None
    for flag, value in _pairs(args):
        if flag is None and first is None:
            first = value
        elif flag == "--config":
            config = value
        elif flag is not None and flag not in VALUED and flag not in PLAIN:
            return None
    return first, config


def _pairs(args: list[str]) -> list[tuple[str | None, str]]:
    """Each argument as (flag, its value or ""), or (None, a path); `("-", "")` for one the
    scan cannot follow (a valued flag at the end)."""
    pairs: list[tuple[str | None, str]] = []
    taking: str | None = None
    for arg in args:
        if taking is not None:
            pairs.append((taking, arg))
            taking = None
        elif arg in VALUED:
            taking = arg
        elif arg.startswith("-"):
            flag, equals, value = arg.partition("=")
            pairs.append((flag if not equals or flag in VALUED else "-", value))
        else:
            pairs.append((None, arg))
    return [*pairs, ("-", "")] if taking is not None else pairs


def _streams() -> list[str] | None:
    """What the output's bytes depend on: each stream's encoding, its errors, a terminal."""
    described = []
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            return None
        described.append(f"{stream.encoding}:{stream.errors}:{stream.isatty()}")
    return described


def _replay(entry: Entry) -> int:
    """Write what the recorded run wrote, in its order, and return its exit code."""
    from pytest_codehealth.cli.output import flush, out  # noqa: PLC0415  # os and sys only

    for stream, text in entry[2]:
        if stream == 1:
            out(text)
        else:
            sys.stderr.write(text)
            sys.stderr.flush()
    flush()
    return entry[3]


def _recorded(args: list[str], key: tuple[str, ...], pure: list[str] | None) -> int:
    """The normal path, recorded; kept in the memo when it can be replayed: a check's in its
    cache folder, a `pure` command's in the first of these memo folders whose cache exists."""
    record = recorder.arm()
    started = time.time_ns()  # before anything is looked at
    chunks: list[Chunk] = []
    streams = sys.stdout, sys.stderr
    sys.stdout = _Tee(streams[0], 1, chunks)
    sys.stderr = _Tee(streams[1], 2, chunks)
    try:
        code = _normal(args)
    except SystemExit as stop:  # argparse's help, version and usage errors
        if not (stop.code is None or isinstance(stop.code, int)):
            raise
        code = stop.code or 0
    finally:
        sys.stdout, sys.stderr = streams
        recorder.disarm()
        early.end()  # started for a run that stopped before it took it
    folder = record.home if pure is None else _existing_folder(pure)
    if folder is not None and _replayable(record, started, chunks):
        inputs = tuple(sorted(record.inputs.items(), key=recorder.recent_first))
        memo.store(folder, (key, inputs, _merged(chunks), code))
    return code


def _existing_folder(memos: list[str]) -> str | None:
    """The first of these memo folders' cache folder that exists (a check made it)."""
    for memo_folder in memos:
        folder = os.path.dirname(memo_folder)
        if os.path.isdir(folder):
            return folder
    return None


def _replayable(record: recorder.Record, started: int, chunks: list[Chunk]) -> bool:
    if record.refused is not None or recorder.unsettled(record, started) is not None:
        return False
    return not any(stream == 2 and NOTE in text for stream, text in _merged(chunks))


def _merged(chunks: list[Chunk]) -> tuple[Chunk, ...]:
    """The writes, those in a row to the same stream joined."""
    merged: list[Chunk] = []
    for stream, text in chunks:
        if merged and merged[-1][0] == stream:
            merged[-1] = (stream, merged[-1][1] + text)
        else:
            merged.append((stream, text))
    return tuple(merged)


class _Tee:
    """A text stream that also keeps, in order, what was written to it."""

    def __init__(self, stream: TextIO, number: int, chunks: list[Chunk]) -> None:
        self._stream, self._number, self._chunks = stream, number, chunks

    def write(self, text: str) -> int:
        written = self._stream.write(text)  # raises as the stream would, keeping nothing
        self._chunks.append((self._number, text))
        return written

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)
