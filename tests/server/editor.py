"""A real LSP client over stdio (pygls's), driven as an editor drives `codehealth server`."""

from __future__ import annotations

import asyncio
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

SERVER = [sys.executable, "-m", "pytest_codehealth.server"]
TIMEOUT = 60  # seconds: a bound for a hung server, never a speed check


class _Client(LanguageClient):
    exit_code: int | None = None

    async def server_exit(self, server: asyncio.subprocess.Process) -> None:
        self.exit_code = server.returncode


class Editor:
    """Open, change, save and close files; what the server published, by uri."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = _Client("test-editor", "1")
        self.published: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = defaultdict(
            asyncio.Queue
        )
        self.logs: list[types.LogMessageParams] = []
        self.versions: dict[str, int] = {}
        self.texts: dict[str, str] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.published[params.uri].put_nowait(params)

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            self.logs.append(params)

    async def start(self, command: Sequence[str] = SERVER, options: Any = None) -> None:
        await self.client.start_io(*command, cwd=str(self.root))
        capabilities = types.ClientCapabilities(
            workspace=types.WorkspaceClientCapabilities(
                did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                    dynamic_registration=False
                )
            )
        )
        params = types.InitializeParams(
            capabilities=capabilities,
            root_uri=self.root.as_uri(),
            initialization_options={"debounce": 0} if options is None else options,
        )
        self.capabilities = (await self.client.initialize_async(params)).capabilities
        self.client.initialized(types.InitializedParams())

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str | None = None) -> str:
        uri = self.uri(name)
        text = (self.root / name).read_text() if text is None else text
        self.versions[uri], self.texts[uri] = 1, text
        item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(item))
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text (as an editor with full sync does); the new version."""
        self.versions[uri] += 1
        self.texts[uri] = text
        document = types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri])
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(document, [change]))
        return self.versions[uri]

    def save(self, uri: str) -> None:
        document = types.TextDocumentIdentifier(uri=uri)
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(document))

    def close(self, uri: str) -> None:
        document = types.TextDocumentIdentifier(uri=uri)
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(document))

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The next diagnostics published for `uri` (for `version`, when given)."""
        while True:
            params = await asyncio.wait_for(self.published[uri].get(), TIMEOUT)
            if version is None or params.version == version:
                return list(params.diagnostics)

    async def until(self, uri: str, codes: list[str]) -> list[types.Diagnostic]:
        """Diagnostics as they are published, until their codes are `codes` (sorted)."""
        while True:
            found = await self.diagnostics(uri)
            if sorted(str(item.code) for item in found) == codes:
                return found

    async def actions(
        self, uri: str, found: list[types.Diagnostic], only: list[str] | None = None
    ) -> list[types.CodeAction]:
        whole = types.Range(types.Position(0, 0), types.Position(len(self.texts[uri]), 0))
        context = types.CodeActionContext(diagnostics=found, only=only)
        params = types.CodeActionParams(types.TextDocumentIdentifier(uri), whole, context)
        result = await asyncio.wait_for(
            self.client.text_document_code_action_async(params), TIMEOUT
        )
        return [item for item in result or [] if isinstance(item, types.CodeAction)]

    def apply(self, uri: str, action: types.CodeAction) -> str:
        """The text with the action's edits applied (as the editor would), then sent."""
        assert action.edit is not None
        assert action.edit.document_changes is not None
        (change,) = action.edit.document_changes
        assert isinstance(change, types.TextDocumentEdit)
        assert change.text_document.version == self.versions[uri]
        text = self.texts[uri]
        lines = [*text.splitlines(keepends=True), ""]
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        edits = sorted(change.edits, key=lambda e: (e.range.start.line, e.range.start.character))
        for edit in reversed(edits):
            start = starts[edit.range.start.line] + edit.range.start.character
            end = starts[edit.range.end.line] + edit.range.end.character
            text = text[:start] + edit.new_text + text[end:]
        self.change(uri, text)
        return text

    async def stop(self) -> int | None:
        """`shutdown` then `exit`: the server's exit code."""
        await asyncio.wait_for(self.client.shutdown_async(None), TIMEOUT)
        self.client.exit(None)
        await asyncio.wait_for(self.client.stop(), TIMEOUT)  # waits for the process to end
        await asyncio.sleep(0)  # lets the client's exit watcher record the code
        return self.client.exit_code
