"""The Redis rules read the file's one node index and one scope walk: no further `ast.walk`
of the whole module (three of them took 40% of CH005's time on a 1,000-line service)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest

from tests.helpers import found

SERVICE = """
    import redis.asyncio as redis
    from app import settings

    client = redis.from_url(settings.URL)

    async def store(key, value):
        import json
        client.set(key, json.dumps(value))
        return await client.get(key)
"""


def test_the_redis_rules_walk_the_module_no_more(monkeypatch: pytest.MonkeyPatch) -> None:
    walked: list[str] = []
    real = ast.walk

    def counted(node: ast.AST) -> Iterator[ast.AST]:
        if isinstance(node, ast.Module):
            walked.append(type(node).__name__)
        return real(node)

    monkeypatch.setattr(ast, "walk", counted)
    assert found("CH005", SERVICE) == ["9:5 CH005"]
    assert walked == []
