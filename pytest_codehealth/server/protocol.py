"""Our findings, edits and config errors as LSP values (lsprotocol), positions in the client's
units (UTF-16 unless it chose another encoding)."""

from __future__ import annotations

import bisect
import re

from lsprotocol import types
from pygls.workspace import PositionCodec
from pygls.workspace.position_codec import ServerTextPosition

from pytest_codehealth.config.load import ConfigError
from pytest_codehealth.core.edits import Edit, TextIndex
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import split_lines
from pytest_codehealth.server.actions import Action

SOURCE = "codehealth"
# every rule has an anchor in the README's rule table (tests/server/test_protocol.py)
RULE_DOCS = "https://github.com/pytest-codehealth/pytest-codehealth/blob/main/README.md"


def rule_link(code: str) -> str:
    return f"{RULE_DOCS}#{code.lower()}"


class Text:
    """One version of a document: offsets and positions in it, in the client's units."""

    def __init__(self, text: str, codec: PositionCodec) -> None:
        self.text, self.codec = text, codec
        self.lines = split_lines(text)
        self.index = TextIndex(text)

    def position(self, line: int, character: int) -> types.Position:
        """A 0-based line and character (code point) position, in the client's units."""
        return self.codec.position_to_client_units(self.lines, ServerTextPosition(line, character))

    def at(self, offset: int) -> types.Position:
        line = bisect.bisect_right(self.index.starts, offset) - 1
        return self.position(line, offset - self.index.starts[line])

    def line_length(self, line: int) -> int:
        return len(self.lines[line]) if 0 <= line < len(self.lines) else 0

    def edit(self, edit: Edit) -> types.TextEdit:
        return types.TextEdit(types.Range(self.at(edit.start), self.at(edit.end)), edit.new)


def diagnostic(finding: Finding, text: Text) -> types.Diagnostic:
    """From the finding's column to the end of its line (the whole line for a whole module)."""
    line = max(finding.line - 1, 0)
    length = text.line_length(line)
    whole = finding.measure is not None and (finding.line, finding.col) == (1, 1)
    start = 0 if whole else min(finding.col - 1, length)
    severity = types.DiagnosticSeverity.Warning
    if finding.severity != "warning":
        severity = types.DiagnosticSeverity.Error
    return types.Diagnostic(
        range=types.Range(text.position(line, start), text.position(line, max(length, start))),
        message=f"{finding.message} ({finding.name})",
        severity=severity,
        code=finding.code,
        code_description=types.CodeDescription(href=rule_link(finding.code)),
        source=SOURCE,
    )


def code_action(action: Action, uri: str, version: int | None, text: Text) -> types.CodeAction:
    """The action as a versioned workspace edit: a client refuses it once the text moved on."""
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    edits: list[types.TextEdit | types.AnnotatedTextEdit | types.SnippetTextEdit] = [
        text.edit(edit) for edit in action.edits
    ]
    change = types.TextDocumentEdit(text_document=document, edits=edits)
    return types.CodeAction(
        title=action.title,
        kind=action.kind,
        edit=types.WorkspaceEdit(document_changes=[change]),
        is_preferred=action.preferred or None,
    )


def config_diagnostic(error: ConfigError, text: str) -> types.Diagnostic:
    """The error at the line of the key it names (the first line when none is found)."""
    line = _key_line(split_lines(text), error.key) if error.key else 0
    return types.Diagnostic(
        range=types.Range(types.Position(line, 0), types.Position(line + 1, 0)),
        message=f"codehealth config error: {error.reason}"
        + (f" (`{error.key}`)" if error.key else ""),
        severity=types.DiagnosticSeverity.Error,
        source=SOURCE,
    )


def _key_line(lines: list[str], key: str) -> int:
    """The last line that names the key (or, failing that, its table) as a key or a header."""
    parts = [part.strip('"') for part in key.split(".")]
    for part in reversed(parts[2:]):  # below `tool.codehealth`
        named = re.compile(rf'(^|[{{,\[.])\s*"?{re.escape(part)}"?\s*[=\].]')
        found = [number for number, line in enumerate(lines) if named.search(line)]
        if found:
            return found[-1]
    return 0
