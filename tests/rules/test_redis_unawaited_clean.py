"""CH005 unawaited-redis: code that must not be flagged (awaited, gathered, look-alikes)."""

from __future__ import annotations

import pytest

from tests.helpers import found

RULE = "unawaited-redis"

CLEAN = [
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f(key):
            await r.delete(key)
            value = await r.get(key)
            if await r.exists(key):
                return value
        """,
        id="awaited",
    ),
    pytest.param(
        """
        import asyncio
        import redis.asyncio as redis
        r = redis.Redis()
        async def f(keys):
            await asyncio.gather(*(r.delete(k) for k in keys))
            await asyncio.gather(r.get("a"), r.get("b"))
        """,
        id="gather",
    ),
    pytest.param(
        """
        import asyncio
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            task = asyncio.create_task(r.set("a", 1))
            await asyncio.wait_for(r.get("a"), timeout=1)
            await asyncio.shield(r.get("b"))
            fut = asyncio.ensure_future(r.get("c"))
            await task, fut
        """,
        id="create-task-wait-for-shield-ensure-future",
    ),
    pytest.param(
        """
        import asyncio
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with asyncio.TaskGroup() as tg:
                tg.create_task(r.set("a", 1))
        """,
        id="taskgroup",
    ),
    pytest.param(
        """
        import anyio
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with anyio.create_task_group() as tg:
                tg.start_soon(r.set, "a", 1)
        """,
        id="anyio-task-group",
    ),
    pytest.param(
        """
        import asyncio
        import redis.asyncio as redis
        r = redis.Redis()
        async def f(keys):
            pending = []
            for key in keys:
                pending.append(r.delete(key))
            tasks = [r.get(k) for k in keys]
            await asyncio.gather(*pending, *tasks)
        """,
        id="stored-in-list-then-gathered",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            aw = r.get("k")
            value = await aw
            return value
        """,
        id="assigned-then-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        def get(key):
            return r.get(key)
        handler = lambda key: r.get(key)
        """,
        id="returned-from-plain-def-and-lambda",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline(transaction=True) as pipe:
                pipe.set("a", 1).incr("b")
                pipe.expire("a", 10)
                results = await pipe.execute()
            pipe2 = r.pipeline()
            pipe2.set("x", 1)
            await pipe2.execute()
        """,
        id="pipeline-buffered-commands-both-idioms",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async for key in r.scan_iter(match="user:*"):
                await r.delete(key)
            async for field in r.hscan_iter("h"):
                pass
        """,
        id="scan-iter-async-for",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.lock("job", timeout=5) as lock:
                await lock.extend(5)
            async with r.pubsub() as ps:
                await ps.subscribe("news")
                async for message in ps.listen():
                    print(message)
        """,
        id="lock-and-pubsub-context",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        script = r.register_script("return 1")
        async def f():
            r.pipeline()
            r.pubsub()
            r.lock("x")
            r.monitor()
            return await script(keys=["a"])
        """,
        id="factory-members-are-not-awaitables",
    ),
    pytest.param(
        """
        cache = {}
        async def f(key):
            cache.get(key)
            if cache.get(key):
                pass
        """,
        id="dict-named-cache",
    ),
    pytest.param(
        """
        import httpx
        async def f():
            async with httpx.AsyncClient() as client:
                response = client.get("https://example.com")
                return response
        """,
        id="httpx-async-client-get",
    ),
    pytest.param(
        """
        import redis
        r = redis.Redis()
        def f(key):
            r.delete(key)
            if r.exists(key):
                pass
        """,
        id="sync-client-in-sync-code",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f(r):
            r.delete("k")
        """,
        id="parameter-shadows-module-client",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f(other):
            r = redis.Redis()
            r = other
            r.delete("k")
        """,
        id="rebound-to-unknown",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f():
            r = redis.Redis()
            async def later():
                await r.delete("k")
            return later
        """,
        id="awaited-in-nested-async-def",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            aw = r.get("k")
            callback = lambda: aw
            return callback
        """,
        id="used-in-lambda",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            x = r.get("k")
            y = x
            return await y
        """,
        id="aliased-then-awaited",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        class Store:
            def __init__(self, client: Redis):
                self.client = client
            @staticmethod
            def plain(client):
                client.delete("k")
        """,
        id="staticmethod-param-unknown",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            await r.pipeline().set("a", 1).execute()
            await r.client().ping()
        """,
        id="chained-pipeline",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            r.get_encoder()
            r.set_response_callback("GET", str)
            r.connection_pool.disconnect()
        """,
        id="non-command-members",
    ),
    pytest.param(
        """
        import coredis
        c = coredis.Redis()
        async def f():
            value = await c.get("k").transform(int)
            async with c.pipeline() as pipe:
                pipe.set("a", 1)
                result = pipe.get("a")
            return value, await result
        """,
        id="coredis-transform-and-pipeline",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            x = r.get("k")
            yield x
        """,
        id="yielded",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        r.set("k", 1) if False else None
        """,
        id="module-level-expression-not-bare",
    ),
]


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found(RULE, src) == []
