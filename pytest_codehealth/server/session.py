"""The server's state between messages: open files, their last check, the project passes.

Nothing here runs the engine on the event loop: a file is checked in the `checks` thread
(one at a time, newest text first: a change waits `debounce` seconds and cancels the check
it replaces), a project pass in the `passes` worker process. A result for a version the editor has
moved past is dropped; a project pass that ends republishes the open files from their last
check, without checking them again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from pytest_codehealth.config.load import DEFAULT_BASELINE, ConfigError
from pytest_codehealth.server.analysis import Checked, check_text, shown
from pytest_codehealth.server.configs import CONFIG_NAME, Configs, Project
from pytest_codehealth.server.passes import Found, PassError, Worker
from pytest_codehealth.server.protocol import Text, config_diagnostic, diagnostic

T = TypeVar("T")
DEFAULT_DEBOUNCE = 0.2  # seconds after the last change before a file is checked
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Last:
    """An open file's last check: which version, for which project, what it found."""

    version: int
    project: Project
    checked: Checked


class Session:
    def __init__(self, server: LanguageServer, folder: Path, debounce: float) -> None:
        self.server, self.debounce = server, debounce
        self.configs = Configs(folder)
        self.checks = ThreadPoolExecutor(1, thread_name_prefix="codehealth-check")
        self.passes = Worker()
        self.last: dict[str, Last] = {}
        self.whole: dict[Path, Found] = {}  # by project root: the last pass's findings
        self._pending: dict[str, asyncio.Task[None]] = {}
        self._passing: dict[Path, asyncio.Task[None]] = {}
        self._again: set[Path] = set()
        self._said: dict[str, str] = {}  # config file -> the error shown for it
        self._tasks: set[asyncio.Task[None]] = set()
        self._saved: set[str] = set()  # files saved since their last check

    # -- scheduling -------------------------------------------------------------------
    def schedule(self, uri: str, delay: float) -> None:
        """Check the file after `delay` seconds, instead of any check still to come."""
        if not uri.endswith(".py"):
            return
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._pending[uri] = self._spawn(self._check(uri, delay))

    def close(self, uri: str) -> None:
        pending = self._pending.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self._clear(uri)

    def _clear(self, uri: str) -> None:
        if self.last.pop(uri, None) is not None:
            self._publish(uri, [], None)

    async def _check(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        path = to_fs_path(uri)
        document = self.server.workspace.get_text_document(uri)
        version, text = document.version or 0, document.source
        if path is None:
            return
        outcome = await self._in(self.checks, self._check_text, Path(path), text)
        if isinstance(outcome, ConfigError):
            self.say_config_error(outcome)
            return
        if self._moved_on(uri, version):
            return  # the editor has a newer text: its own check is on its way
        if outcome is None:  # excluded (perhaps since a config change): nothing to show
            self._clear(uri)
            return
        project, checked = outcome
        self.last[uri] = Last(version, project, checked)
        if project.root not in self.whole or uri in self._saved:
            self._saved.discard(uri)
            self.request_pass(project)
        self._show(uri, self.last[uri], text)

    def _check_text(self, path: Path, text: str) -> tuple[Project, Checked] | ConfigError | None:
        project = self.configs.project_of(path)
        if isinstance(project, ConfigError):
            return project
        checked = check_text(project, path, text)
        return None if checked is None else (project, checked)

    def _moved_on(self, uri: str, version: int) -> bool:
        if unquote(uri) not in self.server.workspace.text_documents:
            return True
        return (self.server.workspace.get_text_document(uri).version or 0) != version

    def _show(self, uri: str, last: Last, text: str | None = None) -> None:
        document = self.server.workspace.get_text_document(uri)
        lines = Text(text if text is not None else document.source, document.position_codec)
        found = shown(last.checked, last.project, self.whole.get(last.project.root, {}))
        self._publish(uri, [diagnostic(finding, lines) for finding in found], last.version)

    def _publish(self, uri: str, found: list[types.Diagnostic], version: int | None) -> None:
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=version)
        self.server.text_document_publish_diagnostics(params)

    def _spawn(self, work: Coroutine[None, None, None]) -> asyncio.Task[None]:
        task = asyncio.ensure_future(self._guarded(work))
        self._tasks.add(task)  # kept until done (the loop holds tasks weakly)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, work: Coroutine[None, None, None]) -> None:
        """A bug of ours in the background is logged to the editor; the server goes on."""
        try:
            await work
        except Exception as exc:
            log.exception("codehealth server: background work failed")
            self.log(f"internal error: {type(exc).__name__}: {exc}", types.MessageType.Error)

    async def _in(self, pool: ThreadPoolExecutor, call: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(pool, call, *args)

    # -- the whole-project pass ----------------------------------------------------------
    def request_pass(self, project: Project) -> None:
        """A pass for this project now, or once more after the one running."""
        running = self._passing.get(project.root)
        if running is not None and not running.done():
            self._again.add(project.root)
            return
        self._passing[project.root] = self._spawn(self._pass(project))

    async def _pass(self, project: Project) -> None:
        while True:
            self._again.discard(project.root)
            before = self.whole.get(project.root)
            try:
                self.whole[project.root] = await self.passes.run(project)
            except PassError as exc:
                self.log(str(exc), types.MessageType.Warning)
                self.whole[project.root] = {}
            if self.whole[project.root] != (before or {}):
                self._republish(project)
            if project.root not in self._again:
                return

    def _republish(self, project: Project) -> None:
        """The open files of a project, from their last check and the new project pass."""
        for uri, last in list(self.last.items()):
            if last.project.root == project.root and not self._moved_on(uri, last.version):
                self._show(uri, last)

    def saved(self, uri: str) -> None:
        """A saved file: checked now, and its project's pass run again in the background."""
        self._saved.add(uri)  # the pass starts once the check knows the file's project
        self.schedule(uri, 0)

    # -- config ------------------------------------------------------------------------
    def settings_changed(self, uri: str) -> bool:
        """Whether `uri` is a config, a baseline by its default name, or one a config names."""
        if is_config(uri):
            return True
        path = to_fs_path(uri)
        named = {project.settings.baseline for project in self.configs.projects()}
        return path is not None and Path(path) in named

    def reload(self) -> None:
        """A config changed: load the settings again, check every open file again."""
        self.configs.forget()
        self.whole.clear()
        self.log("configuration reloaded", types.MessageType.Info)
        if self._said:
            self._spawn(self._recheck_configs(list(self._said)))
        for uri in list(self.server.workspace.text_documents):
            self.schedule(uri, 0)

    async def _recheck_configs(self, files: list[str]) -> None:
        """The configs that had errors: the error shown again if it changed, cleared if gone."""
        for file in files:
            outcome = await self._in(self.checks, self.configs.project_of, Path(file))
            if isinstance(outcome, ConfigError):
                self.say_config_error(outcome)
            elif self._said.pop(file, None) is not None:
                self._publish(Path(file).resolve().as_uri(), [], None)

    def say_config_error(self, error: ConfigError) -> None:
        """Shown once, on the config file, and logged; the file's gates stay quiet till fixed."""
        if self._said.get(error.file) == str(error):
            return
        self._said[error.file] = str(error)
        self.log(f"config error: {error}", types.MessageType.Error)
        try:
            text = Path(error.file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            text = ""
        uri = Path(error.file).resolve().as_uri()
        self._publish(uri, [config_diagnostic(error, text)], None)

    def log(self, message: str, kind: types.MessageType = types.MessageType.Log) -> None:
        self.server.window_log_message(types.LogMessageParams(type=kind, message=message))

    def stop(self) -> None:
        for task in [*self._pending.values(), *self._passing.values()]:
            task.cancel()
        self.checks.shutdown(wait=False, cancel_futures=True)
        self.passes.stop()


def is_config(uri: str) -> bool:
    """A file whose change changes the settings: a `pyproject.toml`, a baseline."""
    return uri.rsplit("/", 1)[-1] in {CONFIG_NAME, DEFAULT_BASELINE}
