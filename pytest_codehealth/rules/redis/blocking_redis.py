"""## What it does
Checks for calls on a synchronous redis-py client inside an `async def`.

The sync client is `redis.Redis`, `redis.StrictRedis`, `redis.from_url`,
`redis.RedisCluster` or `Sentinel(...).master_for(...)`, and the pipelines, pub/sub
objects, locks and scripts they make.

## Why is this bad?
A synchronous client waits for the server's reply on the event loop's thread: while it
waits, every other task of the process stands still. One slow `KEYS *`, a `BLPOP` with a
timeout or a `lock.acquire()` that sleeps stops the whole service, and the failure shows up
as timeouts elsewhere.

## Known problems
Only calls whose asyncio twin does network I/O are reported (the list is generated from the
installed redis-py); building a pipeline or staging a command on it is not, `execute()` is.
Calls in a plain `def` or `lambda` nested in the `async def` are not reported: they may run
in a thread (`asyncio.to_thread(lambda: r.get(k))`, `run_in_executor`); a plain method
that blocks, called from an `async def`, is not followed either. A sync client is
recognised the way CH005 recognises an async one, in the module and across the project's
modules. An annotation counts (`def __init__(self, redis: Redis)`, a class attribute
`client: redis.Redis`), except in a module that awaits such an annotation-only client or
hands it to `gather`: code bases annotate asyncio clients with `redis.Redis` (seen in
redis-om and limits), and there the annotation proves nothing.

## Example
```python
cache = redis.Redis(host="cache")

async def get_user(user_id: str) -> bytes | None:
    return cache.get(f"user:{user_id}")
```

Use instead:
```python
cache = redis.asyncio.Redis(host="cache")

async def get_user(user_id: str) -> bytes | None:
    return await cache.get(f"user:{user_id}")
```
Or, while the rest of the code base still needs the sync client,
`await asyncio.to_thread(cache.get, key)`.

## Options
The `[tool.codehealth.redis]` table of CH005 (`client-types`, `client-names`) is read too;
those name async clients, so they only keep this rule quiet about them.

## References
- redis-py asyncio: <https://redis.readthedocs.io/en/stable/examples/asyncio_examples.html>
- asyncio, "Running Blocking Code": <https://docs.python.org/3/library/asyncio-dev.html>
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import BlockingRedis as Options
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._exports import exports, exports_wanted
from pytest_codehealth.rules.redis._sites import Analysis, Site, analyse
from pytest_codehealth.rules.redis._types import BLOCKING

CODE, NAME = "CH006", "blocking-redis"


def check(
    src: SourceFile, options: Options, imports: ImportedModule | None = None
) -> Iterator[Finding]:
    analysis = analyse(src, options, imports)
    for site in analysis.sites:
        if _blocks(site, analysis):
            assert isinstance(site.function, ast.AsyncFunctionDef)
            where = f"`{site.label()}` in `async def {site.function.name}`"
            yield src.finding(site.node, CODE, NAME, _message(where, site.kind.weak))


def _message(where: str, annotated: bool) -> str:
    """An annotation alone may be wrong (an asyncio client annotated `redis.Redis`): say so."""
    if annotated:
        return (
            f"synchronous Redis call {where} blocks the event loop (the client's annotation "
            "says it is the sync one); use `redis.asyncio`, or fix the annotation and `await` "
            "the call"
        )
    return f"synchronous Redis call {where} blocks the event loop; use `redis.asyncio`"


def _blocks(site: Site, analysis: Analysis) -> bool:
    if site.kind.family != "sync" or not site.in_async_def or site.method is None:
        return False
    if isinstance(analysis.parent(site.node), ast.Await):
        return False  # CH007 reports it: the await fails before anything blocks for long
    return site.method in BLOCKING.get(site.kind.key, ())


__all__ = ["CODE", "NAME", "check", "exports", "exports_wanted"]
