"""Which module text is worth a walk for Redis objects: a cheap filter that must not miss."""

from __future__ import annotations

import pytest

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.rules.redis._sites import hinted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("redis_client = make()", True),
        ("import aioredis", True),
        ("from coredis import Redis", True),
        ("cluster = RedisCluster()", True),
        ("value = get_redis().get(k)", True),
        ("import redis.asyncio", True),
        ("# rediscover the entry once it is removed", False),  # homeassistant config_entries
        ("weights = redistribute(total)", False),
    ],
)
def test_which_text_hints_at_redis(text: str, expected: bool) -> None:
    assert hinted(text, RedisClients()) is expected
