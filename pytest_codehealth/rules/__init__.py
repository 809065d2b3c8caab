"""Every rule, registered explicitly and in code order."""

from __future__ import annotations

from pytest_codehealth.registry import Rule, rule_from_module
from pytest_codehealth.rules import (
    await_sync_redis,
    awaited_pipeline_command,
    blocking_redis,
    complexity,
    duplicate_code,
    fan_out,
    import_cycle,
    maintainability,
    max_lines,
    module_complexity,
    silent_except,
    timestamp_id,
    unawaited_redis,
    unreadable_file,
    uuid1,
)

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

__all__ = ["RULES"]
