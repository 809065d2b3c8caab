"""The whole-project pass behind CH020 (cycles), CH021 (fan-out) and CH030 (duplicates).

It is a `codehealth check` of the config's `paths` (the content-hash cache on, as the CLI
has it), of which the editor keeps the whole-project findings, by displayed path. It runs in
a worker process after a save, never on a keystroke: its findings are those of the files as
saved.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine.project import project_rules
from pytest_codehealth.engine.run import MissingPathError, run
from pytest_codehealth.server.analysis import WHOLE_PROJECT
from pytest_codehealth.server.configs import Project

Found = dict[str, list[Finding]]


class PassError(Exception):
    """A project pass that could not run: a configured path is missing, an extra is not
    installed. Said once in the editor's log; the per-file gates go on."""


def project_pass(project: Project) -> Found:
    """Whole-project findings by displayed path ({} when no whole-project rule is selected)."""
    settings = project.settings
    if not project_rules(settings):
        return {}
    paths = [str(settings.root / path) for path in settings.paths] or [str(settings.root)]
    try:
        report = run(paths, settings, settings.root, cache=True)
    except MissingPathError as exc:
        raise PassError(f"project pass: `{exc}` in `paths` does not exist") from None
    except MissingExtraError as exc:
        raise PassError(f"project pass: {exc}") from None
    found: Found = defaultdict(list)
    for finding in report.findings:
        if finding.code in WHOLE_PROJECT:
            found[finding.path].append(finding)
    return dict(found)


class Worker:
    """One process for the project passes: a pass over a large project then takes no time
    from the keystroke checks (no shared GIL). Spawned, not forked (the server has threads);
    its stdout goes to stderr, as stdout is the protocol's. Stopped at once on shutdown."""

    pool: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(1, mp_context=context, initializer=_stdout_to_stderr)
        self._pid = self.pool.submit(os.getpid)
        return self.pool

    async def run(self, project: Project) -> Found:
        """The pass, in the worker (started on the first pass a project needs); a worker that
        died is replaced and the pass run again."""
        if not project_rules(project.settings):
            return {}
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self.pool or self._start(), project_pass, project)
        except BrokenProcessPool:
            return await loop.run_in_executor(self._start(), project_pass, project)

    def stop(self) -> None:
        if self.pool is None:
            return
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self._pid.done() and self._pid.exception() is None:
            with contextlib.suppress(ProcessLookupError):  # it has ended already
                os.kill(self._pid.result(), signal.SIGTERM)


def _stdout_to_stderr() -> None:
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
