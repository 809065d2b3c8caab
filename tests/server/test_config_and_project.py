"""`codehealth server`: config reload and errors, whole-project findings, shutdown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types

from pytest_codehealth.cli.main import main
from tests.server.editor import Editor

Drive = Callable[[Awaitable[None]], None]
TEN_LINES = "".join(f"x{n} = {n}\n" for n in range(10))


def test_a_saved_config_reloads_settings_and_republishes(project: Path, drive: Drive) -> None:
    config = project / "pyproject.toml"
    config.write_text("[tool.codehealth]\nmax-lines = { max = 5 }\n")

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", TEN_LINES)
        assert [d.code for d in await editor.diagnostics(uri, 1)] == ["CH001"]
        config.write_text("[tool.codehealth]\nmax-lines = { max = 50 }\n")
        editor.save(editor.uri("pyproject.toml"))
        assert await editor.diagnostics(uri, 1) == []
        await editor.stop()

    drive(scenario())


def test_a_config_error_is_shown_once_on_the_config(project: Path, drive: Drive) -> None:
    config = project / "pyproject.toml"

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        config_uri = editor.uri("pyproject.toml")
        uri = editor.open("a.py", TEN_LINES)
        assert await editor.diagnostics(uri, 1) == []
        config.write_text('[tool.codehealth]\npaths = ["."]\nmax-lines = { max = "many" }\n')
        editor.save(config_uri)
        (error,) = await editor.diagnostics(config_uri)
        assert error.range.start.line == 2  # the line of the key
        assert error.severity == types.DiagnosticSeverity.Error
        assert "max-lines" in error.message
        editor.save(config_uri)  # the same error again: not shown twice
        editor.change(uri, TEN_LINES + "y = 1\n")
        config.write_text("[tool.codehealth]\nmax-lines = { max = 5 }\n")
        editor.save(config_uri)
        assert await editor.diagnostics(config_uri) == []  # cleared once fixed
        assert [d.code for d in await editor.until(uri, ["CH001"])] == ["CH001"]
        assert editor.published[config_uri].empty()
        errors = [log for log in editor.logs if log.type == types.MessageType.Error]
        assert len(errors) == 1
        assert "max-lines" in errors[0].message
        assert await editor.stop() == 0

    drive(scenario())


def test_whole_project_findings_refresh_on_save(project: Path, drive: Drive) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\nextend-select = ["CH020"]\n')
    (project / "pkg").mkdir()
    (project / "pkg/__init__.py").write_text("")
    (project / "pkg/a.py").write_text("from pkg import b\n")
    (project / "pkg/b.py").write_text("from pkg import a\n")

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("pkg/a.py")
        (cycle,) = await editor.until(uri, ["CH020"])
        assert "pkg.b" in cycle.message
        (project / "pkg/b.py").write_text("x = 1\n")  # the cycle broken in another file
        editor.save(editor.open("pkg/b.py"))
        assert await editor.until(uri, []) == []
        assert await editor.stop() == 0  # the pass worker stopped with it

    drive(scenario())


def test_closing_a_file_clears_it(project: Path, drive: Drive) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", "try:\n    f()\nexcept OSError:\n    pass\n")
        assert len(await editor.diagnostics(uri, 1)) == 1
        editor.close(uri)
        assert await editor.diagnostics(uri) == []
        assert await editor.stop() == 0

    drive(scenario())


def test_a_config_changed_on_disk_is_reloaded_when_the_client_says(
    project: Path, drive: Drive
) -> None:
    config = project / "pyproject.toml"
    config.write_text("[tool.codehealth]\nmax-lines = { max = 50 }\n")

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", TEN_LINES)
        assert await editor.diagnostics(uri, 1) == []
        config.write_text("[tool.codehealth]\nmax-lines = { max = 5 }\n")  # `git pull`
        change = types.FileEvent(
            uri=editor.uri("pyproject.toml"), type=types.FileChangeType.Changed
        )
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([change])
        )
        assert [d.code for d in await editor.diagnostics(uri, 1)] == ["CH001"]
        await editor.stop()

    drive(scenario())


def test_a_file_the_new_config_excludes_is_cleared(project: Path, drive: Drive) -> None:
    config = project / "pyproject.toml"
    config.write_text("[tool.codehealth]\nmax-lines = { max = 5 }\n")

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", TEN_LINES)
        assert [d.code for d in await editor.diagnostics(uri, 1)] == ["CH001"]
        config.write_text('[tool.codehealth]\nmax-lines = { max = 5 }\nexclude = ["a.py"]\n')
        editor.save(editor.uri("pyproject.toml"))
        assert await editor.diagnostics(uri) == []
        await editor.stop()

    drive(scenario())


def test_a_rewritten_baseline_is_read_again(
    project: Path, drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    silent = "try:\n    import ujson\nexcept ImportError:\n    pass\n"
    (project / "a.py").write_text(silent)
    monkeypatch.chdir(project)

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py")
        assert [d.code for d in await editor.diagnostics(uri, 1)] == ["CH002"]
        assert main(["baseline", "--no-cache", "a.py"]) == 0  # in a terminal, meanwhile
        baseline = editor.uri(".codehealth-baseline.json")
        change = types.FileEvent(uri=baseline, type=types.FileChangeType.Created)
        editor.client.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams([change])
        )
        assert await editor.diagnostics(uri, 1) == []
        await editor.stop()

    drive(scenario())
