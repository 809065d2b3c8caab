"""Fuzzing: every rule on generated programs; nothing escapes, every finding is in the file.

Marked `fuzz`: a bounded number of examples here (well under a minute);
`benchmarks/fuzz_rules.py` runs the same property on 10,000 and more.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings

from tests.fuzzing import PROGRAMS, problems

pytestmark = pytest.mark.fuzz


@pytest.mark.filterwarnings("ignore::SyntaxWarning", "ignore::DeprecationWarning")  # generators
@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(PROGRAMS)
@example("")
@example("\ufeff#\x0c\n\tx = 1\r\n")
def test_every_rule_on_generated_programs(text: str) -> None:
    assert problems(text) == []
