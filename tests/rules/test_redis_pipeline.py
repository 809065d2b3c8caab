"""CH008 awaited-pipeline-command: `await` on a command staged on an asyncio pipeline."""

from __future__ import annotations

import pytest

from tests.helpers import found, run_rule

RULE = "awaited-pipeline-command"

FLAGGED = [
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline() as pipe:
                await pipe.incr("hits")
                total = await pipe.get("hits")
        """,
        ["6:15 CH008", "7:23 CH008"],
        id="async-with-pipeline",
    ),
    pytest.param(
        """
        from redis.asyncio import Redis
        async def f(r: Redis):
            pipe = r.pipeline(transaction=False)
            await pipe.set("a", 1)
            await pipe.execute()
        """,
        ["5:11 CH008"],
        id="assigned-pipeline",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        class C:
            def __init__(self):
                self.redis = redis.from_url("redis://")
            async def f(self):
                p = self.redis.pipeline()
                await p.set("a", 1).expire("a", 5)
        """,
        ["8:15 CH008"],
        id="chained-staged-commands",
    ),
]

CLEAN = [
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline() as pipe:
                pipe.incr("hits")
                await pipe.execute()
        """,
        id="execute-awaited",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline() as pipe:
                await pipe.watch("balance")
                balance = int(await pipe.get("balance"))
                pipe.multi()
                pipe.set("balance", balance - 1)
                await pipe.execute()
        """,
        id="watch-mode-immediate-commands",
    ),
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        async def txn(pipe: Pipeline):
            value = await pipe.get("k")
            pipe.multi()
            pipe.set("k", value)
        """,
        id="transaction-callback",
    ),
    pytest.param(
        """
        from redis.asyncio.client import Pipeline
        async def read(pipe: Pipeline) -> int:
            return int(await pipe.get("k"))
        """,
        id="pipeline-parameter",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            async with r.pipeline() as pipe:
                await pipe.unlink("k")
                await pipe.reset()
        """,
        id="pipeline-own-coroutines",
    ),
    pytest.param(
        """
        import coredis
        c = coredis.Redis()
        async def f():
            async with c.pipeline() as pipe:
                x = pipe.get("k")
            return await x
        """,
        id="coredis-pipeline-results",
    ),
    pytest.param(
        """
        import redis.asyncio as redis
        r = redis.Redis()
        async def f():
            return await r.set("a", 1)
        """,
        id="client-not-pipeline",
    ),
]


@pytest.mark.parametrize(("src", "expected"), FLAGGED)
def test_flags(src: str, expected: list[str]) -> None:
    assert found(RULE, src) == expected


@pytest.mark.parametrize("src", CLEAN)
def test_clean(src: str) -> None:
    assert found(RULE, src) == []


def test_message() -> None:
    src = "import redis.asyncio as r\nasync def f():\n    p = r.Redis().pipeline()\n"
    src += "    await p.set(1, 2)\n"
    (finding,) = run_rule(RULE, src)
    assert finding.message == (
        "`await p.set()` awaits a command staged on a pipeline: it returns the pipeline, "
        "not the reply; await `execute()` once"
    )
