"""The static table of rules: code, name, on by default, options schema, and where each lives.

What the config, the selection and `codehealth rules` need to know without importing rule
code. `rules.registry` builds the runnable records from the modules named here; a test keeps
the two in step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol, TypeVar

from pytest_codehealth.config import rule_options as o


class RuleInfo(NamedTuple):
    code: str
    name: str
    default: bool  # on unless selected otherwise
    options_type: type[Any]
    family: str  # the folder under `rules/`
    whole_project: bool = False  # has `check_project`: runs after the per-file pass

    @property
    def module(self) -> str:
        return f"pytest_codehealth.rules.{self.family}.{self.name.replace('-', '_')}"


# whole-project rules are off by default: a run on one staged file would read every file;
# CH011 repeats most of CH010's findings and CH012 is a composite score: both are opt-in
CATALOGUE: tuple[RuleInfo, ...] = (
    RuleInfo("CH000", "unreadable-file", True, o.UnreadableFile, "load"),
    RuleInfo("CH001", "max-lines", True, o.MaxLines, "size"),
    RuleInfo("CH002", "silent-except", True, o.SilentExcept, "except_"),
    RuleInfo("CH003", "timestamp-id", True, o.TimestampId, "ids"),
    RuleInfo("CH004", "uuid1", True, o.Uuid1, "ids"),
    RuleInfo("CH005", "unawaited-redis", True, o.UnawaitedRedis, "redis"),
    RuleInfo("CH006", "blocking-redis", True, o.BlockingRedis, "redis"),
    RuleInfo("CH007", "await-sync-redis", True, o.AwaitSyncRedis, "redis"),
    RuleInfo("CH008", "awaited-pipeline-command", True, o.AwaitedPipelineCommand, "redis"),
    RuleInfo("CH010", "complexity", True, o.Complexity, "complexity"),
    RuleInfo("CH011", "module-complexity", False, o.ModuleComplexity, "complexity"),
    RuleInfo("CH012", "maintainability", False, o.Maintainability, "complexity"),
    RuleInfo("CH020", "import-cycle", False, o.ImportCycle, "project", whole_project=True),
    RuleInfo("CH021", "fan-out", False, o.FanOut, "project", whole_project=True),
    RuleInfo("CH030", "duplicate-code", False, o.DuplicateCode, "project", whole_project=True),
)
BY_CODE = {info.code: info for info in CATALOGUE}


class _Named(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


_R = TypeVar("_R", bound=_Named)


class UnknownRuleError(LookupError):
    """A code, name or prefix that matches no rule."""


def lookup(rules: Sequence[_R], key: str) -> tuple[_R, ...]:
    """Rules a selector names: a code (`CH002`), a name (`silent-except`), a prefix or `ALL`."""
    wanted = key.strip()
    if wanted.upper() == "ALL":
        return tuple(rules)
    by_name = tuple(rule for rule in rules if rule.name == wanted.lower())
    if by_name:
        return by_name
    by_code = tuple(rule for rule in rules if rule.code.startswith(wanted.upper()))
    if by_code and wanted.upper().startswith("CH"):
        return by_code
    raise UnknownRuleError(wanted)


class MissingExtraError(Exception):
    """A selected rule needs an optional dependency that is not installed: a usage error
    (exit 2) naming the extra to install, never a finding on one of the user's files."""
