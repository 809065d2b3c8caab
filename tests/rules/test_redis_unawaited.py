"""CH005 unawaited-redis: calls on asyncio Redis clients that are never awaited."""

from __future__ import annotations

import pytest

from tests.helpers import found, run_rule

RULE = "unawaited-redis"

FLAGGED = [
    pytest.param(
        """
        import redis.asyncio as redis
        client = redis.Redis()
        async def evict(key):
            client.delete(key)
        """,
        ["5:5 CH005"],
        id="module-client-bare-delete",
    ),
    pytest.param(
        """
        from redis import asyncio as aioredis
        class Cache:
            def __init__(self, url):
                self.client = aioredis.from_url(url)
            async def scan(self):
                cursor, keys = self.client.scan(0)
        """,
        ["7:24 CH005"],
        id="self-attr-scan-unpacked-issue-example",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        async def seen(r: Redis, key: str) -> bool:
            if r.exists(key):
                return True
            return False
        """,
        ["4:8 CH005"],
        id="annotated-param-exists-truth",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        async def get(r: "Redis | None", key):
            return r.get(key)
        """,
        ["4:12 CH005"],
        id="string-annotation-returned-from-async-def",
    ),
    pytest.param(
        """
        from typing import Optional
        import redis.asyncio
        async def f(r: Optional[redis.asyncio.Redis]):
            r.set("a", 1)
        """,
        ["5:5 CH005"],
        id="optional-annotation",
    ),
    pytest.param(
        """
        import redis.asyncio
        r = redis.asyncio.Redis.from_url("redis://")
        async def f():
            value = r.get("k")
            return int(value)
        """,
        ["5:13 CH005"],
        id="assigned-then-passed-to-int",
    ),
    pytest.param(
        """
        import redis.asyncio
        async def f():
            r = redis.asyncio.RedisCluster(host="x")
            x = r.hget("h", "f")
            print(x[0])
        """,
        ["5:9 CH005"],
        id="cluster-assigned-then-indexed",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f(url):
            r = redis.from_url(url)
            n = r.incr("hits")
        """,
        ["5:9 CH005"],
        id="assigned-never-used",
    ),
    pytest.param(
        """
        from redis.asyncio.sentinel import Sentinel
        sentinel = Sentinel([("localhost", 26379)])
        master = sentinel.master_for("mymaster")
        async def f():
            master.set("k", "v")
        """,
        ["6:5 CH005"],
        id="sentinel-master-for",
    ),
    pytest.param(
        """
        import aioredis
        async def f():
            r = aioredis.from_url("redis://")
            r.expire("k", 10)
        """,
        ["5:5 CH005"],
        id="aioredis-2",
    ),
    pytest.param(
        """
        import coredis
        client = coredis.Redis(host="x")
        async def f():
            client.set("k", "v")
        """,
        ["5:5 CH005"],
        id="coredis-client",
    ),
    pytest.param(
        """
        from coredis import RedisCluster
        async def f(c: RedisCluster):
            if c.sismember("s", "m"):
                pass
        """,
        ["4:8 CH005"],
        id="coredis-annotated-truth",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline() as pipe:
                pipe.set("a", 1)
                pipe.execute()
        """,
        ["7:9 CH005"],
        id="pipeline-execute-not-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            p = r.pubsub()
            p.subscribe("news")
        """,
        ["6:5 CH005"],
        id="pubsub-subscribe-not-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            lock = r.lock("job", timeout=5)
            if lock.locked():
                return
            lock.release()
        """,
        ["6:8 CH005", "8:5 CH005"],
        id="lock-locked-and-release",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        script = r.register_script("return 1")
        async def f():
            script(keys=["a"])
        """,
        ["6:5 CH005"],
        id="script-call-not-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            for key in r.scan_iter("user:*"):
                pass
        """,
        ["5:16 CH005"],
        id="scan-iter-with-plain-for",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        class Cache:
            def __init__(self):
                self.r = redis.Redis()
            def drop(self, key):
                self.r.delete(key)
        """,
        ["7:9 CH005"],
        id="plain-def-bare-call-never-runs",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def main():
            r = redis.Redis()
            def callback():
                r.publish("ch", "msg")
            return callback
        """,
        ["6:9 CH005"],
        id="nested-plain-def",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        class Base:
            redis: Redis
        class Child(Base):
            async def f(self):
                if self.redis.get("k") == b"1":
                    pass
        """,
        ["7:12 CH005"],
        id="class-annotation-inherited-compare",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        def make() -> Redis:
            return Redis()
        async def f():
            r = make()
            r.hset("h", "f", "v")
        """,
        ["7:5 CH005"],
        id="factory-return-annotation",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f(url):
            async with redis.from_url(url) as r:
                r.lpush("q", 1)
        """,
        ["5:9 CH005"],
        id="async-with-factory",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f(key):
            r = redis.Redis()
            value = r.get(key).decode()
            return f"{r.get(key)}" if not r.exists(key) else value
        """,
        ["5:13 CH005", "6:15 CH005", "6:35 CH005"],
        id="attribute-fstring-not",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        redis_client = None
        async def startup():
            global redis_client
            redis_client = redis.from_url("redis://")
        async def handler():
            redis_client.set("k", 1)
        """,
        ["8:5 CH005"],
        id="global-assigned-in-startup",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        class Service:
            def __init__(self, client=None):
                self.client = client or redis.Redis()
            async def f(self):
                self.client.zadd("z", {"a": 1})
        """,
        ["7:9 CH005"],
        id="or-default-client",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        async def f():
            r = redis.Redis()
            async with r.pipeline() as pipe:
                pipe.unlink("k")
                await pipe.execute()
        """,
        ["6:9 CH005"],
        id="pipeline-coroutine-member-unlink",
    ),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found(RULE, src) == expected


def test_message_names_the_call_and_the_misuse() -> None:
    (finding,) = run_rule(
        RULE,
        """
        import redis.asyncio as redis
        class Cache:
            def __init__(self):
                self.client = redis.Redis()
            async def f(self, key):
                value = self.client.get(key)
                if value is None:
                    return 0
        """,
    )
    assert finding.message == (
        "`self.client.get()` is assigned to `value`, which is used as a value "
        "without `await` (line 8)"
    )


def test_bare_call_message() -> None:
    (finding,) = run_rule(RULE, "import redis.asyncio as r\nc = r.Redis()\nc.set('k', 1)\n")
    assert finding.message == (
        "`c.set()` on an async client at module level is never awaited: it never runs"
    )


def test_nothing_to_do_without_redis() -> None:
    assert found(RULE, "async def f(client):\n    client.delete('k')\n") == []


def test_client_names_option() -> None:
    src = """
    async def f(request):
        request.app.state.redis.delete("k")
        request.app.state.http.delete("k")
    """
    assert found(RULE, src) == []
    options = {"client-names": ["request.app.state.redis"]}
    assert found(RULE, src, options) == ["3:5 CH005"]


def test_client_types_option() -> None:
    src = """
    from app.cache import AsyncRedis, make_redis
    async def f(a: AsyncRedis):
        a.delete("k")
        make_redis().set("k", 1)
    """
    assert found(RULE, src) == []
    options = {"client-types": ["app.cache.AsyncRedis", "app.cache.make_redis"]}
    assert found(RULE, src, options) == ["4:5 CH005", "5:5 CH005"]


def test_conflicting_bindings_are_skipped() -> None:
    src = """
    import redis.asyncio as redis
    class C:
        def __init__(self):
            self.r = redis.Redis()
        def reset(self):
            self.r = {}
        async def f(self):
            self.r.get("k")
    """
    assert found(RULE, src) == []
