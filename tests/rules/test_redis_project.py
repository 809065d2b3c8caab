"""CH005-CH008 across the project's modules: clients defined once and imported everywhere.

Small projects on disk, checked through `engine.run` (what the CLI and pre-commit run).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.engine.run import run
from tests.rules._project import write

CODES = ["CH005", "CH006", "CH007", "CH008"]
PKG = {"app/__init__.py": "", "app/db/__init__.py": "", "app/api/__init__.py": ""}
ASYNC_DB = {
    **PKG,
    "app/db/redis.py": """
        import redis.asyncio as redis

        redis_client = redis.from_url("redis://cache")
        """,
}
SYNC_DB = {
    **PKG,
    "app/db/redis.py": """
        import redis

        redis = redis.Redis(host="redis")
        """,
}


def findings(root: Path, *paths: str, cache: bool = False) -> list[str]:
    """`codehealth check --select CH005,CH006,CH007,CH008 [paths]` as `path:line CODE`."""
    settings = load_settings(root / "pyproject.toml", cli_overrides(CODES, [], [], [], []), root)
    report = run(list(paths) or ["."], settings, root, cache=cache)
    return [f"{finding.path}:{finding.line} {finding.code}" for finding in report.findings]


FLAGGED = [
    pytest.param(
        {
            **ASYNC_DB,
            "app/api/users.py": """
                from app.db.redis import redis_client

                async def forget(key):
                    redis_client.delete(key)
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="module-level-client",
    ),
    pytest.param(
        {
            **ASYNC_DB,
            "app/api/users.py": """
                from app.db import redis as cache

                async def seen(key):
                    if cache.redis_client.exists(key):
                        return True
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="module-imported-under-an-alias",
    ),
    pytest.param(
        {
            **ASYNC_DB,
            "app/api/users.py": """
                import app.db.redis

                async def forget(key):
                    app.db.redis.redis_client.delete(key)
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="dotted-module-path",
    ),
    pytest.param(
        {
            **ASYNC_DB,
            "app/api/users.py": """
                from ..db.redis import redis_client

                async def count(key):
                    return int(redis_client.get(key))
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="relative-import",
    ),
    pytest.param(
        {
            **ASYNC_DB,
            "app/db/__init__.py": "from .redis import redis_client\n",
            "app/api/users.py": """
                from app.db import redis_client

                async def forget(key):
                    redis_client.delete(key)
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="re-exported-by-the-package",
    ),
    pytest.param(
        {
            **PKG,
            "app/deps.py": """
                from functools import lru_cache
                from redis.asyncio import Redis

                @lru_cache
                def get_redis() -> Redis:
                    return Redis.from_url(settings.redis_url)
                """,
            "app/api/users.py": """
                from app.deps import get_redis

                async def forget(key):
                    get_redis().delete(key)
                    r = get_redis()
                    cursor, keys = r.scan(0)
                """,
        },
        ["app/api/users.py:5 CH005", "app/api/users.py:7 CH005"],
        id="cached-factory",
    ),
    pytest.param(
        {
            **PKG,
            "app/deps.py": """
                import redis.asyncio

                def make_redis():
                    return redis.asyncio.Redis(host="cache")
                """,
            "app/state.py": """
                from app.deps import make_redis

                client = make_redis()
                """,
            "app/api/users.py": """
                from app.state import client

                async def forget(key):
                    client.delete(key)
                """,
        },
        ["app/api/users.py:5 CH005"],
        id="client-built-in-a-third-module",
    ),
    pytest.param(
        {
            **PKG,
            "app/resources.py": """
                import redis.asyncio

                class Resources:
                    def __init__(self, url):
                        self.redis = redis.asyncio.from_url(url)

                resources = Resources("redis://")
                """,
            "app/api/users.py": """
                from app.resources import Resources, resources

                class Service:
                    def __init__(self, res: Resources):
                        self.res = res

                    async def forget(self, key):
                        self.res.redis.delete(key)

                async def forget(key):
                    resources.redis.delete(key)
                """,
        },
        ["app/api/users.py:9 CH005", "app/api/users.py:12 CH005"],
        id="client-attribute-of-an-instance",
    ),
    pytest.param(
        {
            **PKG,
            "app/storage.py": """
                import redis.asyncio as redis

                class SecureRedis(redis.Redis):
                    async def get(self, key, user):
                        return await super().get(f"{user}:{key}")
                """,
            "app/files.py": """
                from app.storage import SecureRedis

                def get_client() -> SecureRedis:
                    return SecureRedis(host="cache")

                _client = None

                def shared():
                    global _client
                    if _client is None:
                        _client = get_client()
                    return _client

                async def put(user, key, data):
                    client = shared()
                    client.set(key, data, user)
                """,
        },
        ["app/files.py:17 CH005"],
        id="subclass-of-the-client-in-another-module",
    ),
    pytest.param(
        {
            **SYNC_DB,
            "app/api/login.py": """
                from app.db.redis import redis

                async def refresh(token):
                    if redis.get(token) is not None:
                        raise PermissionError(token)
                    redis.set(token, "refreshed", ex=60)
                """,
            "app/auth.py": """
                from app.db.redis import redis

                async def current_user(token):
                    if await redis.get(token) is not None:
                        raise PermissionError(token)
                """,
        },
        ["app/api/login.py:5 CH006", "app/api/login.py:7 CH006", "app/auth.py:5 CH007"],
        id="sync-client-on-a-rebound-module-name",
    ),
]

CLEAN = [
    pytest.param(
        {
            **ASYNC_DB,
            "app/api/users.py": """
                import asyncio
                from app.db.redis import redis_client

                async def forget(key):
                    await redis_client.delete(key)
                    await asyncio.gather(redis_client.delete(key), redis_client.get(key))
                """,
        },
        id="awaited-and-gathered",
    ),
    pytest.param(
        {
            **PKG,
            "app/cache.py": """
                class LocalCache:
                    def get(self, key):
                        return None

                redis_client = LocalCache()
                """,
            "app/api/users.py": """
                from app.cache import redis_client

                async def seen(key):
                    if redis_client.get(key):
                        return True
                """,
        },
        id="same-name-but-not-a-client",
    ),
    pytest.param(
        {
            **SYNC_DB,
            "app/api/users.py": """
                import asyncio
                from app.db.redis import redis

                async def seen(key):
                    return await asyncio.to_thread(redis.get, key)

                def seen_sync(key):
                    return redis.get(key)
                """,
        },
        id="sync-client-in-a-thread-or-plain-def",
    ),
    pytest.param(
        {
            **PKG,
            "app/api/users.py": """
                from redis_om import get_redis_connection
                from app.missing import redis_client

                async def forget(key):
                    get_redis_connection().delete(key)
                    redis_client.delete(key)
                """,
        },
        id="third-party-and-missing-modules",
    ),
    pytest.param(
        {
            **PKG,
            "app/db/redis.py": "import redis.asyncio as redis\nredis_client = redis.from_url(\n",
            "app/api/users.py": """
                from app.db.redis import redis_client

                async def forget(key):
                    redis_client.delete(key)
                """,
        },
        id="imported-module-does-not-parse",
    ),
]


@pytest.mark.parametrize(("files", "expected"), FLAGGED)
def test_flags_clients_from_other_modules(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    write(tmp_path, files)
    assert [found for found in findings(tmp_path) if ":1 CH000" not in found] == expected


@pytest.mark.parametrize("files", CLEAN)
def test_clean_across_modules(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    assert [found for found in findings(tmp_path) if "CH000" not in found] == []


@pytest.mark.parametrize(("files", "expected"), FLAGGED)
def test_one_file_gets_the_verdict_of_the_whole_run(
    tmp_path: Path, files: dict[str, str], expected: list[str]
) -> None:
    write(tmp_path, files)
    for path in sorted({found.split(":", 1)[0] for found in expected}):
        mine = [found for found in expected if found.startswith(f"{path}:")]
        assert findings(tmp_path, path) == mine


def test_a_cached_verdict_follows_the_imported_module(tmp_path: Path) -> None:
    files = FLAGGED[0].values[0]
    assert isinstance(files, dict)
    write(tmp_path, files)
    assert findings(tmp_path, "app/api/users.py", cache=True) == ["app/api/users.py:5 CH005"]
    (tmp_path / "app/db/redis.py").write_text("import redis\nredis_client = redis.Redis()\n")
    assert findings(tmp_path, "app/api/users.py", cache=True) == ["app/api/users.py:5 CH006"]
    (tmp_path / "app/db/redis.py").write_text("import redis.asyncio\nredis_client = None\n")
    assert findings(tmp_path, "app/api/users.py", cache=True) == []


def test_the_pytest_plugin_reads_the_imported_module(pytester: pytest.Pytester) -> None:
    files = FLAGGED[0].values[0]
    assert isinstance(files, dict)
    write(pytester.path, files, 'paths = ["app"]\nselect = ["CH005"]\n')
    result = pytester.runpytest("--codehealth", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["*app/api/users.py:5:5: CH005 `redis_client.delete()`*"])


def test_the_plugin_cache_re_checks_a_file_when_a_module_it_read_changed(
    pytester: pytest.Pytester,
) -> None:
    db = "import redis.asyncio as redis\n\nclient = redis.from_url('redis://')\n"
    use = "from app.db import client\n\n\nasync def load(key):\n    return await client.get(key)\n"
    write(
        pytester.path,
        {"app/__init__.py": "", "app/db.py": db, "app/use.py": use},
        'paths = ["app"]\nselect = ["CH005", "CH007"]\n',
    )
    pytester.runpytest("--codehealth").assert_outcomes(passed=3)
    pytester.runpytest("--codehealth").assert_outcomes(passed=3)  # all from the cache
    (pytester.path / "app/db.py").write_text(db.replace("redis.asyncio as redis", "redis"))
    result = pytester.runpytest("--codehealth")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*app/use.py:5:18: CH007 *"])
