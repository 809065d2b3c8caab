"""## What it does
Checks that a module's maintainability index, as `radon mi` computes it, is not below a
minimum (20 by default). Off by default: turn it on with `extend-select = ["CH012"]`.

The index (0-100) combines the module's Halstead volume, its total cyclomatic complexity,
its logical lines of code and its share of comment lines (multi-line strings count as
comments, as in `radon mi`). radon ranks it A (over 19), B (10-19) and C (9 or less).

## Why is this bad?
A low index marks a module that is long, dense and complex at once, with little
explanation: the most expensive kind to change.

## Known problems
The index is noisy: it falls with module size alone, comments raise it whatever they say,
and small edits can move it across a threshold. That is why it is off by default; use it
as a trend across a refactoring more than as a hard gate. Lines are counted exactly as
radon's line counter counts them (its quirks included), from one scan of the text; a
file whose lines cannot be counted gets one finding saying so.

## Example
A 2,000-line `legacy/reports.py` of long branching functions and no comments is reported
as `CH012 module has maintainability index 4.31, rank C (minimum 20)`.

Use instead: split the module (see CH001), simplify its functions (see CH010), and explain
what is not obvious.

## Options
- `min-maintainability` (number from 0 to 100, default 20): the lowest index a module may
  have; 20 asks for rank A, 10 for rank B.

```toml
[tool.codehealth]
extend-select = ["CH012"]

[tool.codehealth.maintainability]
min-maintainability = 10
```

## References
- radon `mi` and the index's formula: https://radon.readthedocs.io/en/latest/intro.html
"""

from __future__ import annotations

from collections.abc import Iterator

from pytest_codehealth.config.rule_options import Maintainability as Options
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _radon

CODE, NAME = "CH012", "maintainability"


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    try:
        complexity = _radon.total_complexity(src)  # counted once with CH010 and CH011
        volume = _radon.halstead_volume(src)
        index = _radon.maintainability(src.tree, src.text, complexity=complexity, volume=volume)
    except _radon.RadonError as exc:
        yield src.finding_at(1, 1, CODE, NAME, f"radon could not score this file: {exc}")
        return
    if index < options.min_maintainability:
        message = (
            f"module has maintainability index {index:.2f}, rank {_radon.mi_rank(index)} "
            f"(minimum {_radon.limit_label(options.min_maintainability)})"
        )
        yield src.finding_at(1, 1, CODE, NAME, message)
