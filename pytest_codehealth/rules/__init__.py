"""Every rule, registered explicitly and in code order."""

from __future__ import annotations

from pytest_codehealth.registry import Rule, rule_from_module
from pytest_codehealth.rules import max_lines, silent_except, unreadable_file

RULES: tuple[Rule, ...] = tuple(
    rule_from_module(module) for module in (unreadable_file, max_lines, silent_except)
)

__all__ = ["RULES"]
