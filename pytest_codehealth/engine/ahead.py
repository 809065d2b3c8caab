"""The analysis of the file the front door found changed, in the worker it started ahead.

On a memo miss the front door starts a worker for the changed file (`core/early.py`); it
boots and imports the analysis on the second core while this process imports the command
line and walks the tree. As soon as the run knows the file's target, settings and bytes
(`send`, before the index is looked up), it sends them; the worker analyses them while the
run does its bookkeeping for the other files. The answer stands in for the run's own analysis
of that file only when the run analyses exactly those arguments (`analyser`): the same
displayed path, bytes, settings and location; otherwise, or if the worker failed, the run
analyses the file itself. What the worker looked at (its import lookups) joins the memo's
record, as if this process had looked. Never with `--jobs 1`, nor when the files go to a pool.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core import early, recorder
from pytest_codehealth.core.reading import read
from pytest_codehealth.engine.cache import Cache
from pytest_codehealth.engine.freshness import TOLD, facts_digest, facts_of

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    from pytest_codehealth.core.findings import FileResult
    from pytest_codehealth.engine.batch import Analyse, Pending
    from pytest_codehealth.engine.discovery import Target
    from pytest_codehealth.engine.modules import Location

PIPE_MOST = 1 << 20  # Linux's default ceiling for an unprivileged pipe
Job = tuple[str, bytes, FileSettings, "Location"]
Facts = tuple[str, Any, str]  # a rule's code, its options, the digest of its `exports`' facts


class Sent:
    """A file sent to the worker started ahead, and its answer once read."""

    def __init__(self, job: Job, worker: early.Early, run: str) -> None:
        self.job, self.worker, self.run = job, worker, run
        self._facts: list[Facts] | None = None
        self._answer: tuple[bool, Any] | None = None
        self._digest = ""
        TOLD[run] = self.same_facts

    def matches(
        self, display: str, data: bytes | Path, settings: FileSettings, location: Any
    ) -> bool:
        """Is this the analysis the worker was asked for (the bytes, not only the path)?"""
        return (display, data, settings, location) == self.job

    def facts(self, path: str, digest: str) -> list[Facts]:
        """What the worker said of the facts each rule's `exports` gives of the file sent (it
        says so before it analyses the file), if `path` and its bytes' `digest` are the file's
        sent; else nothing."""
        if path != str(self.job[3].path):
            return []  # another file: no need to wait for the worker's word
        if not self._digest:
            from pytest_codehealth.core.digests import sha256  # noqa: PLC0415

            self._digest = sha256(self.job[1]).hexdigest()
        return self._told(wait=False) if digest == self._digest else []

    def _told(self, *, wait: bool = True) -> list[Facts]:
        """The worker's first message; nothing yet (`wait` false) if it has not sent it: the
        run then works the facts out itself rather than wait for a worker still importing."""
        if self._facts is None:
            if not wait and not _ready(self.worker):
                return []
            ok, payload = _answer(self.worker)
            self._facts = payload if ok else []
        return self._facts

    def result(self) -> FileResult | None:
        """The worker's result (its lookups recorded here), or None if it failed."""
        if self._answer is None:
            self._told()  # its first message
            self._answer = _answer(self.worker)
            self.worker.end()
        ok, payload = self._answer
        if not ok:
            return None
        result, inputs = payload
        recorder.merge(inputs)
        return result  # type: ignore[no-any-return]  # unpickled: what `analyse_bytes` returned

    def same_facts(
        self, recorded: str, path: str, digest: str, options: Mapping[str, Any] | None
    ) -> bool | None:
        """Does the file sent (at `path`, with bytes of this `digest`) give each rule in
        `recorded` (`code=digest ...`, as `freshness` keeps them) the facts it gave, by the
        worker's word? None when the worker was not asked (another file, other options)."""
        if options is None:
            return None
        said = {code: (told, facts) for code, told, facts in self.facts(path, digest)}
        answers = []
        for code, _, facts in (item.partition("=") for item in recorded.split()):
            if code not in said or code not in options or said[code][0] != options[code]:
                return None
            answers.append(said[code][1] == facts)
        return all(answers) if answers else None

    def end(self) -> None:
        self.worker.end()
        TOLD.pop(self.run, None)


def send(
    targets: Sequence[Target], settings: Settings, run: str, store: Cache | None, *, wanted: bool
) -> Sent | None:
    """Send the worker started ahead its file, if the run checks it, uses the cache (`store`)
    and, `wanted`, more than one process, and the cache holds no result for its bytes yet;
    else end the worker (and return None)."""
    worker = early.taken()
    if worker is None:
        return None
    job = _job(worker.path, targets, settings, run) if wanted and store else None
    if job is None or (store and _held(store, job)) or not _sent(worker, job):
        worker.end()
        return None
    return Sent(job, worker, run)


def analyser(sent: Sent | None, analyse: Callable[[], Analyse]) -> Analyse:
    """`analyse()`, except for the arguments sent ahead: the worker's answer (when it has
    one); `analyse()` is asked only for a file the worker did not analyse (it may import the
    analysis)."""
    if sent is None:
        return analyse()

    def analysed(
        display: str, data: bytes | Path, settings: FileSettings, location: Location | None
    ) -> FileResult:
        if sent.matches(display, data, settings, location):
            result = sent.result()
            if result is not None:
                return result
        return analyse()(display, data, settings, location)

    return analysed


def sent_last(pending: Sequence[Pending], sent: Sent) -> list[int]:
    """The indexes of `pending`, the file sent ahead last: its answer is waited for only once
    this process has analysed the others."""
    return sorted(range(len(pending)), key=lambda index: pending[index].display == sent.job[0])


def _job(path: str, targets: Sequence[Target], settings: Settings, run: str) -> Job | None:
    """The arguments the run will analyse the file at `path` with, as far as they are known
    now (its bytes read as the run reads them); None if the run does not check it, or reads
    no bytes of it (CH000)."""
    target = next((item for item in targets if _is(item, path)), None)
    if target is None:
        return None
    from pytest_codehealth.engine.modules import location_of  # noqa: PLC0415  # to analyse

    file_settings = settings.for_parts(target.parts)
    data = read(target.path, target.display, file_settings.max_file_size)
    if not isinstance(data, bytes):
        return None
    return target.display, data, file_settings, location_of(target, run, record=True)


def _held(store: Cache, job: Job) -> bool:
    """Does the cache hold an entry for the file's bytes and settings (a run since the memo's
    saw them: the run serves it from there, nothing to analyse)?"""
    return store.holds(Cache.key(job[2].fingerprint, job[0], job[1]))


def _is(target: Target, path: str) -> bool:
    """Is `target` the file at `path`, spelled as the run that recorded it spelled its files?"""
    return target.problem is None and os.fspath(target.path) == path


def _sent(worker: early.Early, job: Job) -> bool:
    from pytest_codehealth.engine.worker import PROTOCOL, dumps  # noqa: PLC0415  # a file sent

    message = memoryview(dumps(job, PROTOCOL))
    _room(worker.writing, len(message))
    try:
        while message:
            message = message[os.write(worker.writing, message) :]
    except OSError:  # the worker is gone (a broken pipe): the run analyses the file itself
        return False
    os.close(worker.writing)
    worker.writing = -1
    return True


def _room(fd: int, size: int) -> None:
    """A pipe that holds the whole message (up to what the system allows), so that the run
    goes on while the worker is still importing the analysis, before it reads."""
    try:
        import fcntl  # noqa: PLC0415  # not on every system

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, min(max(size, 1 << 16), PIPE_MOST))
    except (ImportError, AttributeError, OSError):  # the default size: the write waits
        return


def _ready(worker: early.Early) -> bool:
    """Has the worker written something the run has not read yet (or ended)?"""
    from select import select  # noqa: PLC0415  # only when a file was sent

    if worker.stream is not None or worker.reading < 0:  # read from already, or ended
        return True
    return bool(select([worker.reading], [], [], 0)[0])


def _answer(worker: early.Early) -> tuple[bool, Any]:
    """The worker's next message; `(False, None)` if it ended without a whole one."""
    from pytest_codehealth.engine.worker import load  # noqa: PLC0415  # only when a file was sent

    if worker.stream is None:
        if worker.reading < 0:
            return False, None
        worker.stream = os.fdopen(worker.reading, "rb")
        worker.reading = -1  # the stream closes it
    try:
        answer = load(worker.stream)
    except (OSError, EOFError, ValueError, TypeError, AttributeError):  # killed, cut short
        return False, None
    if not (isinstance(answer, tuple) and len(answer) == 2 and answer[0] is True):
        return False, None
    return answer


def serve() -> None:
    """The worker: import the analysis, then analyse the one file sent, recording what it
    looks at, and answer `(True, (result, inputs))` or `(False, None)`."""
    from pytest_codehealth.engine.worker import PROTOCOL, channel, dumps, load  # noqa: PLC0415

    replies = channel()
    from pytest_codehealth.engine.analysis import analyse_bytes  # noqa: PLC0415  # ahead

    _default_rules()

    try:
        job = load(sys.stdin.buffer)
    except EOFError:  # the run did not need it
        return
    replies.write(dumps(_facts_answer(job), PROTOCOL))
    replies.flush()
    record = recorder.arm()
    try:
        answer: tuple[bool, Any] = True, (analyse_bytes(*job), record.inputs)
    except Exception:  # the run analyses the file itself, and sees it raise
        answer = False, None
    replies.write(dumps(answer, PROTOCOL))
    replies.flush()


def _default_rules() -> None:
    """Import the rules on by default before the file comes (the selected ones are imported
    anyway, then: `analysis._prepare`)."""
    from pytest_codehealth.config.catalogue import CATALOGUE  # noqa: PLC0415  # the worker's
    from pytest_codehealth.rules.registry import rule  # noqa: PLC0415

    for info in CATALOGUE:
        if info.default and not info.whole_project:
            rule(info.code)


def _facts_answer(job: Job) -> tuple[bool, Any]:
    """`(True, [(code, options, digest of the facts), ...])` for each selected rule that
    exports facts of a module (what files importing this one compare), else `(False, None)`."""
    from pytest_codehealth.rules.registry import rule  # noqa: PLC0415

    _, data, settings, location = job
    told = []
    try:
        for info, options in settings.rules:
            found = rule(info.code)
            if found.exports is not None:
                facts = facts_of(
                    found.exports, found.exports_wanted, options, str(location.path), data
                )
                told.append((info.code, options, facts_digest(facts)))
    except Exception:  # the run works them out itself
        return False, None
    return True, told
