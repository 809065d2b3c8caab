"""Every rule's options schema: a frozen dataclass per rule, and the parsers of its values.

The config validates `[tool.codehealth.<rule>]` tables against these without importing rule
code; each rule module imports its own class as `Options`. Field types drive the checks (see
`options.convert_table`); `metadata["parse"]` and `metadata["min"]` handle the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

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


@dataclass(frozen=True)
class UnreadableFile:
    """CH000 has no options."""


@dataclass(frozen=True)
class MaxLines:
    max: int = field(default=400, metadata={"min": 1})
    count: Literal["physical", "code"] = "physical"


@dataclass(frozen=True)
class SilentExcept:
    allow: frozenset[str] = frozenset()
    check_typed_exceptions: bool = True


@dataclass(frozen=True)
class TimestampId:
    id_names: tuple[str, ...] = field(default=ID_NAMES, metadata={"parse": parse_patterns})
    id_functions: tuple[str, ...] = field(default=ID_NAMES, metadata={"parse": parse_patterns})
    numeric_ids: bool = True


@dataclass(frozen=True)
class Uuid1:
    """CH004 has no options."""


@dataclass(frozen=True)
class RedisClients:
    """The `[tool.codehealth.redis]` table, shared by CH005-CH008 (a base of their options)."""

    TABLE: ClassVar[str] = "redis"
    client_types: frozenset[str] = frozenset()
    client_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UnawaitedRedis(RedisClients):
    pass


@dataclass(frozen=True)
class BlockingRedis(RedisClients):
    pass


@dataclass(frozen=True)
class AwaitSyncRedis(RedisClients):
    pass


@dataclass(frozen=True)
class AwaitedPipelineCommand(RedisClients):
    pass


@dataclass(frozen=True)
class Complexity:
    max_complexity: int = field(default=10, metadata={"parse": parse_max_complexity})
    no_assert: bool = False
    closures: bool = True
    classes: bool = False


@dataclass(frozen=True)
class ModuleComplexity:
    max_average: float = field(default=5.0, metadata={"parse": parse_max_average})
    no_assert: bool = False


@dataclass(frozen=True)
class Maintainability:
    min_maintainability: float = field(default=20.0, metadata={"parse": parse_min_maintainability})


@dataclass(frozen=True)
class ImportCycle:
    include_type_checking: bool = False
    include_deferred: bool = True


@dataclass(frozen=True)
class FanOut:
    max_imports: int = field(default=10, metadata={"min": 0})
    third_party: bool = False
    include_type_checking: bool = False
    count_own_submodules: bool = False


@dataclass(frozen=True)
class DuplicateCode:
    min_lines: int = field(default=6, metadata={"min": 2})
    ignore_comments: bool = True
    ignore_docstrings: bool = True
    ignore_imports: bool = True
    ignore_signatures: bool = True
    ignore_stubs: bool = True
    ignore_dunder_all: bool = True
