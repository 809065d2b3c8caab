"""A cache helper with a swallowed exception (CH002)."""

import contextlib
import logging

logger = logging.getLogger(__name__)


def forget(store: dict[str, str], key: str) -> None:
    try:
        del store[key]
    except KeyError:
        pass


def forget_all(store: dict[str, str], keys: list[str]) -> None:
    with contextlib.suppress(Exception):
        for key in keys:
            del store[key]


def load_fast_json() -> object:
    try:
        import ujson as json  # optional speed-up: allowed in pyproject.toml
    except ImportError:
        pass
    else:
        return json
    return None


def safe_delete(store: dict[str, str], key: str) -> None:
    try:
        del store[key]
    except KeyError:
        logger.info("key %s was already gone", key)
