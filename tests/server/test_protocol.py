"""The server's pieces that need no client: rule links, options, config error positions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pygls.workspace import PositionCodec

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.config.load import ConfigError
from pytest_codehealth.core.edits import Edit
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.server.app import debounce_of
from pytest_codehealth.server.protocol import (
    RULE_DOCS,
    Text,
    config_diagnostic,
    diagnostic,
    rule_link,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("code", [info.code for info in CATALOGUE])
def test_each_rule_link_lands_on_its_readme_anchor(code: str) -> None:
    base, _, anchor = rule_link(code).partition("#")
    assert base == RULE_DOCS
    readme = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    (row,) = [line for line in readme if line.startswith(f"| {code} |")]  # the rule table's
    assert f'<a id="{anchor}"></a>' in row


def test_the_link_names_this_repository() -> None:
    hooks = yaml.safe_load((ROOT / "hooks/pre-commit-config.yaml").read_text())
    ours = [repo["repo"] for repo in hooks["repos"] if "codehealth" in repo["repo"]]
    assert f"{ours[0]}/blob/main/README.md" == RULE_DOCS


DEBOUNCE = [
    pytest.param(None, (0.2, None), id="default"),
    pytest.param({}, (0.2, None), id="no-key"),
    pytest.param({"debounce": 0}, (0.0, None), id="zero"),
    pytest.param({"debounce": 150}, (0.15, None), id="ms"),
    pytest.param({"debounce": 10_000}, (10.0, None), id="limit"),
]


@pytest.mark.parametrize(("options", "expected"), DEBOUNCE)
def test_debounce_option(options: Any, expected: tuple[float, None]) -> None:
    assert debounce_of(options) == expected


@pytest.mark.parametrize("raw", [-1, 10_001, "200", True, [200]])
def test_bad_debounce_is_named_and_the_default_used(raw: Any) -> None:
    seconds, problem = debounce_of({"debounce": raw})
    assert seconds == 0.2
    assert problem == (
        f"initializationOptions.debounce must be milliseconds from 0 to 10000, got {raw!r}; "
        "using 200"
    )


KEY_LINES = [
    pytest.param('[tool.codehealth]\nmax-lines = { max = "x" }\n', "max-lines.max", 1, id="inline"),
    pytest.param("[tool.codehealth.max-lines]\nmax = []\n", "max-lines.max", 1, id="table"),
    pytest.param("[tool.codehealth]\nx = 1\n", "x", 1, id="top"),
    pytest.param("[tool.codehealth]\n", None, 0, id="no-key"),
]


@pytest.mark.parametrize(("text", "key", "line"), KEY_LINES)
def test_config_error_at_the_keys_line(text: str, key: str | None, line: int) -> None:
    dotted = f"tool.codehealth.{key}" if key else None
    found = config_diagnostic(ConfigError("pyproject.toml", dotted, "bad"), text)
    assert found.range.start.line == line
    assert found.message == "codehealth config error: bad" + (f" (`{dotted}`)" if key else "")


def test_without_the_extra_the_server_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [name for name in sys.modules if name.startswith(("pygls", "lsprotocol"))]:
        monkeypatch.setitem(sys.modules, name, None)  # `import pygls...` now fails
    monkeypatch.setitem(sys.modules, "pygls", None)
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    for name in [name for name in sys.modules if name.startswith("pytest_codehealth.server.")]:
        monkeypatch.delitem(sys.modules, name)
    assert main(["server"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "codehealth: error: `codehealth server` needs pygls and lsprotocol; "
        "install them with `pip install 'pytest-codehealth[server]'`\n"
    )


def test_columns_are_counted_in_the_clients_units() -> None:
    text = "try:\n    f('😀')\nexcept OSError: pass  # 😀\n"
    finding = Finding("a.py", 3, 1, "CH002", "silent-except", "`except OSError` swallows")
    found = diagnostic(finding, Text(text, PositionCodec()))  # UTF-16, the LSP default
    assert (found.range.start.character, found.range.end.character) == (0, 26)  # 25 chars
    edit = Text(text, PositionCodec()).edit(Edit(text.index("f("), text.index("f("), "await "))
    assert (edit.range.start.line, edit.range.start.character) == (1, 4)
