"""Every rule's options schema: a frozen `OptionSchema` per rule, and the parsers of its values.

The config validates `[tool.codehealth.<rule>]` tables against these without importing rule
code; each rule module imports its own class as `Options`. Field types drive the checks (see
`options.convert_table`); `option(parse=...)`, `option(low=...)` and `option(choices=...)`
handle the rest.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Literal

from pytest_codehealth.config.schema import OptionSchema, option
from pytest_codehealth.config.wording import toml

# radon's ranks: the highest score each letter allows (F: anything above 40)
RANK_BOUNDS = {"A": 5, "B": 10, "C": 20, "D": 30, "E": 40}
ID_NAMES = (
    "id",
    "*_id",
    "uid",
    "*_uid",
    "guid",
    "*_guid",
    "uuid",
    "*_uuid",
    "identifier",
    "*_identifier",
    "ref",
    "*_ref",
)
_PATTERN = re.compile(r"[a-z0-9_*?]+")


def parse_max_complexity(raw: object) -> int:
    """An option value: a whole number >= 1, or a rank letter A-E meaning its upper bound."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError(f"expected a whole number or a rank letter A-E, got {toml(raw)}")
    return int(_limit(raw))


def parse_max_average(raw: object) -> float:
    """An option value: a number >= 1, or a rank letter A-E meaning its upper bound."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"expected a number or a rank letter A-E, got {toml(raw)}")
    return float(_limit(raw))


def parse_min_maintainability(raw: object) -> float:
    """An option value: a maintainability index from 0 to 100."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 100:
        raise ValueError(f"expected a number from 0 to 100, got {toml(raw)}")
    return float(raw)


def _limit(raw: int | float | str) -> float:
    if isinstance(raw, str):
        letter = raw.strip().upper()
        if letter == "F":
            raise ValueError("rank F has no upper bound; give a number such as 50, or A-E")
        if letter not in RANK_BOUNDS:
            raise ValueError(f"expected a number or a rank letter A-E, got {toml(raw)}")
        return RANK_BOUNDS[letter]
    if not raw >= 1:  # also rejects NaN
        raise ValueError(f"expected a number >= 1 or a rank letter A-E, got {toml(raw)}")
    return raw


def parse_patterns(raw: Any) -> tuple[str, ...]:
    """Option values: a list of name patterns such as `"*_id"` (`*` any run, `?` one char)."""
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(f'expected a list of name patterns such as "*_id", got {toml(raw)}')
    patterns = tuple(item.strip().lower() for item in raw)
    for pattern in patterns:
        if not _PATTERN.fullmatch(pattern):
            raise ValueError(
                f"bad name pattern {toml(pattern)}: use letters, digits, `_`, `*` and `?` only"
            )
    return patterns


class UnreadableFile(OptionSchema):
    """CH000 has no options."""


class MaxLines(OptionSchema):
    max: int = option(default=400, low=1)
    count: Literal["physical", "code"] = option(default="physical", choices=("physical", "code"))


class SilentExcept(OptionSchema):
    allow: frozenset[str] = frozenset()
    check_typed_exceptions: bool = True


class TimestampId(OptionSchema):
    id_names: tuple[str, ...] = option(default=ID_NAMES, parse=parse_patterns)
    id_functions: tuple[str, ...] = option(default=ID_NAMES, parse=parse_patterns)
    numeric_ids: bool = True


class Uuid1(OptionSchema):
    """CH004 has no options."""


class RedisClients(OptionSchema):
    """The `[tool.codehealth.redis]` table, shared by CH005-CH008 (a base of their options)."""

    TABLE: ClassVar[str] = "redis"
    client_types: frozenset[str] = frozenset()
    client_names: frozenset[str] = frozenset()


class UnawaitedRedis(RedisClients):
    pass


class BlockingRedis(RedisClients):
    pass


class AwaitSyncRedis(RedisClients):
    pass


class AwaitedPipelineCommand(RedisClients):
    pass


class Complexity(OptionSchema):
    max_complexity: int = option(default=10, parse=parse_max_complexity)
    no_assert: bool = False
    closures: bool = True
    classes: bool = False


class ModuleComplexity(OptionSchema):
    max_average: float = option(default=5.0, parse=parse_max_average)
    no_assert: bool = False


class Maintainability(OptionSchema):
    min_maintainability: float = option(default=20.0, parse=parse_min_maintainability)


class ImportCycle(OptionSchema):
    include_type_checking: bool = False
    include_deferred: bool = True


class FanOut(OptionSchema):
    max_imports: int = option(default=10, low=0)
    third_party: bool = False
    include_type_checking: bool = False
    count_own_submodules: bool = False


class DuplicateCode(OptionSchema):
    min_lines: int = option(default=6, low=2)
    ignore_comments: bool = True
    ignore_docstrings: bool = True
    ignore_imports: bool = True
    ignore_signatures: bool = True
    ignore_stubs: bool = True
    ignore_dunder_all: bool = True
