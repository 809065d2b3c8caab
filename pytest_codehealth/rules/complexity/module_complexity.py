"""## What it does
Checks that the average cyclomatic complexity of the blocks of a module stays within a
limit (rank A, 5, by default). The blocks are those `radon cc` lists: functions, methods
and classes, not nested functions. This is xenon's `--max-modules`. Off by default: turn
it on with `extend-select = ["CH011"]`.

## Why is this bad?
A module whose functions are complex on average is hard to work in even when no single
function crosses the per-function limit of `complexity` (CH010): it is the module to
split next. The average also moves when a refactoring breaks a 15-branch method into
small ones, which is what a refactoring plan wants to see.

## Known problems
It mostly repeats `complexity` (CH010): on pydantic 2.10.4, redisvl 0.3.8 and aiogram
3.17.0, 23 of its 25 findings were in files that already had a CH010 finding, and 6 were
modules of three blocks or fewer. A module of a few blocks swings with any one of them: a
module whose only function scores 6 fails this gate (limit 5) while passing CH010 (limit
10). The whole-run average across all files (xenon's `--max-average`) is not checked: each
file is checked on its own.

## Example
A `billing/invoice.py` whose 4 blocks score 12, 9, 3 and 1 is reported as
`CH011 module has average complexity 6.25 (25 over 4 blocks), rank B (limit 5)`.

Use instead: split the complex functions into smaller ones (see CH010), or the module
into a package whose parts each hold fewer, simpler functions.

## Options
- `max-average` (number or rank letter, default `"A"`, i.e. 5): the highest average a
  module may have. A letter means the top of that rank: A = 5, B = 10, C = 20, D = 30,
  E = 40.
- `no-assert` (bool, default false): do not count `assert` statements.

```toml
[tool.codehealth.module-complexity]
max-average = "B"
```

## References
- xenon `--max-modules`; radon `cc --average`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pytest_codehealth.config.rule_options import ModuleComplexity as Options
from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.core.words import plural
from pytest_codehealth.rules.complexity import _radon

CODE, NAME = "CH011", "module-complexity"


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    blocks = _radon.blocks(src, no_assert=options.no_assert)
    scores = _top_level_scores(blocks)
    total = sum(scores)
    average = total / max(len(scores), 1)
    if average > options.max_average:
        blocks_counted = plural(len(scores), "block")
        message = (
            f"module has average complexity {average:.2f} ({total} over {blocks_counted}), "
            f"rank {_radon.rank(average)} (limit {_radon.limit_label(options.max_average)})"
        )
        measure = Measure(average, options.max_average, "average complexity")
        yield src.finding_at(1, 1, CODE, NAME, message, measure=measure)


def _top_level_scores(blocks: Sequence[_radon.Block]) -> list[int]:
    """Scores of functions, methods and classes (closures are part of their function)."""
    return [block.complexity for block in blocks if not block.nested]
