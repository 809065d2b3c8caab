"""What the Redis rules know about client types: kinds, constructors, factories, annotations.

A `Kind` says what a value is: its `family` (`redis` for redis.asyncio and aioredis 2.x,
`coredis`, `sync` for redis-py's blocking client, `local` for an instance of a class of the
checked module, `remote` for one of a class of another module of the project, `module` for a
module of the project) and its `role` (`client`, `pipeline`, `pubsub`, `lock`, `script`,
`sentinel`, a module helper such as `json`; for `local`, the class name; for `remote` and
`module`, a key of `_remote.Remote`). `weak`: known from an annotation only; `cls`: the class
itself (`Pipeline`), whose instances are the kind. Only names are compared: nothing here
imports redis.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from typing import NamedTuple

from pytest_codehealth.rules.redis import _data, _helpers
from pytest_codehealth.rules.redis._helpers import HELPERS


class Kind(NamedTuple):
    family: str
    role: str
    weak: bool = False  # from an annotation alone (a sync one may be wrong: see `_sites`)
    cls: bool = False  # the class, not an instance

    @property
    def key(self) -> str:
        """The `family.role` key of the data tables."""
        return f"{self.family}.{self.role}"

    @property
    def is_async(self) -> bool:
        return self.family in ("redis", "coredis")

    @property
    def is_redis(self) -> bool:
        """A Redis object (not a class of the project, a module or a class)."""
        return self.family in REDIS_FAMILIES and not self.cls

    def instance(self) -> Kind:
        return self._replace(cls=False)

    def made(self, role: str) -> Kind:
        """What a method of this object makes (`client.pipeline()`), as sure as this is."""
        return Kind(self.family, role, self.weak)

    def same(self, other: Kind) -> bool:
        """The same thing, whatever the evidence for each."""
        return (self.family, self.role, self.cls) == (other.family, other.role, other.cls)


REDIS_FAMILIES = frozenset({"redis", "coredis", "sync"})
LIBRARIES = frozenset({"redis", "aioredis", "coredis"})  # imports from them are never a client
ASYNC_CLIENT = Kind("redis", "client")
ASYNC_PIPELINE = Kind("redis", "pipeline")


def _table() -> dict[str, Kind]:
    """Qualified type name -> the kind of its instances."""
    table: dict[str, Kind] = {}

    def add(family: str, role: str, modules: Iterable[str], *names: str) -> None:
        for module in modules:
            for name in names:
                table[f"{module}.{name}"] = Kind(family, role)

    asyncio = ("redis.asyncio", "redis.asyncio.client", "aioredis", "aioredis.client")
    add("redis", "client", asyncio, "Redis", "StrictRedis")
    add("redis", "client", ("redis.asyncio", "redis.asyncio.cluster"), "RedisCluster")
    add("redis", "pipeline", asyncio, "Pipeline")
    add("redis", "pipeline", ("redis.asyncio.cluster",), "ClusterPipeline")
    add("redis", "pubsub", asyncio, "PubSub")
    add("redis", "lock", ("redis.asyncio.lock", "aioredis.lock"), "Lock")
    add("redis", "script", ("redis.commands.core",), "AsyncScript")
    add("redis", "sentinel", ("redis.asyncio.sentinel", "aioredis.sentinel"), "Sentinel")
    add("redis", "sentinel", ("redis.asyncio", "aioredis"), "Sentinel")
    coredis = ("coredis", "coredis.client")
    add("coredis", "client", coredis, "Redis", "RedisCluster", "StrictRedis")
    add("coredis", "pipeline", ("coredis.pipeline", "coredis.patterns.pipeline"), "Pipeline")
    add("coredis", "sentinel", ("coredis", "coredis.sentinel"), "Sentinel")
    add("sync", "client", ("redis", "redis.client"), "Redis", "StrictRedis")
    add("sync", "client", ("redis", "redis.cluster"), "RedisCluster")
    add("sync", "pipeline", ("redis.client",), "Pipeline")
    add("sync", "pipeline", ("redis.cluster",), "ClusterPipeline")
    add("sync", "pubsub", ("redis.client",), "PubSub")
    add("sync", "lock", ("redis.lock",), "Lock")
    add("sync", "script", ("redis.commands.core",), "Script")
    add("sync", "sentinel", ("redis", "redis.sentinel"), "Sentinel")
    return table


TYPES = _table()

# module-level factory functions -> kind of what they return
FACTORY_FUNCTIONS = {
    "redis.asyncio.from_url": ASYNC_CLIENT,
    "redis.asyncio.client.from_url": ASYNC_CLIENT,
    "redis.asyncio.utils.from_url": ASYNC_CLIENT,
    "aioredis.from_url": ASYNC_CLIENT,
    "aioredis.client.from_url": ASYNC_CLIENT,
    "aioredis.utils.from_url": ASYNC_CLIENT,
    "redis.from_url": Kind("sync", "client"),
    "redis.utils.from_url": Kind("sync", "client"),
}
CLASS_FACTORIES = ("from_url", "from_pool")  # `Redis.from_url(...)` builds a client

# methods that return another Redis object: (role of the receiver, method) -> role of result
FACTORY_METHODS = {
    **{("client", method): role for method, role in HELPERS.items()},  # `client.json()`
    ("client", "pipeline"): "pipeline",
    ("client", "pubsub"): "pubsub",
    ("client", "lock"): "lock",
    ("client", "register_script"): "script",
    ("client", "client"): "client",
    ("sentinel", "master_for"): "client",
    ("sentinel", "slave_for"): "client",
    ("sentinel", "primary_for"): "client",
    ("sentinel", "replica_for"): "client",
}

_WRAPPERS = frozenset({"Optional", "Union", "Annotated", "Final", "ClassVar"})


def type_kind(qualified: str | None, written: str | None, user: frozenset[str]) -> Kind | None:
    """The kind of instances of a type (or of what a factory returns), by its name."""
    if qualified is not None:
        if qualified in user:
            return ASYNC_CLIENT
        if qualified in TYPES:
            return TYPES[qualified]
        if qualified in FACTORY_FUNCTIONS:
            return FACTORY_FUNCTIONS[qualified]
        head, _, last = qualified.rpartition(".")
        if last in CLASS_FACTORIES and TYPES.get(head, Kind("", "")).role == "client":
            return TYPES[head]
    if written is not None and written in user:
        return ASYNC_CLIENT
    return None


def annotation_kind(
    node: ast.expr | None, resolve: Callable[[ast.expr], Kind | None]
) -> Kind | None:
    """The kind an annotation names: `Redis`, `Redis | None`, `Optional["Redis"]`, `Redis[str]`."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return annotation_kind(parse_annotation(node.value), resolve)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _same(annotation_kind(part, resolve) for part in _non_none(node.left, node.right))
    if isinstance(node, ast.Subscript):
        return _subscript_kind(node, resolve)
    return resolve(node)


def _subscript_kind(node: ast.Subscript, resolve: Callable[[ast.expr], Kind | None]) -> Kind | None:
    head = node.value
    name = head.attr if isinstance(head, ast.Attribute) else getattr(head, "id", "")
    if name not in _WRAPPERS:
        return resolve(head)  # a generic client such as `Redis[str]`
    args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    if name == "Annotated":
        args = args[:1]
    return _same(annotation_kind(arg, resolve) for arg in _non_none(*args))


def parse_annotation(text: str) -> ast.expr | None:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        return None


def _non_none(*nodes: ast.expr) -> list[ast.expr]:
    return [
        node
        for node in nodes
        if not (isinstance(node, ast.Constant) and node.value is None)
        and not (isinstance(node, ast.Name) and node.id == "None")
    ]


def _same(kinds: Iterable[Kind | None]) -> Kind | None:
    """The one kind every member has; None if any is unknown or they differ."""
    found = set(kinds)
    if len(found) == 1:
        return found.pop()
    return None


# the generated tables, with the module helpers' rows (`redis.json`, `sync.ft`, ...)
AWAITABLE = {**_data.AWAITABLE, **_helpers.AWAITABLE}
BLOCKING = {**_data.BLOCKING, **_helpers.BLOCKING}
ITERATORS = _data.ITERATORS
_STAGED = AWAITABLE["redis.client"] - AWAITABLE["redis.pipeline"]


def made_by(owner: Kind, method: str, awaited: bool) -> Kind | None:
    """What a method of a Redis object makes: `client.pipeline()`, `pipe.set(a).set(b)`."""
    role = None if awaited else FACTORY_METHODS.get((owner.role, method))
    if role is not None:
        return owner.made(role)
    chained = not awaited and owner.same(ASYNC_PIPELINE) and method in _STAGED
    return owner if chained else None


def is_library(ref: tuple[int, str]) -> bool:
    """An absolute import from redis, aioredis or coredis (never a client itself)."""
    return not ref[0] and ref[1].split(".", 1)[0] in LIBRARIES
