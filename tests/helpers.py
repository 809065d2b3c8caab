"""Shared test helpers: run one rule on a snippet, get sorted `line:col CODE` strings."""

from __future__ import annotations

import ast
import textwrap
from typing import Any

from pytest_codehealth.config.options import convert_table
from pytest_codehealth.core.source import SourceFile, decode
from pytest_codehealth.rules.base import Rule
from pytest_codehealth.rules.registry import RULES


def rule_named(name: str) -> Rule:
    (rule,) = (rule for rule in RULES if name in (rule.code, rule.name))
    return rule


def source(text: str, path: str = "t.py") -> SourceFile:
    return SourceFile(path, text, ast.parse(text))


def run_rule(name: str, text: str, options: dict[str, Any] | None = None) -> list[Any]:
    """Findings of one rule on `text` (dedented), with options given as the TOML table."""
    rule = rule_named(name)
    assert rule.check is not None
    text = decode(textwrap.dedent(text).encode())
    opts = rule.options_type(**convert_table(rule.options_type, options or {}))
    return sorted(rule.check(source(text), opts))


def found(name: str, text: str, options: dict[str, Any] | None = None) -> list[str]:
    return [f"{f.line}:{f.col} {f.code}" for f in run_rule(name, text, options)]
