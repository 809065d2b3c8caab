"""## What it does
Checks for `await`, `async with` or `async for` on a synchronous redis-py client.

That is `await r.get(key)` where `r = redis.Redis(...)`, and `async with` / `async for`
over its objects
(`async with r.pipeline() as pipe`, `async with r.lock("job")`,
`async for key in r.scan_iter()`).

## Why is this bad?
The sync call runs first, blocking the event loop, and returns a plain value; awaiting
that value raises `TypeError: object bytes can't be used in 'await' expression` (or
`'Pipeline' object does not support the asynchronous context manager protocol`). It is
usually a half-finished migration: the `await` was added, the import still says
`import redis` instead of `import redis.asyncio as redis`.

## Known problems
The client must be known to be sync from a constructor or a factory (in the module or in
another module of the project, see CH005 and CH006): an annotation `redis.Redis` alone is
not trusted here, since asyncio clients are often annotated so (and then awaited).

## Example
```python
import redis

client = redis.Redis()

async def visits(page: str) -> int:
    return await client.incr(f"visits:{page}")
```

Use instead:
```python
import redis.asyncio as redis

client = redis.Redis()

async def visits(page: str) -> int:
    return await client.incr(f"visits:{page}")
```

## Options
None of its own; the shared `[tool.codehealth.redis]` table applies (see CH005).

## References
- redis-py asyncio: <https://redis.readthedocs.io/en/stable/examples/asyncio_examples.html>
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import AwaitSyncRedis as Options
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._exports import exports, exports_wanted
from pytest_codehealth.rules.redis._sites import Analysis, Site, analyse
from pytest_codehealth.rules.redis._types import BLOCKING, FACTORY_METHODS

CODE, NAME = "CH007", "await-sync-redis"


def check(
    src: SourceFile, options: Options, imports: ImportedModule | None = None
) -> Iterator[Finding]:
    analysis = analyse(src, options, imports)
    for site in analysis.sites:
        message = _message(site, analysis) if site.kind.family == "sync" else None
        if message is not None:
            yield src.finding(site.node, CODE, NAME, message)


def _message(site: Site, analysis: Analysis) -> str | None:
    if site.method is None:
        return f"`async with` on the synchronous Redis object `{site.label()}` fails"
    known = site.method in BLOCKING.get(site.kind.key, ())
    if not known and (site.kind.role, site.method) not in FACTORY_METHODS:
        return None
    usage = _async_usage(site, analysis)
    if usage is None:
        return None
    return f"{usage} on the synchronous Redis call `{site.label()}` fails with TypeError"


def _async_usage(site: Site, analysis: Analysis) -> str | None:
    """`await` or `async for` applied to the call (an `async with` item is its own site)."""
    parent = analysis.parent(site.node)
    if isinstance(parent, ast.Await):
        return "`await`"
    if isinstance(parent, ast.AsyncFor) and parent.iter is site.node:
        return "`async for`"
    return None


__all__ = ["CODE", "NAME", "check", "exports", "exports_wanted"]
