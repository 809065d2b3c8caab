"""`[tool.codehealth.redis]`: one table of client types and names shared by CH005-CH008."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import ConfigError, load_settings
from pytest_codehealth.config.rule_options import RedisClients

REDIS_CODES = ("CH005", "CH006", "CH007", "CH008")


def _options(tmp_path: Path, toml: str, path: str = "pkg/mod.py") -> dict[str, Any]:
    config = tmp_path / "pyproject.toml"
    config.write_text(toml, encoding="utf-8")
    settings = load_settings(config, {}, tmp_path)
    return {rule.code: opts for rule, opts in settings.for_parts(tuple(path.split("/"))).rules}


def test_shared_table_reaches_every_redis_rule(tmp_path: Path) -> None:
    toml = '[tool.codehealth.redis]\nclient-types = ["app.AsyncRedis"]\nclient-names = ["self.r"]\n'
    options = _options(tmp_path, toml)
    for code in REDIS_CODES:
        assert isinstance(options[code], RedisClients)
        assert options[code].client_types == frozenset({"app.AsyncRedis"})
        assert options[code].client_names == frozenset({"self.r"})
    assert not hasattr(options["CH001"], "client_types")


def test_rule_table_overrides_shared_table(tmp_path: Path) -> None:
    toml = (
        '[tool.codehealth.redis]\nclient-names = ["a"]\n'
        '[tool.codehealth.blocking-redis]\nclient-names = ["b"]\n'
    )
    options = _options(tmp_path, toml)
    assert options["CH005"].client_names == frozenset({"a"})
    assert options["CH006"].client_names == frozenset({"b"})


def test_per_path_shared_table(tmp_path: Path) -> None:
    toml = '[tool.codehealth.per-path."api/**".redis]\nclient-names = ["request.app.state.redis"]\n'
    assert _options(tmp_path, toml, "api/routes.py")["CH005"].client_names == frozenset(
        {"request.app.state.redis"}
    )
    assert _options(tmp_path, toml, "worker/jobs.py")["CH005"].client_names == frozenset()


@pytest.mark.parametrize(
    ("toml", "key", "reason"),
    [
        pytest.param(
            "[tool.codehealth.redis]\nclient-names = 3\n",
            "tool.codehealth.redis.client-names",
            "expected a list of strings, got 3",
            id="wrong-type",
        ),
        pytest.param(
            "[tool.codehealth.redis]\nclients = []\n",
            "tool.codehealth.redis.clients",
            "unknown option (known: client-types, client-names)",
            id="unknown-key",
        ),
        pytest.param(
            '[tool.codehealth]\nredis = "x"\n',
            "tool.codehealth.redis",
            'expected a table, got "x"',
            id="not-a-table",
        ),
        pytest.param(
            '[tool.codehealth.per-path."x/**".redis]\nclient-types = [1]\n',
            'tool.codehealth.per-path."x/**".redis.client-types',
            "expected a list of strings, got [1]",
            id="per-path-wrong-type",
        ),
    ],
)
def test_errors_name_the_key(tmp_path: Path, toml: str, key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        _options(tmp_path, toml)
    assert (info.value.key, info.value.reason) == (key, reason)


def test_unknown_top_level_key_lists_the_shared_table(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="redis"):
        _options(tmp_path, "[tool.codehealth.rediss]\n")
