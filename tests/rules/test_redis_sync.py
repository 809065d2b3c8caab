"""CH006 blocking-redis and CH007 await-sync-redis: the sync redis-py client in async code."""

from __future__ import annotations

import pytest

from tests.helpers import found, run_rule

BLOCKING = [
    pytest.param(
        """
        import redis
        cache = redis.Redis(host="cache")
        async def get_user(user_id):
            return cache.get(f"user:{user_id}")
        """,
        ["5:12 CH006"],
        id="module-client",
    ),
    pytest.param(
        """
        from redis import StrictRedis
        class Repo:
            def __init__(self):
                self.r = StrictRedis()
            async def save(self, k, v):
                self.r.set(k, v)
        """,
        ["7:9 CH006"],
        id="self-attr-strict-redis",
    ),
    pytest.param(
        """
        import redis
        async def f(url):
            r = redis.from_url(url)
            with r.pipeline() as pipe:
                pipe.set("a", 1)
                pipe.execute()
        """,
        ["7:9 CH006"],
        id="pipeline-execute-blocks-staging-does-not",
    ),
    pytest.param(
        """
        from redis import Redis
        async def f(url):
            r = Redis.from_url(url)
            lock = r.lock("job")
            lock.acquire(blocking=True)
            for key in r.scan_iter():
                pass
        """,
        ["6:5 CH006", "7:16 CH006"],
        id="lock-acquire-and-scan-iter",
    ),
    pytest.param(
        """
        from redis.cluster import RedisCluster
        async def f():
            rc = RedisCluster(host="x")
            rc.ping()
        """,
        ["5:5 CH006"],
        id="cluster",
    ),
]

BLOCKING_CLEAN = [
    pytest.param(
        """
        import redis
        r = redis.Redis()
        def f():
            r.get("k")
        """,
        id="sync-code",
    ),
    pytest.param(
        """
        import asyncio
        import redis
        r = redis.Redis()
        async def f():
            await asyncio.to_thread(r.get, "k")
            await asyncio.to_thread(lambda: r.get("k"))
            def work():
                return r.get("k")
            return await asyncio.get_running_loop().run_in_executor(None, work)
        """,
        id="offloaded-to-thread",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            return await r.get("k")
        """,
        id="asyncio-client",
    ),
    pytest.param(
        """
        import redis
        async def f():
            r = redis.Redis()
            pipe = r.pipeline()
            pipe.set("a", 1)
            r.close()
        """,
        id="building-is-not-blocking",
    ),
]


@pytest.mark.parametrize(("src", "expected"), BLOCKING)
def test_blocking_flags(src: str, expected: list[str]) -> None:
    assert found("blocking-redis", src) == expected


@pytest.mark.parametrize("src", BLOCKING_CLEAN)
def test_blocking_clean(src: str) -> None:
    assert found("blocking-redis", src) == []


def test_blocking_message() -> None:
    (finding,) = run_rule(
        "CH006", "import redis\nr = redis.Redis()\nasync def f():\n    r.get(1)\n"
    )
    assert finding.message == (
        "synchronous Redis call `r.get()` in `async def f` blocks the event loop; "
        "use `redis.asyncio`"
    )


AWAITED = [
    pytest.param(
        """
        import redis
        client = redis.Redis()
        async def visits(page):
            return await client.incr(f"visits:{page}")
        """,
        ["5:18 CH007"],
        id="await-incr",
    ),
    pytest.param(
        """
        import redis
        async def f():
            r = redis.Redis()
            async with r.pipeline() as pipe:
                pipe.set("a", 1)
            async with r.lock("x"):
                pass
        """,
        ["5:16 CH007", "7:16 CH007"],
        id="async-with-pipeline-and-lock",
    ),
    pytest.param(
        """
        import redis
        async def f():
            r = redis.Redis()
            async for key in r.scan_iter():
                pass
            async with redis.Redis() as r2:
                pass
        """,
        ["5:22 CH007", "7:16 CH007"],
        id="async-for-scan-iter-and-async-with-client",
    ),
]

AWAITED_CLEAN = [
    pytest.param(
        """
        import redis
        from typing import Optional
        def get_redis_connection() -> redis.Redis:
            ...
        class Migrator:
            def __init__(self, redis_client: Optional[redis.Redis] = None):
                self.redis = redis_client or get_redis_connection()
            async def run(self):
                await self.redis.sadd("applied", "0001")
        """,
        id="sync-annotation-on-an-asyncio-client-redis-om",
    ),
    pytest.param(
        """
        import redis.commands.core
        class Limiter:
            lua_incr: redis.commands.core.Script
            def __init__(self, conn):
                self.lua_incr = conn.register_script("return 1")
            async def incr(self, key):
                return await self.lua_incr([key])
        """,
        id="sync-script-annotation-limits",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f():
            r = redis.Redis()
            await r.incr("a")
            async with r.pipeline() as pipe:
                pipe.set("a", 1)
                await pipe.execute()
        """,
        id="asyncio-client",
    ),
    pytest.param(
        """
        import redis
        import redis.asyncio
        async def f():
            r = redis.asyncio.Redis()
            await r.get("a")
        """,
        id="plain-import-redis-then-asyncio",
    ),
]


@pytest.mark.parametrize(("src", "expected"), AWAITED)
def test_await_sync_flags(src: str, expected: list[str]) -> None:
    assert found("await-sync-redis", src) == expected


@pytest.mark.parametrize("src", AWAITED_CLEAN)
def test_await_sync_clean(src: str) -> None:
    assert found("await-sync-redis", src) == []


def test_awaited_sync_call_is_not_also_blocking() -> None:
    src = "import redis\nr = redis.Redis()\nasync def f():\n    await r.get(1)\n"
    assert found("blocking-redis", src) == []
    assert found("await-sync-redis", src) == ["4:11 CH007"]
