"""Which module text is worth a walk for Redis objects: a cheap filter that must not miss."""

from __future__ import annotations

import pytest

from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.rules.redis import _sites
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


@pytest.mark.parametrize(
    ("text", "searched"),
    [("import os\nos.getcwd()\n", 0), ("x = 'REDIS'\n", 0), ("# rediscover\n", 1)],
)
def test_the_pattern_runs_only_on_a_text_that_says_edis(
    text: str, searched: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most modules of a project never say it: a substring test spares them the pattern's
    scan of every character."""
    asked: list[str] = []
    pattern = _sites._HINT

    class Counted:
        def search(self, string: str) -> object:
            asked.append(string)
            return pattern.search(string)

    monkeypatch.setattr(_sites, "_HINT", Counted())
    assert hinted(text, RedisClients()) is False
    assert len(asked) == searched
