"""## What it does
Checks that the average cyclomatic complexity of the blocks of a module stays within a
limit (rank A, 5, by default). The blocks are those `radon cc` lists: functions, methods
and classes, not nested functions. This is xenon's `--max-modules`.

## Why is this bad?
A module whose functions are complex on average is hard to work in even when no single
function crosses the per-function limit of `complexity` (CH010): it is the module to
split next. The average also moves when a refactoring breaks a 15-branch method into
small ones, which is what a refactoring plan wants to see.

## Known problems
A module of a few blocks swings with any one of them. The whole-run average across all
files (xenon's `--max-average`) is not checked: each file is checked on its own. A file
too deeply nested for radon's recursive visitor gets one finding saying it could not be
scored.

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

from collections.abc import Iterator
from dataclasses import dataclass, field

from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.core.words import plural
from pytest_codehealth.rules.complexity import _radon

CODE, NAME = "CH011", "module-complexity"


@dataclass(frozen=True)
class Options:
    max_average: float = field(default=5.0, metadata={"parse": _radon.parse_max_average})
    no_assert: bool = False


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    try:
        blocks = _radon.blocks(src.tree, no_assert=options.no_assert)
    except _radon.RadonError as exc:
        yield src.finding_at(1, 1, CODE, NAME, f"radon could not score this file: {exc}")
        return
    scores = [block.complexity for block in blocks if not block.nested]
    total = sum(scores)
    if scores and total / len(scores) > options.max_average:
        average = total / len(scores)
        blocks_counted = plural(len(scores), "block")
        message = (
            f"module has average complexity {average:.2f} ({total} over {blocks_counted}), "
            f"rank {_radon.rank(average)} (limit {_radon.limit_label(options.max_average)})"
        )
        measure = Measure(average, options.max_average, "average complexity")
        yield src.finding_at(1, 1, CODE, NAME, message, measure=measure)
