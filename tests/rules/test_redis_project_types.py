"""CH005-CH008 across modules: classes, type aliases and annotations of other modules.

A factory annotated with a class defined elsewhere, a method inherited from a base class
of another module, a type alias (`AsyncRedisClient = Redis | RedisCluster`) imported for a
return annotation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules._project import write
from tests.rules.test_redis_project import findings

CLIENTS = {
    "app/__init__.py": "",
    "app/clients.py": """
        import redis.asyncio

        class AppRedis(redis.asyncio.Redis):
            pass

        AsyncRedisClient = redis.asyncio.Redis | redis.asyncio.RedisCluster
        """,
}

FLAGGED = [
    pytest.param(
        {
            **CLIENTS,
            "app/deps.py": """
                from app.clients import AppRedis

                def get_redis() -> AppRedis:
                    return make_client()
                """,
            "app/api.py": """
                from app.deps import get_redis

                async def forget(key):
                    get_redis().delete(key)
                """,
        },
        ["app/api.py:5 CH005"],
        id="factory-annotated-with-a-class-of-a-third-module",
    ),
    pytest.param(
        {
            **CLIENTS,
            "app/base.py": """
                from app.clients import AsyncRedisClient

                class BaseCache:
                    async def _client(self) -> AsyncRedisClient:
                        return self._async_client
                """,
            "app/cache.py": """
                from app.base import BaseCache

                class EmbeddingsCache(BaseCache):
                    async def amset(self, items):
                        client = await self._client()
                        async with client.pipeline(transaction=False) as pipeline:
                            for key, entry in items:
                                await pipeline.hset(name=key, mapping=entry)
                            await pipeline.execute()
                """,
        },
        ["app/cache.py:9 CH008"],
        id="inherited-method-and-type-alias",
    ),
]

CLEAN = [
    pytest.param(
        {
            **CLIENTS,
            "app/base.py": """
                from app.clients import AsyncRedisClient

                class BaseCache:
                    async def _client(self) -> AsyncRedisClient:
                        return self._async_client
                """,
            "app/cache.py": """
                from app.base import BaseCache

                class EmbeddingsCache(BaseCache):
                    async def amset(self, items):
                        client = await self._client()
                        async with client.pipeline(transaction=False) as pipeline:
                            for key, entry in items:
                                pipeline.hset(name=key, mapping=entry)
                            await pipeline.execute()
                """,
        },
        id="staged-then-executed",
    ),
    pytest.param(
        {
            "app/__init__.py": "",
            "app/settings.py": """
                REDIS_URL = "redis://"
                REDIS_NAME = "Redis"
                RedisOptions = dict[str, int] | None
                """,
            "app/api.py": """
                from app.settings import REDIS_NAME, RedisOptions

                def build(options: RedisOptions) -> REDIS_NAME:
                    return options

                async def use(options):
                    build(options).get("timeout")
                """,
        },
        id="names-that-only-look-like-clients",
    ),
]


@pytest.mark.parametrize(("files", "expected"), FLAGGED)
def test_flags(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    write(tmp_path, files)
    assert findings(tmp_path) == expected


@pytest.mark.parametrize("files", CLEAN)
def test_clean(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    assert findings(tmp_path) == []
