"""CH005-CH008 on real code that had the bug, one module at a time (see test_redis_real_apps).

Each snippet is the shape of a real bug, rewritten here, with its source (repository and
commit, issue or pull request) in a comment; the label comes from the fix or the diagnosis.
"""

from __future__ import annotations

import pytest

from tests.rules.test_redis_patterns import all_found

REAL = [
    # swarmauri/swarmauri-sdk@4a7e57b26^ peagen/plugins/queues/redis_queue.py; PR #1763
    # "fix smembers in RedisQueue to await aioredis coroutine properly"
    pytest.param(
        """
        from redis.asyncio import Redis
        class RedisQueue:
            def __init__(self, uri):
                self.client = Redis.from_url(uri, decode_responses=True)
            async def smembers(self, key):
                if hasattr(self.client.smembers(key), "__aiter__"):
                    return [m async for m in self.client.smembers(key)]
                return await self.client.smembers(key)
        """,
        ["7:20 CH005"],
        id="swarmauri-hasattr-probe",
    ),
    # redis/redis-py issue #3812: JSON commands on redis.asyncio "was never awaited"; the
    # maintainers' answer: await `client.json().set(...)`
    pytest.param(
        """
        import redis.asyncio
        class JsonStore:
            def __init__(self, url):
                self.client = redis.asyncio.from_url(url)
            async def put(self, key, path, data, **kwargs):
                self.client.json().set(name=key, path=path, obj=data, nx=kwargs.get("nx", False))
        """,
        ["7:9 CH005"],
        id="redis-py-3812-json-helper",
    ),
    # zhangtyzzz/uni-api@17da5ea^ api/index.py: a sync client made by `redis.from_url` in a
    # walrus at module level, awaited in a coroutine; 17da5ea drops the `await`
    pytest.param(
        """
        import json
        import redis
        if redis_client := redis.from_url(REDIS_URL) if REDIS_URL else None:
            pass
        async def record_model_request(key, records, max_age):
            if redis_client:
                await redis_client.set(key, json.dumps(records), ex=max_age)
        """,
        ["8:15 CH007"],
        id="uni-api-await-on-a-sync-client",
    ),
    # zhangtyzzz/uni-api@17da5ea^ api/index.py, the same sync client read and written in an
    # admin endpoint (`async def create_config`); 17da5ea says the client is the sync one
    pytest.param(
        """
        import json
        import redis
        if redis_client := redis.from_url(REDIS_URL) if REDIS_URL else None:
            pass
        async def create_config(config):
            if redis_client:
                configs = json.loads(redis_client.get("api_configs") or "[]")
                configs.append(config)
                redis_client.set("api_configs", json.dumps(configs))
        """,
        ["8:30 CH006", "10:9 CH006"],
        id="uni-api-sync-client-in-an-endpoint",
    ),
    # run-llama/llama_index issue #18272: `aredis_client.close()` in a plain method
    # ("coroutine 'Redis.close' was never awaited"), beside the sync client's close()
    pytest.param(
        """
        from redis import Redis
        from redis.asyncio import Redis as AsyncRedis
        class RedisChatStore:
            def _aget_client(self, url, **kwargs) -> "AsyncRedis":
                aredis_client: "AsyncRedis"
                aredis_client = AsyncRedis.from_url(url, **kwargs)
                redis_client = Redis.from_url(url, **kwargs)
                is_cluster = self._check_for_cluster(redis_client)
                redis_client.close()
                if is_cluster:
                    aredis_client.close()
                    aredis_client = self._aredis_cluster_client(url, **kwargs)
                return aredis_client
        """,
        ["12:13 CH005"],
        id="llama-index-close-in-a-plain-method",
    ),
    # Krukov/cashews cashews/backends/redis/backend.py: the pipeline comes from a property
    # building `self._pipeline_class`; commands staged on it are awaited. redis/redis-vl-python
    # PR #697: awaiting a queued command on an async cluster pipeline wipes the queue.
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        class RedisBackend:
            def __init__(self, client, cluster):
                self._client = client
                self._is_cluster = cluster
                self._pipeline_class = Pipeline
            @property
            def _pipeline(self):
                return self._pipeline_class(self._client.connection_pool, None, True, None)
            async def set_many(self, pairs, px=None):
                async with self._pipeline as pipe:
                    for key, value in pairs.items():
                        await pipe.set(key, value, px=px)
                    await pipe.execute()
            async def set_add(self, key, *values, expire):
                async with self._pipeline as pipe:
                    await pipe.sadd(key, *values)
                    await pipe.pexpire(key, expire)
                    await pipe.execute()
        """,
        ["14:23 CH008", "18:19 CH008", "19:19 CH008"],
        id="cashews-pipeline-property",
    ),
    # auredentan/starlette-session@7b0703a starlette_session/backends.py: the Redis backend
    # takes the sync `redis.Redis` and calls it from `async def`s; duyixian1234/
    # fastapi-redis-session issue #1: "any synchronous action will block the event loop"
    pytest.param(
        """
        from pickle import dumps, loads
        try:
            from redis import Redis
        except ImportError:
            Redis = None
        class RedisSessionBackend:
            def __init__(self, redis: Redis):
                self.redis = redis
            async def get(self, key, **kwargs):
                value = self.redis.get(key, **kwargs)
                return loads(value) if value else None
            async def set(self, key, value, exp=None, **kwargs):
                self.redis.set(key, dumps(value), exp, **kwargs)
            async def delete(self, key, **kwargs):
                return self.redis.delete(key, **kwargs)
        """,
        ["11:17 CH006", "14:9 CH006", "16:16 CH006"],
        id="starlette-session-sync-backend",
    ),
    # aprin-labs/archimedes issue #914: `redis.Redis(...)` built in `async def
    # _compute_returns` and `.ping()`/`.get()` called there "freezes the event loop"
    pytest.param(
        """
        import redis
        async def compute_returns(vault, settings):
            client = redis.Redis(host=settings.redis_host, socket_timeout=1)
            client.ping()
            cached = client.get(f"returns:{vault}")
            return cached
        """,
        ["5:5 CH006", "6:14 CH006"],
        id="archimedes-sync-client-in-a-coroutine",
    ),
]

REAL_CLEAN = [
    # swarmauri/swarmauri-sdk@4a7e57b26: the awaitable is probed, then awaited
    pytest.param(
        """
        from redis.asyncio import Redis
        class RedisQueue:
            def __init__(self, uri):
                self.client = Redis.from_url(uri)
            async def smembers(self, key):
                resp = self.client.smembers(key)
                if hasattr(resp, "__aiter__"):
                    return [m async for m in resp]
                return await resp
        """,
        id="swarmauri-probe-then-await",
    ),
    # swarmauri/swarmauri-sdk@3320c9b1b: awaited, then listed
    pytest.param(
        """
        from redis.asyncio import Redis
        async def smembers(client: Redis, key):
            result = await client.smembers(key)
            return list(result)
        """,
        id="swarmauri-awaited",
    ),
    # edraj/dmart@46bb6c04 backend/data_adapters/file/redis_services.py: helpers of a subclass
    # of the asyncio client, probed and awaited, handed to a task, staged on a pipeline
    pytest.param(
        """
        import asyncio
        from typing import Awaitable
        from redis.asyncio import Redis
        class RedisServices(Redis):
            async def save_doc(self, doc_id, path, payload):
                x = self.json().set(doc_id, path, payload)
                if x and isinstance(x, Awaitable):
                    asyncio.create_task(x)
            async def get_doc(self, doc_id):
                x = self.json().get(name=doc_id)
                if x and isinstance(x, Awaitable):
                    return await x
                return {}
            async def save_bulk(self, docs, path):
                pipe = self.pipeline()
                for doc in docs:
                    pipe.json().set(doc["id"], path, doc["payload"])
                return await pipe.execute()
            async def get_count(self, index):
                info = await self.ft(index).info()
                return info["num_docs"]
        """,
        id="dmart-helpers",
    ),
    # zhangtyzzz/uni-api@17da5ea api/index.py: the sync client in a plain function
    pytest.param(
        """
        import redis
        redis_client = redis.from_url(REDIS_URL)
        def batch_get_model_request_record(keys):
            try:
                return redis_client.mget(keys)
            except redis.RedisError:
                return []
        """,
        id="uni-api-sync-client-in-a-plain-function",
    ),
    # run-llama/llama_index after #18272: the close is handed to a task
    pytest.param(
        """
        import asyncio
        from redis.asyncio import Redis as AsyncRedis
        def aget_client(url, is_cluster):
            client = AsyncRedis.from_url(url)
            if is_cluster:
                asyncio.create_task(client.close())
            return client
        """,
        id="llama-index-close-handed-to-a-task",
    ),
    # duyixian1234/fastapi-redis-session@2f4931f^ session.py: the sync client in plain
    # methods (FastAPI runs sync dependencies in a thread)
    pytest.param(
        """
        import pickle
        from redis import Redis
        class SessionStorage:
            def __init__(self, url):
                self.client = Redis.from_url(url)
            def __getitem__(self, key):
                raw = self.client.get(key)
                return raw and pickle.loads(raw)
            def __setitem__(self, key, value):
                self.client.set(key, pickle.dumps(value), ex=3600)
        """,
        id="fastapi-redis-session-sync-in-plain-methods",
    ),
    # duyixian1234/fastapi-redis-session@2f4931f session.py: asyncio client, awaited later
    pytest.param(
        """
        import pickle
        from redis.asyncio import Redis
        class SessionStorage:
            def __init__(self, url):
                self.client = Redis.from_url(url)
            async def get(self, key):
                raw = self.client.get(key)
                raw = await raw
                return raw and pickle.loads(raw)
        """,
        id="fastapi-redis-session-awaited-later",
    ),
    # openaq/openaq-api-v2@1a73ed1 openaq_api/middleware.py: the rate limiter takes an
    # asyncio cluster client and awaits every call
    pytest.param(
        """
        from redis.asyncio.cluster import RedisCluster
        class RateLimiter:
            def __init__(self, redis_client: RedisCluster, window):
                self.redis_client = redis_client
                self.window = window
            async def request_is_limited(self, key, limit):
                if await self.redis_client.set(key, limit, nx=True):
                    await self.redis_client.expire(key, self.window)
                count = await self.redis_client.get(key)
                return not (count and int(count) > 0)
        """,
        id="openaq-asyncio-cluster-awaited",
    ),
]


@pytest.mark.parametrize(("src", "expected"), REAL)
def test_real_bugs_are_found(src: str, expected: list[str]) -> None:
    assert all_found(src) == expected


@pytest.mark.parametrize("src", REAL_CLEAN)
def test_real_fixes_are_clean(src: str) -> None:
    assert all_found(src) == []
