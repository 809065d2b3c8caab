"""CH005 unawaited-redis `--fix`: `await` added where the call sits in an `async def`.

Each fix is checked to re-parse to the intended tree (the `await` wraps exactly that call).
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.engine.fixing import fixed_text
from tests.helpers import found, rule_named, source

HEAD = "import redis.asyncio as redis\nr = redis.Redis()\n"


def _fix(body: str) -> tuple[str, int]:
    rule = rule_named("unawaited-redis")
    text = HEAD + textwrap.dedent(body)
    return fixed_text(source(text), FileSettings(((rule, rule.options_type()),)))


FIXED = [
    pytest.param(
        "async def put(k, v):\n    r.set(k, v)\n",
        "async def put(k, v):\n    await r.set(k, v)\n",
        id="statement",
    ),
    pytest.param(
        "async def read(k):\n    x = r.get(k)\n    return x.decode()\n",
        "async def read(k):\n    x = await r.get(k)\n    return x.decode()\n",
        id="assigned-then-used",
    ),
    pytest.param(
        "async def field(k, f):\n    return r.hget(k, f)\n",
        "async def field(k, f):\n    return await r.hget(k, f)\n",
        id="returned",
    ),
    pytest.param(
        "async def seen(k):\n    if r.exists(k):\n        return 1\n",
        "async def seen(k):\n    if await r.exists(k):\n        return 1\n",
        id="tested-for-truth",
    ),
    pytest.param(
        "async def keys():\n    cursor, found = r.scan(0)\n    return found\n",
        "async def keys():\n    cursor, found = await r.scan(0)\n    return found\n",
        id="unpacked",
    ),
    pytest.param(
        "async def name(k):\n    return r.get(k).decode()\n",
        "async def name(k):\n    return (await r.get(k)).decode()\n",
        id="attribute-of-the-result-needs-parentheses",
    ),
]


@pytest.mark.parametrize(("body", "expected"), FIXED)
def test_adds_await_inside_async_def(body: str, expected: str) -> None:
    new_text, count = _fix(body)
    assert new_text == HEAD + expected
    assert count == 1
    assert found("unawaited-redis", new_text) == []


NOT_FIXED = [
    pytest.param(
        "async def outer(k):\n    def inner():\n        r.delete(k)\n    return inner\n",
        id="nested-sync-def-in-async-def",
    ),
    pytest.param("def sync(k):\n    r.delete(k)\n", id="plain-def"),
    pytest.param("r.delete('k')\n", id="module-level"),
    pytest.param(
        "async def walk():\n    for key in r.scan_iter():\n        print(key)\n",
        id="async-iterator-needs-async-for",
    ),
    pytest.param(
        "async def f(k):\n    return [lambda: r.get(k)]\n", id="inside-a-lambda-in-async-def"
    ),
    # swarmauri-sdk PR #1763: `hasattr(client.smembers(key), "__aiter__")` probed the object;
    # awaiting it would change what is probed (upstream removed the probe instead)
    pytest.param(
        "async def f(k):\n    if hasattr(r.smembers(k), '__aiter__'):\n        return 1\n",
        id="probed-by-hasattr",
    ),
    pytest.param(
        "async def f(k):\n    return isinstance(r.get(k), bytes)\n", id="probed-by-isinstance"
    ),
]


@pytest.mark.parametrize("body", NOT_FIXED)
def test_no_fix_outside_an_async_def_or_where_the_object_is_probed(body: str) -> None:
    assert _fix(body) == (HEAD + textwrap.dedent(body), 0)


def test_the_fix_wraps_exactly_the_call() -> None:
    new_text, _ = _fix("async def f(a, k):\n    return a + r.incr(k)\n")
    (function,) = (n for n in ast.walk(ast.parse(new_text)) if isinstance(n, ast.AsyncFunctionDef))
    returned = function.body[0]
    assert isinstance(returned, ast.Return)
    assert isinstance(returned.value, ast.BinOp)
    assert isinstance(returned.value.right, ast.Await)
    assert ast.unparse(returned.value.right.value) == "r.incr(k)"


def test_cli_fix_writes_the_await(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.codehealth]\n")
    target = tmp_path / "cache.py"
    target.write_text(HEAD + "async def put(k, v):\n    r.set(k, v)\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "--select", "CH005", "--fix", "cache.py"]) == 0
    assert target.read_text() == HEAD + "async def put(k, v):\n    await r.set(k, v)\n"
