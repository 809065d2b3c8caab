"""`codehealth server`: code actions, their edits applied as an editor would, re-checked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from tests.server.editor import Editor

Drive = Callable[[Awaitable[None]], None]
HEAD = "import redis.asyncio as redis\nr = redis.Redis()\n\n\n"


def test_add_await_then_the_finding_is_gone(project: Path, drive: Drive) -> None:
    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("cache.py", HEAD + "async def name(k):\n    return r.get(k).decode()\n")
        found = await editor.diagnostics(uri, 1)
        titles = [action.title for action in await editor.actions(uri, found)]
        assert titles == ["Add `await`", "Suppress CH005 on this line (`# noqa: CH005`)"]
        (add, _) = await editor.actions(uri, found)
        assert add.is_preferred
        text = editor.apply(uri, add)
        assert text.endswith("    return (await r.get(k)).decode()\n")
        assert await editor.diagnostics(uri, editor.versions[uri]) == []
        await editor.stop()

    drive(scenario())


def test_suppress_extends_the_lines_noqa(project: Path, drive: Drive) -> None:
    text = "try:\n    import ujson\nexcept ImportError:  # noqa: E722\n    pass\n"

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", text)
        found = await editor.diagnostics(uri, 1)
        (suppress,) = await editor.actions(uri, found)
        assert suppress.title == "Suppress CH002 on this line (`# noqa: CH002`)"
        new_text = editor.apply(uri, suppress)
        assert new_text.splitlines()[2] == "except ImportError:  # noqa: E722, CH002"
        assert await editor.diagnostics(uri, editor.versions[uri]) == []
        await editor.stop()

    drive(scenario())


def test_fix_all_applies_what_check_fix_would(project: Path, drive: Drive) -> None:
    body = (
        "import time\n\n\nasync def put(k):\n    r.set(k, 1)\n"
        "    return {'id': f'job-{int(time.time())}'}\n"
    )

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("jobs.py", HEAD + body)
        found = await editor.diagnostics(uri, 1)
        assert sorted(str(item.code) for item in found) == ["CH003", "CH005"]
        (fix_all,) = await editor.actions(uri, [], only=["source.fixAll"])
        assert fix_all.kind == "source.fixAll.codehealth"
        text = editor.apply(uri, fix_all)
        assert "    await r.set(k, 1)\n" in text
        assert "f'job-{uuid.uuid4()}'" in text
        assert await editor.diagnostics(uri, editor.versions[uri]) == []
        await editor.stop()

    drive(scenario())


def test_no_fix_where_await_cannot_go(project: Path, drive: Drive) -> None:
    body = "async def outer(k):\n    def inner():\n        r.delete(k)\n    return inner\n"

    async def scenario() -> None:
        editor = Editor(project)
        await editor.start()
        uri = editor.open("a.py", HEAD + body)
        found = await editor.diagnostics(uri, 1)
        assert [str(item.code) for item in found] == ["CH005"]
        titles = [action.title for action in await editor.actions(uri, found)]
        assert titles == ["Suppress CH005 on this line (`# noqa: CH005`)"]
        await editor.stop()

    drive(scenario())
