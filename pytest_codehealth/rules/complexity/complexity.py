"""## What it does
Checks that no function or method has a cyclomatic complexity, as radon scores it, over a
limit (rank B, 10, by default). It checks every function and method `radon cc` scores and,
with `closures = true` (the default), the functions nested in functions that
`radon cc --show-closures` adds; with `classes = true`, also the class blocks radon scores
(as `radon cc` and xenon do).

radon counts one for the block plus one for each `if`, `elif`, conditional expression,
`for`/`while` (and its `else`), `except` handler, `try`'s `else`, `assert`, comprehension
`for` and its `if`s, `match` `case` (except a final `case _`), and each extra operand of
`and`/`or`. A lambda is not a block: what it holds counts for the block around it. A
nested function counts for itself, not for the function around it. A class scores
roughly the average of its methods, plus one if it has more than one.

## Why is this bad?
A function with many branches is hard to read, to test (each path wants a test) and to
change safely: it is where bugs collect. Refactoring plans set limits such as "radon
complexity < 8" and break 15-branch methods into small ones; this gate keeps them there.
With `classes = true` it flags everything xenon's `--max-absolute` flags, on the engine's one
parse per file.

## Known problems
Complexity counts paths, not how hard they are to follow: a flat `match` of twelve cases
scores like twelve nested `if`s. Raise the limit for such a path with `per-path`, or
suppress one block with `# noqa: CH010` on its `def` (or, with `classes`, `class`) line.

## Example
```python
def ship(order, warehouse):
    if not order.paid or order.cancelled:
        return None
    for line in order.lines:
        stock = warehouse.get(line.sku)
        if stock is None or stock < line.quantity:
            raise OutOfStock(line.sku)
    if order.express and order.country in EXPRESS:
        carrier = "express"
    elif order.weight > 30:
        carrier = "freight"
    else:
        carrier = "standard"
    return warehouse.dispatch(order, carrier)
```
scores 9 (one, plus 3 `if`s, 1 `elif`, 1 `for` and 3 `and`/`or`); with
`max-complexity = 7` it is reported as
`CH010 function `ship` has cyclomatic complexity 9, rank B (limit 7)`.

Use instead: functions that each take one decision (`_check_payable(order)`,
`_reserve(order, warehouse)`, `_carrier(order)`), early returns, and tables (a dict of
handlers) instead of long `if`/`elif` chains.

## Options
- `max-complexity` (int or rank letter, default `"B"`, i.e. 10): the highest score a block
  may have. A letter means the top of that rank: A = 5, B = 10, C = 20, D = 30, E = 40
  (F has no top). For "complexity < 8" write `max-complexity = 7`.
- `no-assert` (bool, default false): do not count `assert` statements (radon's
  `--no-assert`).
- `closures` (bool, default true): also check nested functions (and, with `classes`, classes
  nested in classes).
- `classes` (bool, default false): also check class blocks. radon scores a class roughly as
  the average of its methods plus one, so a class over the limit nearly always repeats a
  method's finding (5 of 7 on pydantic 2.10.4, redisvl 0.3.8 and aiogram 3.17.0), and a
  `# noqa` on the method
  does not silence the class line; turn it on to match `radon cc` and xenon line for line.

```toml
[tool.codehealth.complexity]
max-complexity = 7

[tool.codehealth.per-path."tests/**"]
complexity = { max-complexity = "C" }
```

## References
- radon `cc` and its ranks: https://radon.readthedocs.io/en/latest/api.html
- xenon `--max-absolute`; ruff `C901` and pylint `R1260` (mccabe's count, close to radon's).
"""

from __future__ import annotations

from collections.abc import Iterator

from pytest_codehealth.config.rule_options import Complexity as Options
from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _radon

CODE, NAME = "CH010", "complexity"


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    blocks = _radon.blocks(src, no_assert=options.no_assert)
    for block in blocks:
        if _reported(block, options):
            message = (
                f"{block.kind} `{block.name}` has cyclomatic complexity {block.complexity}, "
                f"rank {block.rank} (limit {options.max_complexity})"
            )
            measure = Measure(block.complexity, options.max_complexity, "complexity")
            yield src.finding_at(block.line, block.col + 1, CODE, NAME, message, measure=measure)


def _reported(block: _radon.Block, options: Options) -> bool:
    if block.kind == "class" and not options.classes:
        return False
    return block.complexity > options.max_complexity and (options.closures or not block.nested)


def scores(src: SourceFile, options: Options) -> list[int]:
    """Every function's score, nested ones too, for `codehealth report`."""
    blocks = _radon.blocks(src, no_assert=options.no_assert)
    return [block.complexity for block in blocks if block.kind != "class"]
