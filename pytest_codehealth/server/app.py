"""The language server: pygls wiring from LSP messages to the session and the code actions."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from pytest_codehealth import __version__
from pytest_codehealth.config.load import DEFAULT_BASELINE, ConfigError
from pytest_codehealth.server.actions import FIX_ALL, QUICK_FIX, Action, fix_all, quick_fixes
from pytest_codehealth.server.protocol import SOURCE, Text, code_action
from pytest_codehealth.server.session import DEFAULT_DEBOUNCE, Session

NAME = "codehealth"
WATCHED = ("**/pyproject.toml", f"**/{DEFAULT_BASELINE}")


class CodehealthServer(LanguageServer):
    session: Session | None = None

    def state(self) -> Session:
        if self.session is None:  # a message before `initialize`: the defaults
            self.session = Session(self, Path.cwd(), DEFAULT_DEBOUNCE)
        return self.session


def make_server() -> CodehealthServer:
    server = CodehealthServer(NAME, __version__)
    _lifecycle(server)
    _documents(server)
    _actions(server)
    return server


def _lifecycle(server: CodehealthServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(params: types.InitializeParams) -> None:
        options = params.initialization_options
        debounce, problem = debounce_of(options)
        server.session = Session(server, _folder(params), debounce)
        if problem:
            server.session.log(problem, types.MessageType.Warning)

    @server.feature(types.INITIALIZED)
    async def initialized(params: types.InitializedParams) -> None:
        watched = server.client_capabilities.workspace
        changes = watched.did_change_watched_files if watched else None
        if changes is None or not changes.dynamic_registration:
            return  # the client tells us of saves of an open pyproject.toml only
        watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers)
        registration = types.Registration(
            id="codehealth-config",
            method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=options,
        )
        await server.client_register_capability_async(types.RegistrationParams([registration]))

    @server.feature(types.SHUTDOWN)
    def shutdown(params: None) -> None:
        server.state().stop()


def _documents(server: CodehealthServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(params: types.DidOpenTextDocumentParams) -> None:
        server.state().schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(params: types.DidChangeTextDocumentParams) -> None:
        session = server.state()
        session.schedule(params.text_document.uri, session.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    def did_save(params: types.DidSaveTextDocumentParams) -> None:
        if server.state().settings_changed(params.text_document.uri):
            server.state().reload()
        else:
            server.state().saved(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: types.DidCloseTextDocumentParams) -> None:
        server.state().close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(params: types.DidChangeWatchedFilesParams) -> None:
        session = server.state()
        if any(session.settings_changed(change.uri) for change in params.changes):
            session.reload()


def _actions(server: CodehealthServer) -> None:
    kinds: list[types.CodeActionKind | str] = [types.CodeActionKind.QuickFix, FIX_ALL]

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=kinds)
    )
    async def code_actions(params: types.CodeActionParams) -> list[types.CodeAction]:
        document = server.workspace.get_text_document(params.text_document.uri)
        path = to_fs_path(params.text_document.uri)
        if path is None or not params.text_document.uri.endswith(".py"):
            return []
        text, version = document.source, document.version
        session = server.state()
        loop = asyncio.get_running_loop()
        wanted = _wanted(params.context)
        found = await loop.run_in_executor(
            session.checks, _computed, session, Path(path), text, wanted
        )
        lines = Text(text, document.position_codec)
        return [code_action(action, document.uri, version, lines) for action in found]


def _wanted(context: types.CodeActionContext) -> tuple[set[tuple[str, int]], bool, bool]:
    """The findings asked about, and whether quick fixes and the fix-all action are wanted."""
    places = {
        (diagnostic.code, diagnostic.range.start.line + 1)
        for diagnostic in context.diagnostics
        if diagnostic.source == SOURCE and isinstance(diagnostic.code, str)
    }
    only = [str(kind) for kind in context.only or ()]
    quick = not only or any(QUICK_FIX.startswith(kind) for kind in only)
    whole = any(FIX_ALL.startswith(kind) for kind in only)
    return places, quick, whole


def _computed(
    session: Session, path: Path, text: str, wanted: tuple[set[tuple[str, int]], bool, bool]
) -> list[Action]:
    project = session.configs.project_of(path)
    if isinstance(project, ConfigError):
        return []
    places, quick, whole = wanted
    found = quick_fixes(project, path, text, places) if quick and places else []
    everything = fix_all(project, path, text) if whole else None
    return [*found, everything] if everything is not None else found


def debounce_of(options: Any) -> tuple[float, str | None]:
    """Seconds from `initializationOptions.debounce` (milliseconds), and what was wrong."""
    raw = options.get("debounce") if isinstance(options, dict) else None
    if raw is None:
        return DEFAULT_DEBOUNCE, None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 10_000:
        problem = (
            f"initializationOptions.debounce must be milliseconds from 0 to 10000, got {raw!r}"
        )
        return DEFAULT_DEBOUNCE, f"{problem}; using {DEFAULT_DEBOUNCE * 1000:.0f}"
    return raw / 1000, None


def _folder(params: types.InitializeParams) -> Path:
    """The first workspace folder (the root of a client without folders; else the cwd)."""
    folders = params.workspace_folders or []
    uri = folders[0].uri if folders else params.root_uri
    path = to_fs_path(uri) if uri else None
    return Path(path) if path else Path(os.getcwd())


def serve() -> int:
    """LSP on stdin and stdout; what else would print goes to stderr (it would break the
    protocol's stream), and stdout stays open for the CLI's flush at exit."""
    protocol_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr
    make_server().start_io(sys.stdin.buffer, protocol_out)
    return 0
