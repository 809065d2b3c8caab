"""CH005-CH008 on how an awaitable is used (issue 15): handed to a plain function, made by a
module helper (`client.json()`), staged on a pipeline built indirectly, or left in a `def`.

Every row is `line:col CODE` for all four rules, in source order.
"""

from __future__ import annotations

import pytest

from tests.rules.test_redis_patterns import all_found

HANDED = [
    pytest.param(
        """
        from redis.asyncio import Redis
        async def load(client: Redis, key):
            if isinstance(client.hgetall(key), dict):
                return True
            return bool(client.exists(key)) or len(client.keys()) > 0
        """,
        ["4:19 CH005", "6:17 CH005", "6:44 CH005"],
        id="isinstance-bool-len",
    ),
    pytest.param(
        """
        import json, logging
        from redis.asyncio import Redis
        logger = logging.getLogger(__name__)
        async def show(client: Redis, key):
            print(client.get(key))
            logger.info("value %s", client.get(key))
            return json.loads(client.get(key)), ", ".join(client.smembers(key))
        """,
        ["6:11 CH005", "7:29 CH005", "8:23 CH005", "8:51 CH005"],
        id="print-logging-json-join",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        class RedisQueue:
            def __init__(self, uri):
                self.client = Redis.from_url(uri)
            async def smembers(self, key):
                if hasattr(self.client.smembers(key), "__aiter__"):
                    return []
                return await self.client.smembers(key)
        """,
        ["7:20 CH005"],
        id="hasattr-probe-swarmauri",
    ),
    pytest.param(
        """
        import redis.asyncio
        client = redis.asyncio.Redis()
        def seen(key):
            return bool(client.exists(key))
        """,
        ["5:17 CH005"],
        id="in-a-plain-def",
    ),
]

HANDED_CLEAN = [
    pytest.param(
        """
        import asyncio
        from redis.asyncio import Redis
        async def fan_out(client: Redis, keys, loop):
            await asyncio.gather(client.get(keys[0]), *(client.get(k) for k in keys))
            asyncio.create_task(client.set("a", 1))
            asyncio.ensure_future(client.set("b", 1))
            await asyncio.wait_for(client.get("c"), timeout=1)
            async with asyncio.TaskGroup() as tg:
                tg.create_task(client.set("d", 1))
            asyncio.run_coroutine_threadsafe(client.set("e", 1), loop)
            await retry(client.get("f"))
        """,
        id="hand-offs",
    ),
    pytest.param(
        """
        import anyio
        from redis.asyncio import Redis
        async def fan_out(client: Redis, keys):
            async with anyio.create_task_group() as tg:
                for key in keys:
                    tg.start_soon(client.delete, key)
        """,
        id="anyio-task-group",
    ),
    pytest.param(
        """
        from typing import Awaitable
        from redis.asyncio import Redis
        class RedisServices(Redis):
            async def get_doc(self, doc_id):
                x = self.json().get(doc_id)
                if x and isinstance(x, Awaitable):
                    return await x
                return None
        """,
        id="probed-then-awaited-dmart",
    ),
]

HELPERS = [
    pytest.param(
        """
        from redis.asyncio import Redis
        class Store:
            def __init__(self, client: Redis):
                self.client = client
            async def save(self, key, data):
                self.client.json().set(key, "$", data)
                found = self.client.ft("idx").search("@name:x")
                return found.docs
        """,
        ["7:9 CH005", "8:17 CH005"],
        id="json-and-search-not-awaited",
    ),
    pytest.param(
        """
        import redis
        r = redis.Redis()
        async def save(key, data):
            r.json().set(key, "$", data)
            return await r.ts().get(key)
        """,
        ["5:5 CH006", "6:18 CH007"],
        id="sync-client-helpers",
    ),
]

HELPERS_CLEAN = [
    pytest.param(
        """
        from redis.asyncio import Redis
        async def save(client: Redis, docs):
            await client.json().set("a", "$", {})
            index = client.ft("idx")
            await index.info()
            indexer = index.batch_indexer(chunk_size=10)
            pipe = client.pipeline()
            for doc in docs:
                pipe.json().set(doc["id"], "$", doc)
            return await pipe.execute()
        """,
        id="awaited-and-staged",
    ),
]

PIPELINES = [
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        class Backend:
            def __init__(self, client):
                self._client = client
                self._pipeline_class = Pipeline
            @property
            def _pipeline(self):
                return self._pipeline_class(self._client.connection_pool, None, True, None)
            async def set_many(self, pairs):
                async with self._pipeline as pipe:
                    for key, value in pairs.items():
                        await pipe.set(key, value)
                    await pipe.execute()
        """,
        ["13:23 CH008"],
        id="property-building-a-stored-class-cashews",
    ),
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        class SafePipeline(Pipeline):
            pass
        async def tag(pool, key, value):
            pipe = SafePipeline(pool, None, True, None)
            await pipe.sadd(key, value)
            pipe.execute()
        """,
        ["7:11 CH008", "8:5 CH005"],
        id="pipeline-subclass",
    ),
]

PIPELINES_CLEAN = [
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        class Backend:
            def __init__(self, client):
                self._client = client
                self._pipeline_class = Pipeline
            @property
            def _pipeline(self):
                return self._pipeline_class(self._client.connection_pool, None, True, None)
            async def set_many(self, pairs):
                async with self._pipeline as pipe:
                    for key, value in pairs.items():
                        pipe.set(key, value)
                    await pipe.execute()
        """,
        id="staged-then-executed",
    ),
]

PLAIN_DEF = [
    pytest.param(
        """
        from redis import Redis
        from redis.asyncio import Redis as AsyncRedis
        def get_client(url, cluster):
            aredis_client = AsyncRedis.from_url(url)
            redis_client = Redis.from_url(url)
            is_cluster = cluster(redis_client)
            redis_client.close()
            if is_cluster:
                aredis_client.close()
            return aredis_client
        """,
        ["10:9 CH005"],
        id="llama-index-close",
    ),
    pytest.param(
        """
        from redis import Redis
        from redis.asyncio import Redis as AsyncRedis
        def reset(url):
            client = Redis.from_url(url)
            client.close()
            client = AsyncRedis.from_url(url)
            client.close()
        """,
        ["8:5 CH005"],
        id="same-name-sync-then-async",
    ),
    pytest.param(
        """
        import redis
        import redis.asyncio
        class Clients:
            def __init__(self):
                self._client = redis.Redis()
                self._aclient = redis.asyncio.Redis()
            def close(self):
                self._client.close()
                self._aclient.close()
        """,
        ["10:9 CH005"],
        id="async-attribute-in-a-sync-method",
    ),
]

PLAIN_DEF_CLEAN = [
    pytest.param(
        """
        import asyncio
        import redis.asyncio
        class Clients:
            def __init__(self):
                self._aclient = redis.asyncio.Redis()
            def close(self):
                asyncio.run(self._aclient.aclose())
        """,
        id="run-by-asyncio",
    ),
    pytest.param(
        """
        from redis import Redis
        from redis.asyncio import Redis as AsyncRedis
        def reset(urls):
            client = Redis.from_url(urls[0])
            for url in urls:
                client.close()
                client = AsyncRedis.from_url(url)
        """,
        id="a-loop-brings-the-other-back",
    ),
    pytest.param(
        """
        from redis import Redis
        from redis.asyncio import Redis as AsyncRedis
        def reset(url, fast):
            if fast:
                client = Redis.from_url(url)
            else:
                client = AsyncRedis.from_url(url)
            client.close()
        """,
        id="branches-that-disagree",
    ),
]


@pytest.mark.parametrize(("src", "expected"), [*HANDED, *HELPERS, *PIPELINES, *PLAIN_DEF])
def test_flags(src: str, expected: list[str]) -> None:
    assert all_found(src) == expected


@pytest.mark.parametrize("src", [*HANDED_CLEAN, *HELPERS_CLEAN, *PIPELINES_CLEAN, *PLAIN_DEF_CLEAN])
def test_clean(src: str) -> None:
    assert all_found(src) == []
