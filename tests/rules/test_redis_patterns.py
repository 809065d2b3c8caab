"""CH005-CH008 on the way applications hold clients (issue 15): one module at a time.

Module names rebound to a client, local factories, annotations as evidence, awaitables
handed to plain functions, module helpers, pipelines built indirectly, async clients in a
plain `def`. Every row is `line:col CODE` for all four rules.
"""

from __future__ import annotations

import pytest

from tests.helpers import found, run_rule

CODES = ("CH005", "CH006", "CH007", "CH008")


def all_found(src: str) -> list[str]:
    """Every finding of the four rules, in source order."""
    rows = [finding for code in CODES for finding in found(code, src)]
    return sorted(rows, key=lambda row: [int(part) for part in row.split()[0].split(":")])


REBOUND = [
    pytest.param(
        """
        import redis
        redis = redis.Redis(host="redis")
        async def check(token):
            return redis.get(token) is not None
        """,
        ["5:12 CH006"],
        id="sync-blocks",
    ),
    pytest.param(
        """
        import redis
        redis = redis.Redis(host="redis")
        async def check(token):
            return await redis.get(token)
        """,
        ["5:18 CH007"],
        id="sync-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        redis = redis.from_url("redis://")
        async def forget(key):
            redis.delete(key)
        """,
        ["5:5 CH005"],
        id="asyncio-not-awaited",
    ),
    pytest.param(
        """
        async def ping():
            import redis
            redis = redis.Redis()
            redis.ping()
        """,
        ["5:5 CH006"],
        id="inside-a-function",
    ),
]

REBOUND_CLEAN = [
    pytest.param(
        """
        import redis
        pool = redis.ConnectionPool(host="redis")
        redis = redis.Redis(connection_pool=pool)
        redis.ping()
        """,
        id="module-level-sync-code",
    ),
    pytest.param(
        """
        import redis
        redis = make_client(redis)
        async def check(token):
            return redis.get(token)
        """,
        id="rebound-to-something-unknown",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        redis = redis.from_url("redis://")
        async def forget(key):
            await redis.delete(key)
        """,
        id="awaited",
    ),
]

FACTORIES = [
    pytest.param(
        """
        from redis import Redis
        def get_redis() -> Redis:
            return Redis(host="cache")
        async def remember(key):
            get_redis().set(key, 1)
        """,
        ["6:5 CH006"],
        id="sync-factory-blocks",
    ),
    pytest.param(
        """
        import functools
        from redis.asyncio import Redis
        @functools.lru_cache(maxsize=1)
        def get_redis() -> Redis:
            ...
        async def forget(key):
            get_redis().delete(key)
        """,
        ["8:5 CH005"],
        id="cached-async-factory-by-annotation",
    ),
    pytest.param(
        """
        import redis.asyncio
        def get_redis():
            return redis.asyncio.from_url("redis://")
        async def forget(key):
            get_redis().delete(key)
        """,
        ["6:5 CH005"],
        id="factory-by-constructor",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        async def get_redis() -> Redis:
            return Redis()
        async def forget(key):
            r = await get_redis()
            r.delete(key)
        """,
        ["7:5 CH005"],
        id="async-factory",
    ),
]

FACTORIES_CLEAN = [
    pytest.param(
        """
        from collections.abc import AsyncIterator
        from redis.asyncio import Redis
        async def get_redis() -> AsyncIterator[Redis]:
            client = Redis()
            yield client
        async def forget(key, redis: Redis = Depends(get_redis)):
            await redis.delete(key)
        """,
        id="fastapi-dependency",
    ),
    pytest.param(
        """
        import redis.asyncio
        def get_cache(url):
            if url:
                return redis.asyncio.from_url(url)
            return LocalCache()
        async def forget(key):
            get_cache("").delete(key)
        """,
        id="returns-that-disagree",
    ),
    pytest.param(
        """
        import asyncio
        from redis import Redis
        def get_redis() -> Redis:
            return Redis()
        async def read(key):
            return await asyncio.to_thread(get_redis().get, key)
        """,
        id="sync-factory-in-a-thread",
    ),
]

ANNOTATIONS = [
    pytest.param(
        """
        from redis import Redis
        class RedisSessionBackend:
            def __init__(self, redis: Redis):
                self.redis = redis
            async def get(self, key):
                value = self.redis.get(key)
                return value
            async def set(self, key, value, exp=None):
                self.redis.set(key, value, exp)
        """,
        ["7:17 CH006", "10:9 CH006"],
        id="session-backend-taking-a-sync-client",
    ),
    pytest.param(
        """
        import redis
        class Store:
            client: redis.Redis
            async def load(self, key):
                return self.client.hgetall(key)
        """,
        ["6:16 CH006"],
        id="class-attribute",
    ),
    pytest.param(
        """
        import redis
        async def remember(r: "redis.Redis | None", key):
            r.set(key, 1)
        """,
        ["4:5 CH006"],
        id="parameter",
    ),
    pytest.param(
        """
        import redis
        from redis.asyncio import Redis as AsyncRedis
        async def remember(url, key):
            client: "AsyncRedis"
            client = redis.from_url(url)
            client.set(key, 1)
        """,
        ["7:5 CH006"],
        id="assignment-beats-a-bare-declaration",
    ),
]

ANNOTATIONS_CLEAN = [
    pytest.param(
        """
        import asyncio
        import redis
        class Migrator:
            def __init__(self, conn: redis.Redis):
                self.conn = conn
            async def run(self):
                await self.conn.sadd("applied", "0001")
                await asyncio.gather(self.conn.get("a"), self.conn.get("b"))
                self.conn.set("done", 1)
        """,
        id="the-module-awaits-it-redis-om",
    ),
    pytest.param(
        """
        import asyncio
        import redis
        async def warm(conn: redis.Redis, keys):
            await asyncio.gather(*[conn.get(key) for key in keys])
            conn.set("warm", 1)
        """,
        id="the-module-gathers-it",
    ),
    pytest.param(
        """
        import redis
        import redis.asyncio
        async def read(key):
            client: redis.Redis = redis.asyncio.from_url("redis://")
            return await client.get(key)
        """,
        id="value-beats-the-annotation",
    ),
    pytest.param(
        """
        import redis
        def read(conn: redis.Redis, key):
            return conn.get(key)
        """,
        id="sync-code",
    ),
]


@pytest.mark.parametrize(("src", "expected"), [*REBOUND, *FACTORIES, *ANNOTATIONS])
def test_flags(src: str, expected: list[str]) -> None:
    assert all_found(src) == expected


@pytest.mark.parametrize("src", [*REBOUND_CLEAN, *FACTORIES_CLEAN, *ANNOTATIONS_CLEAN])
def test_clean(src: str) -> None:
    assert all_found(src) == []


def test_a_client_known_from_its_annotation_says_so() -> None:
    src = "import redis\nasync def f(r: redis.Redis):\n    r.get(1)\n"
    (finding,) = run_rule("CH006", src)
    assert finding.message == (
        "synchronous Redis call `r.get()` in `async def f` blocks the event loop "
        "(the client's annotation says it is the sync one); use `redis.asyncio`, "
        "or fix the annotation and `await` the call"
    )
