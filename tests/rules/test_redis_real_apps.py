"""CH005-CH008 on real applications that had the bug: their shape, rewritten, across modules.

Each project is a short excerpt written here after a real code base (named with the commit
or issue in a comment); the label comes from the fix or the issue that diagnosed it. Checked
through `engine.run`, like the CLI. Single-module cases are in test_redis_real_snippets.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.rules._project import write
from tests.rules.test_redis_project import findings

# istSOS/istSOS4: `app/db/redis_db.py` rebinds the module name to a sync client and every
# endpoint imports it. PR #169 names the bug: "the synchronous redis.Redis client was blocking
# the asyncio event loop on every token check".
ISTSOS_SYNC = {
    "app/__init__.py": "REDIS = True\n",
    "app/db/__init__.py": "",
    "app/db/redis_db.py": """
        import redis

        redis = redis.Redis(host="redis")
        """,
    "app/visitors.py": """
        import json
        from app.db.redis_db import redis

        class Visitor:
            def visit_query(self, node):
                redis.set(self.path, json.dumps(node))
        """,
}
# the same project on PR #169's branch (be76f4f): the client became asyncio, only
# login.py was updated, and the other importers were left calling it without `await`
ISTSOS_ASYNC = {
    **ISTSOS_SYNC,
    "app/db/redis_db.py": """
        import redis.asyncio as aioredis

        redis = aioredis.Redis(host="redis")

        async def remove_cache(path):
            cursor = 0
            while True:
                cursor, keys = await redis.scan(cursor=cursor, match=f"*{path}*")
                if keys:
                    await redis.delete(*keys)
                if cursor == 0:
                    break
        """,
}

REAL = [
    pytest.param(
        {
            **ISTSOS_SYNC,
            # istSOS/istSOS4@4924510 api/app/v1/endpoints/create/login.py
            "app/login.py": """
                from app import REDIS
                from app.db.redis_db import redis

                async def refresh_token(token, ttl):
                    if REDIS and redis.get(token) is not None:
                        raise PermissionError(token)
                    if REDIS:
                        redis.set(token, "refreshed", ex=ttl)
                """,
        },
        ["app/login.py:6 CH006", "app/login.py:9 CH006"],
        id="istsos-sync-client-blocks",
    ),
    pytest.param(
        {
            **ISTSOS_SYNC,
            # istSOS/istSOS4@4924510 api/app/v1/endpoints/read/read.py (the cache update of
            # every read endpoint, also named in PR #169)
            "app/read.py": """
                import json
                from app import REDIS
                from app.db.redis_db import redis

                async def catch_all_get(full_path):
                    if REDIS:
                        cached = redis.get(full_path)
                        if cached:
                            return json.loads(cached)
                    return None
                """,
        },
        ["app/read.py:8 CH006"],
        id="istsos-read-endpoint-blocks",
    ),
    pytest.param(
        {
            **ISTSOS_SYNC,
            # istSOS/istSOS4@1febcb1 api/app/oauth.py: an `await` added on the sync client
            "app/oauth.py": """
                from app.db.redis_db import redis

                async def get_current_user(token):
                    if await redis.get(token) is not None:
                        raise PermissionError(token)
                """,
        },
        ["app/oauth.py:5 CH007"],
        id="istsos-await-on-the-sync-client",
    ),
    pytest.param(
        {
            **ISTSOS_ASYNC,
            # istSOS/istSOS4@be76f4f api/app/oauth.py, read/read.py, login.py
            "app/oauth.py": """
                from app import REDIS
                from app.db.redis_db import redis

                async def get_current_user(token):
                    if REDIS and redis.get(token) is not None:
                        raise PermissionError(token)
                """,
            "app/read.py": """
                import json
                from app import REDIS
                from app.db.redis_db import redis

                async def catch_all_get(full_path):
                    data = None
                    if REDIS:
                        result = redis.get(full_path)
                        if result:
                            data = json.loads(result)
                    return data
                """,
            "app/login.py": """
                from app.db.redis_db import redis

                async def logout(token, ttl):
                    await redis.set(token, "logged_out", ex=ttl)
                """,
        },
        [
            "app/oauth.py:6 CH005",
            "app/read.py:9 CH005",
            "app/visitors.py:7 CH005",
        ],
        id="istsos-half-migrated-to-asyncio",
    ),
    pytest.param(
        {
            # sambanova/agents@c432d32 backend/src/agents/storage/redis_service.py and
            # utils/file_storage.py; fixed by PR #126 "fix redis async issues" (awaits added)
            "agents/__init__.py": "",
            "agents/storage/__init__.py": "",
            "agents/storage/redis_service.py": """
                import redis.asyncio as redis

                class SecureRedisService(redis.Redis):
                    async def set(self, key, value, user_id):
                        return await super().set(f"{user_id}:{key}", value)

                    async def get(self, key, user_id):
                        return await super().get(f"{user_id}:{key}")
                """,
            "agents/utils/__init__.py": "",
            "agents/utils/file_storage.py": """
                import json
                from agents.storage.redis_service import SecureRedisService

                def get_redis_client() -> SecureRedisService:
                    return SecureRedisService(host="localhost", decode_responses=False)

                _redis_client = None

                def get_file_redis_client():
                    global _redis_client
                    if _redis_client is None:
                        _redis_client = get_redis_client()
                    return _redis_client

                async def put_file(user_id, file_id, data):
                    client = get_file_redis_client()
                    client.set(f"file_data:{user_id}:{file_id}", data, user_id)
                    client.sadd(f"user_files:{user_id}", file_id)

                async def get_file_metadata(user_id, file_id):
                    client = get_file_redis_client()
                    raw = client.get(f"file_metadata:{user_id}:{file_id}", user_id)
                    if not raw:
                        return None
                    return json.loads(raw)
                """,
        },
        [
            "agents/utils/file_storage.py:18 CH005",
            "agents/utils/file_storage.py:19 CH005",
            "agents/utils/file_storage.py:23 CH005",
        ],
        id="sambanova-imported-client-subclass-and-factory",
    ),
    pytest.param(
        {
            # safe-global/safe-decoder-service@af6bf91^: a cached sync factory, imported by
            # the admin router (relative import) and the workers; af6bf91 "Migrate Redis
            # client from sync to redis.asyncio to prevent event-loop blocking"
            "app/__init__.py": "",
            "app/config.py": "REDIS_URL = 'redis://'\n",
            "app/datasources/__init__.py": "",
            "app/datasources/cache/__init__.py": "",
            "app/datasources/cache/redis.py": """
                from functools import cache, wraps
                from redis import Redis
                from ...config import REDIS_URL

                @cache
                def get_redis() -> Redis:
                    return Redis.from_url(REDIS_URL)

                def cache_response(key_builder, expire=60):
                    def decorator(func):
                        @wraps(func)
                        async def wrapper(*args, **kwargs):
                            key = key_builder(**kwargs)
                            redis = get_redis()
                            if cached := redis.get(key):
                                return cached
                            response = await func(*args, **kwargs)
                            redis.set(key, response, ex=expire)
                            return response
                        return wrapper
                    return decorator
                """,
            "app/routers/__init__.py": "",
            "app/routers/admin.py": """
                from ..datasources.cache.redis import get_redis

                class AdminAuth:
                    async def login(self, secret, ttl):
                        get_redis().set(f"admin:token:{secret}", 1, ex=ttl)
                        return True

                    async def authenticate(self, secret):
                        return bool(get_redis().exists(f"admin:token:{secret}"))
                """,
            "app/workers/__init__.py": "",
            "app/workers/tasks.py": """
                from app.datasources.cache.redis import get_redis

                async def create_contracts(chain_id, work):
                    redis = get_redis()
                    if not redis.set(f"lock:{chain_id}", "1", nx=True, ex=300):
                        return
                    try:
                        await work(chain_id)
                    finally:
                        redis.delete(f"lock:{chain_id}")
                """,
        },
        [
            "app/datasources/cache/redis.py:16 CH006",
            "app/datasources/cache/redis.py:19 CH006",
            "app/routers/admin.py:6 CH006",
            "app/routers/admin.py:10 CH006",
            "app/workers/tasks.py:6 CH006",
            "app/workers/tasks.py:11 CH006",
        ],
        id="safe-decoder-cached-sync-factory",
    ),
]

REAL.append(
    pytest.param(
        {
            # safe-global/safe-decoder-service@af6bf91^ app/services/contract_metadata_service.py
            "app/__init__.py": "",
            "app/cache.py": """
                from functools import cache
                from redis import Redis

                @cache
                def get_redis() -> Redis:
                    return Redis.from_url("redis://")
                """,
            "app/services/__init__.py": "",
            "app/services/metadata.py": """
                from typing import cast
                from app.cache import get_redis

                class ContractMetadataService:
                    async def should_attempt_download(self, address, chain_id, retries):
                        redis = get_redis()
                        key = f"should_attempt_download:{address}:{chain_id}:{retries}"
                        cached: bytes = cast(bytes, redis.get(key))
                        if cached is not None:
                            return bool(int(cached.decode()))
                        redis.set(key, 0, ex=600)
                        return True
                """,
        },
        ["app/services/metadata.py:9 CH006", "app/services/metadata.py:12 CH006"],
        id="safe-decoder-metadata-service",
    )
)

REAL_CLEAN = [
    pytest.param(
        {
            **ISTSOS_ASYNC,
            "app/visitors.py": "",
            # istSOS/istSOS4@be76f4f api/app/v1/endpoints/create/login.py, as PR #169 fixed it
            "app/login.py": """
                from app import REDIS
                from app.db.redis_db import redis

                async def refresh_token(token, ttl):
                    if REDIS and await redis.get(token) is not None:
                        raise PermissionError(token)
                    if REDIS:
                        await redis.set(token, "refreshed", ex=ttl)
                """,
        },
        id="istsos-asyncio-awaited",
    ),
    pytest.param(
        {
            # istSOS/istSOS4@4924510: the sync client in a plain method is what it is meant for
            **ISTSOS_SYNC,
        },
        id="istsos-sync-client-in-a-plain-method",
    ),
    pytest.param(
        {
            # safe-global/safe-decoder-service@af6bf91: the factory returns an asyncio client
            # and every call is awaited
            "app/__init__.py": "",
            "app/cache.py": """
                from redis.asyncio import Redis

                _clients = {}

                def get_redis() -> Redis:
                    return _clients.setdefault("main", Redis.from_url("redis://"))
                """,
            "app/admin.py": """
                from app.cache import get_redis

                async def authenticate(secret):
                    return bool(await get_redis().exists(f"admin:token:{secret}"))
                """,
        },
        id="safe-decoder-asyncio-factory-awaited",
    ),
    pytest.param(
        {
            # sambanova/agents@97f4d45 (PR #126): the same files with every call awaited
            "agents/__init__.py": "",
            "agents/service.py": """
                import redis.asyncio as redis

                class SecureRedisService(redis.Redis):
                    pass
                """,
            "agents/files.py": """
                from agents.service import SecureRedisService

                def get_redis_client() -> SecureRedisService:
                    return SecureRedisService(host="localhost")

                async def put_file(user_id, file_id, data):
                    client = get_redis_client()
                    await client.set(f"file_data:{user_id}:{file_id}", data)
                    await client.sadd(f"user_files:{user_id}", file_id)
                """,
        },
        id="sambanova-awaited",
    ),
]


@pytest.mark.parametrize(("files", "expected"), REAL)
def test_real_bugs_are_found(tmp_path: Path, files: dict[str, str], expected: list[str]) -> None:
    write(tmp_path, files)
    assert findings(tmp_path) == expected


@pytest.mark.parametrize("files", REAL_CLEAN)
def test_real_fixes_are_clean(tmp_path: Path, files: dict[str, str]) -> None:
    write(tmp_path, files)
    assert findings(tmp_path) == []
