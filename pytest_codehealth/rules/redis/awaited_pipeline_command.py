"""## What it does
Checks for `await` on a command staged on a redis-py asyncio pipeline.

That is `await pipe.set(key, value)` inside `async with client.pipeline() as pipe:` or after
`pipe = client.pipeline()`. Only `await pipe.execute()` (and the pipeline's own coroutines:
`watch`, `reset`, ...) should be awaited.

## Why is this bad?
A pipeline command is buffered and returns the pipeline itself, so that calls can be
chained. Awaiting it runs `Pipeline.__await__`, which, checked with redis-py 7.4.0 and
8.1.0 against a real server, returns the pipeline again and leaves the queue as it was:
`value = await pipe.get(key)` gives `value` a `Pipeline`, not the reply, and no error is
raised anywhere. The code reads as if the command ran there; it runs only at `execute()`.
redis-py issue 4259 reports that in some versions the await also dropped the queued
commands without an error. Either way the awaited value is wrong.

## Known problems
Pipelines are followed through a property or method that returns one, a class stored on
an attribute (`self._pipeline_class(...)`), a subclass of `Pipeline`, and the project's
other modules. A pipeline in WATCH mode executes commands at once (`await pipe.watch(k)`, then
`await pipe.get(k)`, then `pipe.multi()`): a function that calls `watch()` or `multi()` on
the pipeline, or that receives it as a parameter (a `client.transaction(func)` callback),
is not checked. coredis pipelines are not checked: their commands are meant to be awaited
after the block.

## Example
```python
async with client.pipeline() as pipe:
    await pipe.incr("hits")
    total = await pipe.get("hits")
```

Use instead:
```python
async with client.pipeline() as pipe:
    pipe.incr("hits")
    pipe.get("hits")
    _, total = await pipe.execute()
```

## Options
None of its own; the shared `[tool.codehealth.redis]` table applies (see CH005).

## References
- redis-py pipelines: <https://redis.readthedocs.io/en/stable/advanced_features.html>
- redis-py issue 4259: <https://github.com/redis/redis-py/issues/4259>
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import AwaitedPipelineCommand as Options
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._exports import exports, exports_wanted
from pytest_codehealth.rules.redis._scope import parameters
from pytest_codehealth.rules.redis._sites import Analysis, Site, analyse
from pytest_codehealth.rules.redis._types import ASYNC_PIPELINE, AWAITABLE

CODE, NAME = "CH008", "awaited-pipeline-command"
STAGED = AWAITABLE["redis.client"] - AWAITABLE["redis.pipeline"]
_IMMEDIATE_MODE = frozenset({"watch", "multi"})


def check(
    src: SourceFile, options: Options, imports: ImportedModule | None = None
) -> Iterator[Finding]:
    analysis = analyse(src, options, imports)
    for site in analysis.sites:
        if _awaited_staged(site, analysis) and not _immediate_mode(site):
            message = (
                f"`await {site.label()}` awaits a command staged on a pipeline: it returns "
                "the pipeline, not the reply; await `execute()` once"
            )
            yield src.finding(site.node, CODE, NAME, message)


def _awaited_staged(site: Site, analysis: Analysis) -> bool:
    if site.kind != ASYNC_PIPELINE or site.method not in STAGED:
        return False
    return isinstance(analysis.parent(site.node), ast.Await)


def _immediate_mode(site: Site) -> bool:
    """The pipeline may be in WATCH mode: watched or multi'd here, or passed in."""
    function, receiver = site.function, site.receiver
    if function is None or receiver is None:
        return False
    text = ast.unparse(receiver)
    if isinstance(receiver, ast.Name) and receiver.id in {a.arg for a in parameters(function)}:
        return True
    return any(_switches_mode(node, text) for node in ast.walk(function))


def _switches_mode(node: ast.AST, receiver: str) -> bool:
    """`receiver.watch(...)` or `receiver.multi()`: the pipeline runs commands at once."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    return node.func.attr in _IMMEDIATE_MODE and ast.unparse(node.func.value) == receiver


__all__ = ["CODE", "NAME", "check", "exports", "exports_wanted"]
