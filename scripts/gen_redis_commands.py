"""Write `pytest_codehealth/rules/redis/_data.py` from the installed redis-py (and coredis).

Run `python scripts/gen_redis_commands.py` after upgrading redis-py; `--check` exits 1 when the
files and the installed libraries disagree. The rules never import redis: they read the data
file this script writes. A member "returns an awaitable" when it is a coroutine function or
its return annotation (or one of its `@overload`s) names `Awaitable`, `ResponseT` or coredis's
`CommandRequest`; an "async iterator" is an async generator function (`scan_iter`, `listen`).
If coredis is not installed, the coredis section of the existing file is kept as it is.

Module helpers (`client.json()`, `.ft()`, `.ts()`, `.bf()`, ...) are found on a client built
without a server (nothing connects): every public method of redis-py's module-commands mixin
returns a helper bound to the client. A helper member "sends a command" when it is a coroutine
function, its return annotation names an awaitable, or its source calls `execute_command` or
another member that sends one; on an asyncio client those return awaitables, on the sync
client they block.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
import textwrap
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent.parent / "pytest_codehealth/rules/redis"
TARGET = FOLDER / "_data.py"
HELPERS_TARGET = FOLDER / "_helpers.py"
AWAITABLE_MARKERS = ("Awaitable", "ResponseT", "CommandRequest")
NOT_BLOCKING = frozenset({"close"})  # closes sockets without a round trip

# family.role -> classes ("module:Class") whose members are read; the role's sets are merged
REDIS_ASYNC = {
    "redis.client": ("redis.asyncio.client:Redis", "redis.asyncio.cluster:RedisCluster"),
    "redis.pipeline": ("redis.asyncio.client:Pipeline", "redis.asyncio.cluster:ClusterPipeline"),
    "redis.pubsub": ("redis.asyncio.client:PubSub",),
    "redis.lock": ("redis.asyncio.lock:Lock",),
    "redis.script": ("redis.commands.core:AsyncScript",),
}
REDIS_SYNC = {
    "sync.client": ("redis.client:Redis", "redis.cluster:RedisCluster"),
    "sync.pipeline": ("redis.client:Pipeline", "redis.cluster:ClusterPipeline"),
    "sync.pubsub": ("redis.client:PubSub",),
    "sync.lock": ("redis.lock:Lock",),
    "sync.script": ("redis.commands.core:Script",),
}
ASYNC_MODULES = "redis.commands.redismodules:AsyncRedisModuleCommands"
SYNC_MODULES = "redis.commands.redismodules:RedisModuleCommands"
COREDIS = {
    "coredis.client": ("coredis:Redis", "coredis:RedisCluster"),
    "coredis.pipeline": ("coredis.patterns.pipeline:Pipeline",),
    "coredis.pubsub": ("coredis.patterns.pubsub:PubSub",),
    "coredis.lock": ("coredis.patterns.lock:Lock",),
    "coredis.script": ("coredis.commands.script:Script",),
}


def load_class(spec: str) -> type[Any]:
    module, _, name = spec.partition(":")
    cls = getattr(importlib.import_module(module), name)
    assert isinstance(cls, type), spec
    return cls


def members(cls: type[Any]) -> Iterable[tuple[str, Callable[..., Any]]]:
    """Public methods (and `__call__`), skipping properties, classes and plain attributes."""
    for name in sorted({*dir(cls)}):
        if name.startswith("_") and name != "__call__":
            continue
        if isinstance(inspect.getattr_static(cls, name), property):
            continue
        value = getattr(cls, name)
        if name == "__call__" and "__call__" not in vars(cls):
            continue
        if callable(value) and not inspect.isclass(value):
            yield name, value


def returns_awaitable(fn: Callable[..., Any]) -> bool:
    if inspect.iscoroutinefunction(fn):
        return True
    target = inspect.unwrap(fn)
    annotations = [getattr(target, "__annotations__", {}).get("return")]
    annotations += [o.__annotations__.get("return") for o in typing.get_overloads(target)]
    return any(_names_awaitable(annotation) for annotation in annotations)


def _names_awaitable(annotation: object) -> bool:
    """`Awaitable[T]`, `T | Awaitable[T]`, `Union[Awaitable[Any], Any]`; not `Callable[..., X]`."""
    if annotation is None:
        return False
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return any(_bare(part).startswith(AWAITABLE_MARKERS) for part in _top_level_parts(text))


def _top_level_parts(text: str) -> list[str]:
    """The members of a union as written: split on `|` and on the commas of `Union[...]`."""
    text = text.strip()
    for prefix in ("typing.Union[", "Union[", "typing.Optional[", "Optional["):
        if text.startswith(prefix) and text.endswith("]"):
            text = text[len(prefix) : -1]
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth == 0 and char in "|,":
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def _bare(part: str) -> str:
    """`typing.Awaitable[int]` -> `Awaitable[int]`; `coredis...CommandRequest[T]` likewise."""
    name = part.strip().strip("'\"")
    head = name.split("[", 1)[0]
    return name[head.rfind(".") + 1 :]


def classify(specs: Iterable[str]) -> tuple[set[str], set[str], set[str]]:
    """(awaitable, async iterators, coroutine functions) over the classes of one role."""
    awaitable: set[str] = set()
    iterators: set[str] = set()
    coroutines: set[str] = set()
    for spec in specs:
        for name, fn in members(load_class(spec)):
            if inspect.isasyncgenfunction(fn):
                iterators.add(name)
            elif returns_awaitable(fn):
                awaitable.add(name)
            if inspect.iscoroutinefunction(fn):
                coroutines.add(name)
    return awaitable, iterators, coroutines


def async_tables(roles: Mapping[str, tuple[str, ...]]) -> dict[str, dict[str, set[str]]]:
    """AWAITABLE, ITERATORS and COROUTINES for an async library's roles."""
    tables: dict[str, dict[str, set[str]]] = {"AWAITABLE": {}, "ITERATORS": {}, "COROUTINES": {}}
    for role, specs in roles.items():
        awaitable, iterators, coroutines = classify(specs)
        tables["AWAITABLE"][role] = awaitable
        tables["ITERATORS"][role] = iterators
        tables["COROUTINES"][role] = coroutines
    return tables


def blocking_table(async_roles: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """Sync members whose asyncio twin is awaited or async-iterated: they do network I/O."""
    table = {}
    for role, specs in REDIS_SYNC.items():
        twin = async_roles["redis." + role.split(".", 1)[1]]
        names = {name for spec in specs for name in _own_or_all(role, load_class(spec))}
        table[role] = (names & twin) - NOT_BLOCKING
    return table


def _own_or_all(role: str, cls: type[Any]) -> set[str]:
    """A sync pipeline's own methods (its inherited commands are buffered); all for the rest."""
    names = {name for name, _ in members(cls)}
    return names & set(vars(cls)) if role.endswith(".pipeline") else names


def without_staged(tables: dict[str, dict[str, set[str]]]) -> None:
    """Pipeline commands are buffered: only a pipeline's own coroutines are awaited."""
    for role in tables["AWAITABLE"]:
        if role.endswith(".pipeline"):
            tables["AWAITABLE"][role] = set(tables["COROUTINES"][role])


def helper_classes(client_spec: str, mixin_spec: str) -> dict[str, type[Any]]:
    """Helper name -> the class of the helper a client returns (`json` -> `AsyncJSON`)."""
    client = load_class(client_spec)()  # builds a pool; connects to nothing
    names = [name for name, _ in members(load_class(mixin_spec)) if name != "__call__"]
    return {name: type(getattr(client, name)()) for name in names}


def sends_commands(cls: type[Any]) -> set[str]:
    """Public members of a helper that send a command (directly or through another member)."""
    sources = {name: _source(fn) for name, fn in _all_members(cls)}
    sending = {
        name
        for name, fn in _all_members(cls)
        if inspect.iscoroutinefunction(fn)
        or returns_awaitable(fn)
        or "execute_command(" in sources[name]
    }
    grew = True
    while grew:
        calls = {name for name, text in sources.items() if _calls_any(text, sending)}
        grew = not calls <= sending
        sending |= calls
    return {name for name in sending if not name.startswith("_") and name != "execute_command"}


def _all_members(cls: type[Any]) -> list[tuple[str, Callable[..., Any]]]:
    """Every function defined on the class or its bases (private ones too), by name."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(cls.__mro__[:-1]):
        for name, value in vars(klass).items():
            if inspect.isfunction(value):
                found[name] = value
    return sorted(found.items())


def _source(fn: Callable[..., Any]) -> str:
    try:
        return inspect.getsource(inspect.unwrap(fn))
    except (OSError, TypeError):
        return ""


def _calls_any(text: str, names: set[str]) -> bool:
    return any(re.search(rf"\bself\.{re.escape(name)}\(", text) for name in names)


def helper_tables() -> tuple[dict[str, str], dict[str, set[str]], dict[str, set[str]]]:
    """HELPERS (method -> role), the async helpers' awaitable members, the sync ones' blocking."""
    asynchronous = helper_classes("redis.asyncio.client:Redis", ASYNC_MODULES)
    synchronous = helper_classes("redis.client:Redis", SYNC_MODULES)
    roles = {name: name for name in sorted(set(asynchronous) & set(synchronous))}
    awaitable = {f"redis.{role}": sends_commands(asynchronous[role]) for role in roles}
    blocking = {
        f"sync.{role}": sends_commands(synchronous[role]) & awaitable[f"redis.{role}"]
        for role in roles
    }
    return roles, awaitable, blocking


def redis_tables() -> tuple[str, dict[str, dict[str, set[str]]]]:
    redis = importlib.import_module("redis")
    tables = async_tables(REDIS_ASYNC)
    twins = {role: tables["AWAITABLE"][role] | tables["ITERATORS"][role] for role in REDIS_ASYNC}
    twins["redis.pipeline"] = tables["COROUTINES"]["redis.pipeline"]
    tables["BLOCKING"] = blocking_table(twins)
    without_staged(tables)
    del tables["COROUTINES"]
    return str(redis.__version__), tables


def coredis_tables() -> tuple[str, dict[str, dict[str, set[str]]]] | None:
    try:
        coredis = importlib.import_module("coredis")
    except ImportError:
        return None
    tables = async_tables(COREDIS)
    without_staged(tables)
    del tables["COROUTINES"]
    return str(coredis.__version__), tables


def _set_literal(names: Iterable[str], indent: str) -> str:
    body = textwrap.fill(" ".join(sorted(names)), width=96 - len(indent), break_on_hyphens=False)
    lines = textwrap.indent(body, indent + "    ")
    return f'_names(\n{indent}    """\n{lines}\n{indent}    """\n{indent})'


def _table(name: str, roles: Mapping[str, set[str]]) -> str:
    rows = [f"{name}: dict[str, frozenset[str]] = {{"]
    for role in sorted(roles):
        if roles[role]:
            rows.append(f'    "{role}": {_set_literal(roles[role], "    ")},')
        else:
            rows.append(f'    "{role}": _names(""),')
    return "\n".join([*rows, "}"])


HEADER = '''"""Which members of the Redis clients return awaitables: generated, do not edit.

Written by `python scripts/gen_redis_commands.py` from the installed redis {redis} and
coredis {coredis}; tests/rules/test_redis_data.py fails when they drift apart. Keys are
`family.role`. AWAITABLE: the call returns an awaitable (a coroutine function, or a return
annotation naming `Awaitable`, `ResponseT` or `CommandRequest`); on a pipeline only its
`async def` members: its commands are buffered. ITERATORS: async generators, used with
`async for`. BLOCKING: sync members whose asyncio twin is awaited or iterated.
"""

from __future__ import annotations

REDIS_VERSION = "{redis}"
COREDIS_VERSION = "{coredis}"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())
'''


def render(
    redis_part: tuple[str, dict[str, dict[str, set[str]]]],
    coredis_part: tuple[str, dict[str, dict[str, set[str]]]],
) -> str:
    redis_version, redis_sets = redis_part
    coredis_version, coredis_sets = coredis_part
    parts = [HEADER.format(redis=redis_version, coredis=coredis_version)]
    for name in ("AWAITABLE", "ITERATORS"):
        parts.append(_table(name, {**redis_sets[name], **coredis_sets[name]}))
    parts.append(_table("BLOCKING", redis_sets["BLOCKING"]))
    return "\n\n".join(parts) + "\n"


HELPERS_HEADER = '''"""Module helpers (`client.json()`, `.ft()`, ...): generated, do not edit.

Written by `python scripts/gen_redis_commands.py` from the installed redis {redis};
tests/rules/test_redis_data.py fails when they drift apart. HELPERS: client method -> role of
the helper it returns. AWAITABLE: members of the asyncio client's helper that send a command
(they return awaitables), by `redis.<role>`; BLOCKING: those of the sync client's helper, by
`sync.<role>`.
"""

from __future__ import annotations

from pytest_codehealth.rules.redis._data import _names'''


def render_helpers(version: str) -> str:
    roles, awaitable, blocking = helper_tables()
    rows = "".join(f'    "{name}": "{role}",\n' for name, role in roles.items())
    parts = [HELPERS_HEADER.format(redis=version), f"HELPERS = {{\n{rows}}}"]
    parts += [_table("AWAITABLE", awaitable), _table("BLOCKING", blocking)]
    return "\n\n".join(parts) + "\n"


def current_coredis() -> tuple[str, dict[str, dict[str, set[str]]]]:
    """The coredis section of the existing data file (when coredis is not installed)."""
    sys.path.insert(0, str(TARGET.parents[2]))
    data = importlib.import_module("pytest_codehealth.rules.redis._data")

    tables = {
        name: {k: set(v) for k, v in getattr(data, name).items() if k.startswith("coredis.")}
        for name in ("AWAITABLE", "ITERATORS")
    }
    return data.COREDIS_VERSION, tables


def generate() -> dict[Path, str]:
    """Each generated file and its text."""
    version, tables = redis_tables()
    return {
        TARGET: render((version, tables), coredis_tables() or current_coredis()),
        HELPERS_TARGET: render_helpers(version),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a file is stale")
    args = parser.parse_args(argv)
    stale = 0
    for target, text in generate().items():
        if not args.check:
            target.write_text(text, encoding="utf-8")
            print(f"wrote {target}")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            print(f"{target} is stale: run python scripts/gen_redis_commands.py")
            stale = 1
    return stale


if __name__ == "__main__":
    raise SystemExit(main())
