"""`codehealth server`: diagnostics on open, change and save, from the CLI's engine (issue 18)."""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from lsprotocol import types

from pytest_codehealth.cli.main import main
from pytest_codehealth.server.protocol import rule_link
from tests.server.editor import Editor

Drive = Callable[[Awaitable[None]], None]
REDIS = (
    "import redis.asyncio as redis\nr = redis.Redis()\n\n\nasync def put(k, v):\n    r.set(k, v)\n"
)
SILENT = "try:\n    import ujson\nexcept ImportError:\n    pass\n"


def _seen(found: list[types.Diagnostic]) -> list[str]:
    """`line:col CODE`, 1-based like the CLI's, sorted."""
    return sorted(f"{d.range.start.line + 1}:{d.range.start.character + 1} {d.code}" for d in found)


def test_open_shows_each_finding_as_the_cli_words_it(project: Path, drive: Drive) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("cache.py", REDIS)
        (found,) = await editor.diagnostics(uri, 1)
        assert found.code == "CH005"
        assert found.source == "codehealth"
        assert found.severity == types.DiagnosticSeverity.Error
        assert found.message == "`r.set()` is not awaited: the command never runs (unawaited-redis)"
        assert found.code_description == types.CodeDescription(href=rule_link("CH005"))
        assert found.range == types.Range(types.Position(5, 4), types.Position(5, 15))
        assert await editor.stop() == 0

    drive(scenario())


def test_severity_comes_from_the_config(project: Path, drive: Drive) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.codehealth]\nseverity = { silent-except = "warning" }\n'
    )

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        found = await editor.diagnostics(editor.open("a.py", SILENT + REDIS), 1)
        levels = {str(d.code): d.severity for d in found}
        assert levels == {
            "CH002": types.DiagnosticSeverity.Warning,
            "CH005": types.DiagnosticSeverity.Error,
        }
        await editor.stop()

    drive(scenario())


def test_the_unsaved_text_is_checked_on_each_change(project: Path, drive: Drive) -> None:
    (project / "a.py").write_text("x = 1\n")

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py")
        assert await editor.diagnostics(uri, 1) == []
        version = editor.change(uri, SILENT)
        assert _seen(await editor.diagnostics(uri, version)) == ["3:1 CH002"]
        version = editor.change(uri, "x = 2\n")
        assert await editor.diagnostics(uri, version) == []
        await editor.stop()

    drive(scenario())


def test_changes_within_the_debounce_are_checked_once_newest_first(
    project: Path, drive: Drive
) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start(options={"debounce": 300})
        uri = editor.open("a.py", "x = 1\n")
        assert await editor.diagnostics(uri) == []
        for _ in range(5):
            version = editor.change(uri, SILENT)
        published = editor.published[uri]
        first = await published.get()
        assert (first.version, _seen(list(first.diagnostics))) == (version, ["3:1 CH002"])
        await editor.stop()
        assert published.empty()  # no older version came after it

    drive(scenario())


def test_a_file_that_does_not_parse_gives_one_diagnostic(project: Path, drive: Drive) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("broken.py", "def f(:\n    pass\n")
        (found,) = await editor.diagnostics(uri, 1)
        assert found.code == "CH000"
        assert found.message.startswith("syntax error")
        version = editor.change(uri, "def f():\n    pass\n")
        assert await editor.diagnostics(uri, version) == []  # still serving
        assert await editor.stop() == 0

    drive(scenario())


def test_per_path_settings_and_excludes(project: Path, drive: Drive) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.codehealth]\nexclude = ["gen/**"]\n'
        '[tool.codehealth.per-path."tests/**"]\nignore = ["silent-except"]\n'
    )

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        in_tests = editor.open("tests/test_a.py", SILENT + REDIS)
        assert _seen(await editor.diagnostics(in_tests, 1)) == ["10:5 CH005"]
        generated = editor.open("gen/a.py", SILENT)
        checked = editor.open("a.py", SILENT)
        assert _seen(await editor.diagnostics(checked, 1)) == ["3:1 CH002"]
        assert editor.published[generated].empty()  # excluded: never published
        await editor.stop()

    drive(scenario())


def test_suppressions_and_the_baseline_hold(
    project: Path, drive: Drive, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\nbaseline = "baseline.json"\n')
    (project / "old.py").write_text(SILENT)
    monkeypatch.chdir(project)
    assert main(["baseline", "--no-cache", "old.py"]) == 0

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("old.py", SILENT + "x = 1  # noqa: CH002\n" + REDIS)
        assert _seen(await editor.diagnostics(uri, 1)) == ["11:5 CH005"]  # CH002: baselined
        version = editor.change(uri, SILENT + SILENT)
        assert _seen(await editor.diagnostics(uri, version)) == ["7:1 CH002"]  # a new one
        await editor.stop()

    drive(scenario())


def test_the_same_findings_as_codehealth_check(
    project: Path, drive: Drive, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    files = {
        "app/__init__.py": "",
        "app/db.py": "import redis.asyncio as redis\nclient = redis.from_url('redis://')\n",
        "app/jobs.py": (
            "import time\nfrom app.db import client\n\n\nasync def run(k):\n"
            "    client.delete(k)\n    job_id = f'job-{int(time.time())}'\n    return job_id\n"
            + SILENT
        ),
    }
    for name, text in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text)
    monkeypatch.chdir(project)
    main(["check", "--no-cache", "--format", "json", "app"])
    report = json.loads(capsys.readouterr().out)
    items = report["findings"] if isinstance(report, dict) else report
    expected = sorted(f"{item['line']}:{item['column']} {item['code']}" for item in items)
    assert expected  # a real comparison: the CLI finds something here

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        seen = []
        for name in files:
            seen += _seen(await editor.diagnostics(editor.open(name), 1))
        assert sorted(seen) == expected
        await editor.stop()

    drive(scenario())


def test_codehealth_server_is_the_same_server(project: Path, drive: Drive) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start([sys.executable, "-m", "pytest_codehealth.cli.main", "server"])
        assert _seen(await editor.diagnostics(editor.open("a.py", SILENT), 1)) == ["3:1 CH002"]
        assert await editor.stop() == 0

    drive(scenario())
