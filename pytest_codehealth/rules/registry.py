"""Every rule, found from the catalogue and imported only when asked for.

A run imports the modules of the rules it selected (`rule`); `codehealth rules`, SARIF and
the meta tests take them all, in code order (`all_rules`). `RULES` and `BY_CODE` are kept as
lazy module attributes for callers that want every rule.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import Any

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.rules.base import Rule, rule_from_module


@cache
def rule(code: str) -> Rule:
    """The runnable record of one rule: its module is imported on the first call."""
    info = next(info for info in CATALOGUE if info.code == code)
    return rule_from_module(import_module(info.module))


def all_rules() -> tuple[Rule, ...]:
    """Every rule in code order (imports every rule module)."""
    return tuple(rule(info.code) for info in CATALOGUE)


def __getattr__(name: str) -> Any:
    """`RULES` and `BY_CODE`, built on first use."""
    if name == "RULES":
        return all_rules()
    if name == "BY_CODE":
        return {each.code: each for each in all_rules()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["all_rules", "rule"]
