"""## What it does
Checks for calls on an asyncio Redis client that return an awaitable nobody awaits.

The clients are `redis.asyncio`, aioredis 2.x and coredis. In an `async def`, a call is
reported when it is a bare statement (`self.client.delete(key)`), when its result is
assigned and then only used without `await` (unpacked, indexed, compared, passed to
`int()` or `len()`) or never used, when it is tested for truth (`if client.exists(key):`,
always true) and when it is returned un-awaited. In a plain `def` (or at module level) a
bare call on an async client, or one handed to a function that only looks at its value
(`bool(client.exists(key))`), is reported too: it can never run there. Also checks for an
async iterator (`scan_iter()`, `pubsub.listen()`) looped over with a plain `for`.

## Why is this bad?
A command on an asyncio client only builds a coroutine; nothing is sent until it is
awaited. `client.delete(key)` without `await` silently never deletes (Python's
"coroutine was never awaited" warning goes to a log nobody reads), and
`cursor, keys = client.scan(0)` raises `TypeError` at run time. A real asyncio cache layer
shipped both.

Type checkers do not catch the silent case. Checked against redis-py 7.4.0 and 8.1.0 with
mypy 2.4 and pyright 1.1: the commands are typed `Union[Awaitable[Any], Any]` up to 7.4 and,
from 8.0, `Awaitable[T]` through `@overload`s on the client's self type. An `Awaitable` is
not a coroutine, so mypy (default and `--strict`) and pyright (basic and strict) say nothing
about a bare `client.delete(key)` or `if client.exists(key):`. They do reject
`cursor, keys = client.scan(0)` when the client is annotated, but not when it is untyped
(`self.client = client`). mypy's opt-in `unused-awaitable` error code catches the bare call
on redis-py 8.x only, and then also flags every buffered command on an asyncio pipeline
(`pipe.set(k, v)`), which is typed as an async client. This rule knows the difference.

## Known problems
A client is recognised where it is built (`redis.asyncio.Redis(...)`, `from_url`,
`Sentinel(...).master_for(...)`, `coredis.Redis(...)`, in any import form, also when the
module name is rebound: `redis = redis.asyncio.from_url(...)`), annotated (parameters,
variables, class attributes, return types), returned by a function or property (its
annotation, else its `return`s, also under `@cache`/`@lru_cache`), assigned to
`self.<attr>` in any method of the class, built from a class stored on an attribute, or
declared in `[tool.codehealth.redis]` (see Options); and from the project's other modules
the checked file imports (`from app.db.redis import redis_client`, `from app.db import
redis as cache`, a factory in `app/deps.py`, a class's attributes, re-exports through a
package's `__init__`), read without importing them, also when a pre-commit run names one
file. A module that never mentions `redis` (nor a configured name) is not read: a client
passed through one is missed. A name bound both to a client and to something else is
skipped, unless one assignment surely holds where the name is used. An awaitable passed to
a function that only looks at its value (`isinstance`, `hasattr`, `bool`, `len`, `print`,
`json.loads`, a logger's methods, `", ".join`) is reported; passed to any other call
(`asyncio.gather`, `create_task`, `wait_for`, a task group, your own helper), stored,
yielded or returned from a plain `def`, it is assumed to be awaited there. Commands
buffered on a pipeline in WATCH mode are not checked. Which members return awaitables
comes from the installed redis-py and coredis, module helpers (`client.json()`, `.ft()`,
`.ts()`, `.bf()`, ...) included (`scripts/gen_redis_commands.py`); aioredis 2.x is treated
as redis.asyncio, whose API it became.

## Example
```python
class Cache:
    def __init__(self, url: str) -> None:
        self.client = redis.asyncio.from_url(url)

    async def evict(self, key: str) -> None:
        self.client.delete(key)
        cursor, keys = self.client.scan(0, match=f"{key}:*")
```

Use instead:
```python
    async def evict(self, key: str) -> None:
        await self.client.delete(key)
        async for child in self.client.scan_iter(match=f"{key}:*"):
            await self.client.delete(child)
```

## Fix safety
`codehealth check --fix` (and the editor's quick fix) puts `await` before a flagged command
that sits directly in an `async def` (`r.set(k, v)`, `x = r.get(k)`, `return r.hget(k, f)`,
`if r.exists(k):`), with parentheses when the result is used further
(`(await r.get(k)).decode()`). Every fix is checked: the edited file must compile and parse
to the old tree with exactly that call awaited, else it is left alone. A call in a plain
`def` (also one nested in an `async def`), a lambda or at module level, and an async
iterator looped over with `for` are not fixed, nor a call handed to a function that looks at
the object itself (`hasattr(r.smembers(k), "__aiter__")`, `isinstance`, `type`): each needs
a change a person should choose. Clients known only through another module's imports are
reported but not fixed.

## Options
Shared by CH005-CH008 in `[tool.codehealth.redis]` (a rule's own table may override it):
- `client-types` (list of str, default `[]`): your own async client classes or factories,
  by qualified name as imported (`"app.cache.AsyncRedis"`, `"app.deps.make_redis"`): calls
  to them build a client, annotations with them name one.
- `client-names` (list of str, default `[]`): expressions, as written, that always hold an
  async client (`"self.redis"`, `"request.app.state.redis"`, `"redis_client"`).

```toml
[tool.codehealth.redis]
client-types = ["app.cache.AsyncRedis"]
client-names = ["request.app.state.redis"]
```

## References
- redis-py asyncio: <https://redis.readthedocs.io/en/stable/examples/asyncio_examples.html>
- mypy `unused-awaitable`: <https://mypy.readthedocs.io/en/stable/error_code_list2.html>
- Python: "coroutine ... was never awaited" (`RuntimeWarning`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import UnawaitedRedis as Options
from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.edits import Fix
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ImportedModule
from pytest_codehealth.rules.redis._await_fix import await_edits
from pytest_codehealth.rules.redis._exports import exports, exports_wanted
from pytest_codehealth.rules.redis._sites import Analysis, Site, analyse
from pytest_codehealth.rules.redis._types import AWAITABLE, ITERATORS
from pytest_codehealth.rules.redis._usage import NEVER_RUNS, problem

CODE, NAME = "CH005", "unawaited-redis"
PROBES = frozenset({"callable", "getattr", "hasattr", "id", "isinstance", "type"})


def check(
    src: SourceFile, options: Options, imports: ImportedModule | None = None
) -> Iterator[Finding]:
    analysis = analyse(src, options, imports)
    for site in analysis.sites:
        message = _message(site, analysis)
        if message is not None:
            yield src.finding(site.node, CODE, NAME, message)


def fix(src: SourceFile, options: Options) -> Iterator[Fix]:
    """`await` before each flagged command that sits directly in an `async def`."""
    analysis = analyse(src, options, None)
    for site in analysis.sites:
        message = _message(site, analysis)
        if message is not None and _awaitable_here(site) and not _probed(site, analysis):
            edits = await_edits(src.text, src.tree, site.node)
            if edits is not None:
                yield Fix(src.finding(site.node, CODE, NAME, message), edits)


def _probed(site: Site, analysis: Analysis) -> bool:
    """Passed to a function that looks at the object itself (`hasattr(r.smembers(k), ...)`,
    `isinstance`): the author inspected the awaitable, and an `await` would change what is
    inspected, so the finding stands without a fix."""
    parent = analysis.parent(site.node)
    return isinstance(parent, ast.Call) and dotted_name(parent.func) in PROBES


def _awaitable_here(site: Site) -> bool:
    """A call in an `async def` (an async iterator wants `async for`, not `await`)."""
    iterator = site.method in ITERATORS.get(site.kind.key, ())
    return site.in_async_def and isinstance(site.node, ast.Call) and not iterator


def _message(site: Site, analysis: Analysis) -> str | None:
    if not site.kind.is_async or site.method is None:
        return None
    if site.method in ITERATORS.get(site.kind.key, ()):
        return _iterator_message(site, analysis)
    if site.method not in AWAITABLE.get(site.kind.key, ()):
        return None
    misuse = problem(site.node, analysis, site.function)
    if misuse == NEVER_RUNS and not site.in_async_def:
        where = "at module level" if site.function is None else "in a plain `def`"
        return f"`{site.label()}` on an async client {where} is never awaited: it never runs"
    return None if misuse is None else f"`{site.label()}` {misuse}"


def _iterator_message(site: Site, analysis: Analysis) -> str | None:
    parent = analysis.parent(site.node)
    if isinstance(parent, ast.For) and parent.iter is site.node:
        return f"`{site.label()}` is an async iterator looped over with `for`; use `async for`"
    return None


__all__ = ["CODE", "NAME", "check", "exports", "exports_wanted", "fix"]
