"""`codehealth server` under pytest-lsp's client, as issue 18 asked: the same server process an
editor starts, driven over stdio by the test plugin that language-server projects use."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="pytest-lsp is a dev dependency")
from lsprotocol import types  # noqa: E402  # after the skip: pygls may be missing too
from pytest_lsp import (  # noqa: E402
    ClientServerConfig,
    LanguageClient,
    client_capabilities,
    make_test_lsp_client,
)

from pytest_codehealth.server.protocol import rule_link  # noqa: E402
from tests.server.editor import TIMEOUT  # noqa: E402
from tests.server.test_diagnostics import REDIS  # noqa: E402


def _editor() -> LanguageClient:
    """pytest-lsp's client, which also accepts the server's dynamic registrations (the watched
    `pyproject.toml`), as VS Code does: its capabilities, used below, announce them."""
    client = make_test_lsp_client()

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def registered(params: types.RegistrationParams) -> None:
        assert params.registrations  # accepted: nothing else to do for a test editor

    return client


SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "pytest_codehealth.server"], client_factory=_editor
)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    return root


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        initialization_options={"debounce": 0},
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, uri: str, text: str) -> None:
    item = types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(item))


async def _published(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    while uri not in client.diagnostics:
        published = client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        await asyncio.wait_for(published, TIMEOUT)
    return list(client.diagnostics[uri])


@pytest.mark.asyncio
async def test_an_unawaited_call_is_published_with_its_rule_link(
    client: LanguageClient, workspace: Path
) -> None:
    uri = (workspace / "cache.py").as_uri()
    _open(client, uri, REDIS)
    (found,) = await _published(client, uri)
    assert (found.code, found.source) == ("CH005", "codehealth")
    assert found.code_description == types.CodeDescription(href=rule_link("CH005"))
    assert found.range.start == types.Position(5, 4)


@pytest.mark.asyncio
async def test_the_await_fix_is_offered_as_an_edit(client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "cache.py").as_uri()
    _open(client, uri, REDIS)
    found = await _published(client, uri)
    context = types.CodeActionContext(diagnostics=found)
    whole = types.Range(types.Position(0, 0), types.Position(7, 0))
    params = types.CodeActionParams(types.TextDocumentIdentifier(uri), whole, context)
    actions = await client.text_document_code_action_async(params) or []
    (fix,) = [a for a in actions if isinstance(a, types.CodeAction) and a.is_preferred]
    assert fix.edit is not None
    assert fix.edit.document_changes is not None
    (change,) = fix.edit.document_changes
    assert isinstance(change, types.TextDocumentEdit)
    assert [edit.new_text for edit in change.edits] == ["await "]


@pytest.mark.asyncio
async def test_a_file_that_does_not_parse_gets_one_diagnostic(
    client: LanguageClient, workspace: Path
) -> None:
    uri = (workspace / "broken.py").as_uri()
    _open(client, uri, "def f(:\n")
    (found,) = await _published(client, uri)
    assert found.code == "CH000"
