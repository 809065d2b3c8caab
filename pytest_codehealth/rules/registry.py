"""Every rule, registered explicitly and in code order."""

from __future__ import annotations

from pytest_codehealth.rules.base import Rule, rule_from_module
from pytest_codehealth.rules.complexity import complexity, maintainability, module_complexity
from pytest_codehealth.rules.except_ import silent_except
from pytest_codehealth.rules.ids import timestamp_id, uuid1
from pytest_codehealth.rules.load import unreadable_file
from pytest_codehealth.rules.project import duplicate_code, fan_out, import_cycle
from pytest_codehealth.rules.redis import (
    await_sync_redis,
    awaited_pipeline_command,
    blocking_redis,
    unawaited_redis,
)
from pytest_codehealth.rules.size import max_lines

RULES: tuple[Rule, ...] = tuple(
    rule_from_module(module)
    for module in (
        unreadable_file,
        max_lines,
        silent_except,
        timestamp_id,
        uuid1,
        unawaited_redis,
        blocking_redis,
        await_sync_redis,
        awaited_pipeline_command,
        complexity,
        module_complexity,
        maintainability,
        import_cycle,
        fan_out,
        duplicate_code,
    )
)

BY_CODE = {rule.code: rule for rule in RULES}

__all__ = ["BY_CODE", "RULES"]
