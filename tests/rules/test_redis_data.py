"""The generated command tables match the installed redis-py (and coredis, when installed)."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

import pytest_codehealth
from pytest_codehealth.rules.redis import _data as data
from pytest_codehealth.rules.redis import _helpers as helpers

ROOT = Path(__file__).resolve().parents[2]
STALE = "stale: run `python scripts/gen_redis_commands.py` and commit rules/redis/_data.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_redis_commands.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check(tables: dict[str, dict[str, set[str]]]) -> None:
    for table, roles in tables.items():
        for role, names in roles.items():
            assert getattr(data, table)[role] == names, f"{table}[{role!r}] {STALE}"


def test_redis_tables_match_installed_redis() -> None:
    _version, tables = _generator().redis_tables()
    _check(tables)


def test_helper_tables_match_installed_redis() -> None:
    roles, awaitable, blocking = _generator().helper_tables()
    assert roles == helpers.HELPERS, f"HELPERS {STALE}"
    assert awaitable == helpers.AWAITABLE, f"helper AWAITABLE {STALE}"
    assert blocking == helpers.BLOCKING, f"helper BLOCKING {STALE}"


def test_coredis_tables_match_installed_coredis() -> None:
    generated = _generator().coredis_tables()
    assert generated is not None
    _check(generated[1])


@pytest.mark.parametrize(
    "member",
    ["pipeline", "pubsub", "lock", "register_script", "monitor", "client", "scan_iter"],
)
def test_members_that_are_not_awaited(member: str) -> None:
    assert member not in data.AWAITABLE["redis.client"]
    assert member not in data.AWAITABLE["coredis.client"]


def test_commands_are_awaited_and_buffered_on_a_pipeline() -> None:
    for command in ("get", "set", "delete", "scan", "exists", "hset", "expire"):
        assert command in data.AWAITABLE["redis.client"]
        assert command in data.AWAITABLE["coredis.client"]
        assert command not in data.AWAITABLE["redis.pipeline"]
        assert command in data.BLOCKING["sync.client"]
    assert {"execute", "watch", "reset"} <= data.AWAITABLE["redis.pipeline"]
    assert {"scan_iter", "hscan_iter", "sscan_iter", "zscan_iter"} <= data.ITERATORS["redis.client"]
    assert "listen" in data.ITERATORS["redis.pubsub"]
    assert {"acquire", "release", "locked"} <= data.AWAITABLE["redis.lock"]
    assert data.AWAITABLE["redis.script"] == {"__call__"}
    assert "set" not in data.BLOCKING["sync.pipeline"]
    assert "execute" in data.BLOCKING["sync.pipeline"]


def test_the_package_never_imports_redis() -> None:
    package = Path(pytest_codehealth.__file__).parent
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in getattr(node, "names", [])]
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if isinstance(node, ast.Import | ast.ImportFrom):
                roots = {name.split(".", 1)[0] for name in names}
                assert not roots & {"redis", "coredis", "aioredis"}, path


HELPER_COMMANDS = [
    ("json", "set"),
    ("json", "get"),
    ("json", "arrappend"),
    ("ft", "search"),
    ("ft", "create_index"),
    ("ft", "info"),
    ("ts", "add"),
    ("bf", "add"),
    ("cf", "add"),
    ("cms", "incrby"),
    ("topk", "add"),
    ("tdigest", "add"),
]


@pytest.mark.parametrize(("helper", "command"), HELPER_COMMANDS)
def test_module_helpers_issue_commands(helper: str, command: str) -> None:
    role = helpers.HELPERS[helper]
    assert command in helpers.AWAITABLE[f"redis.{role}"]
    assert command in helpers.BLOCKING[f"sync.{role}"]


@pytest.mark.parametrize(
    ("helper", "member"),
    [
        ("ft", "batch_indexer"),
        ("ft", "get_params_args"),
        ("json", "pipeline"),
        ("bf", "append_items"),
    ],
)
def test_module_helper_members_that_send_nothing(helper: str, member: str) -> None:
    role = helpers.HELPERS[helper]
    assert member not in helpers.AWAITABLE[f"redis.{role}"]
    assert member not in helpers.BLOCKING[f"sync.{role}"]
