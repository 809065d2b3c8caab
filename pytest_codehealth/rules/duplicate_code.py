"""## What it does
Checks that no block of `min-lines` (6 by default) or more similar lines appears in two
files of the project, using pylint's similarity engine (`pylint.checkers.symilar`, the
engine of pylint's `duplicate-code`). Each pair of copies is reported once, on both places.

## Why is this bad?
A copied block is a bug fixed twice, or once: the copies drift apart, and a change to the
behaviour they share has to find them all. Refactoring plans that split modules into
packages often leave copies behind and track "pylint duplication under 7 lines".

## Known problems
Lines are compared after stripping indentation, so renamed variables make a block
different and re-indented code does not. Before comparing, imports, function signatures
(decorators and `def` lines), docstrings and other bare strings, comments, stub functions
(a body of only `...`, `pass` or `raise NotImplementedError`, with their decorators, as in
protocols, abstract classes and `@overload`s) and `__all__` lists are left out: they are
alike by nature and are pylint's best-known noise; each has an option. Copies inside one
file are not reported. The rule needs pylint: install `pytest-codehealth[duplicates]`
(pylint is imported only when the rule runs). It reads every file, so it is off by default
and has its own hook; with a list of files it reports the copies in those files.
`min-lines` is read from the top-level table only; the `ignore-*` options also work in
per-path tables. Suppress one place with `# noqa: CH030` on the block's first line.

## Example
The same 12-line retry loop in `shop/payments.py` (line 40) and `shop/refunds.py` (line
18) is reported as
``CH030 12 similar lines also in `shop/refunds.py` lines 18-31 (min 6)`` on
`shop/payments.py:40`, and the other way round on `shop/refunds.py:18`.

Use instead: one function both modules call.

## Options
- `min-lines` (int, default 6, at least 2): the shortest block reported, in compared lines.
- `ignore-comments`, `ignore-docstrings`, `ignore-imports`, `ignore-signatures` (bool,
  default true): leave these out before comparing, as pylint's options of the same names.
- `ignore-stubs` (bool, default true): leave out stub functions.
- `ignore-dunder-all` (bool, default true): leave out `__all__` assignments.

```toml
[tool.codehealth.duplicate-code]
min-lines = 8
```

## References
- pylint `duplicate-code` (R0801) and `symilar`; its options `min-similarity-lines`,
  `ignore-comments`, `ignore-docstrings`, `ignore-imports`, `ignore-signatures`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from pytest_codehealth.findings import Finding
from pytest_codehealth.registry import ProjectFile
from pytest_codehealth.source import LOAD_ERROR_CODE, LOAD_ERROR_NAME, SourceFile

CODE, NAME = "CH030", "duplicate-code"
DEFAULT = False  # needs the whole project: a run on one staged file would read every file
MISSING = "duplicate-code (CH030) needs pylint: `pip install 'pytest-codehealth[duplicates]'`"


@dataclass(frozen=True)
class Options:
    min_lines: int = field(default=6, metadata={"min": 2})
    ignore_comments: bool = True
    ignore_docstrings: bool = True
    ignore_imports: bool = True
    ignore_signatures: bool = True
    ignore_stubs: bool = True
    ignore_dunder_all: bool = True


def collect(src: SourceFile, options: Options) -> dict[str, Any]:
    """The lines pylint compares: stripped, without the parts the options leave out."""
    left_out = _left_out(src, options)
    kept = []
    for number, text in enumerate(src.lines, start=1):
        if number in left_out:
            continue
        line = text.strip()
        if options.ignore_comments and "#" in line:
            line = line.split("#", 1)[0].strip()  # pylint's own rule for comments
        if line:
            kept.append([number, line])
    return {"lines": kept}


def check_project(files: Sequence[ProjectFile], options: Options) -> Iterator[Finding]:
    try:
        from pytest_codehealth import _symilar  # noqa: PLC0415 (pylint only when selected)
    except ImportError:
        if files:
            yield Finding(files[0].display, 1, 1, LOAD_ERROR_CODE, LOAD_ERROR_NAME, MISSING)
        return
    kept = [[(number, text) for number, text in file.facts["lines"]] for file in files]
    for duplicate in _symilar.duplicates(kept, options.min_lines):
        pair = (duplicate.one, duplicate.other)
        for here, there in (pair, pair[::-1]):
            where = f"`{files[there.file].display}` lines {there.first}-{there.last}"
            message = f"{duplicate.lines} similar lines also in {where} (min {options.min_lines})"
            path = files[here.file].display
            yield Finding(path, here.first, 1, CODE, NAME, message, end_line=here.last)


def _left_out(src: SourceFile, options: Options) -> set[int]:
    """The line numbers the options leave out, found with the syntax tree."""
    spans: list[tuple[int, int]] = []
    if options.ignore_imports:
        spans.extend(_spans(src.nodes(ast.Import, ast.ImportFrom)))
    if options.ignore_docstrings:
        spans.extend(_spans(node for node in src.nodes(ast.Expr) if _is_string(node.value)))
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef] = [
        *src.nodes(ast.FunctionDef),
        *src.nodes(ast.AsyncFunctionDef),
    ]
    if options.ignore_signatures:
        spans.extend((_top(node), node.body[0].lineno - 1) for node in functions)
    if options.ignore_stubs:
        spans.extend(
            (_top(node), node.end_lineno or node.lineno) for node in functions if _stub(node)
        )
    if options.ignore_dunder_all:
        spans.extend(_spans(_dunder_all(src)))
    return {line for start, end in spans for line in range(start, end + 1)}


def _spans(nodes: Iterable[ast.stmt]) -> Iterator[tuple[int, int]]:
    for node in nodes:
        yield node.lineno, node.end_lineno or node.lineno


def _top(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _stub(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of only a docstring and `...`, `pass` or `raise NotImplementedError`."""
    body = (
        node.body[1:]
        if isinstance(node.body[0], ast.Expr) and _is_string(node.body[0].value)
        else node.body
    )
    if len(body) > 1:
        return False
    if not body or isinstance(body[0], ast.Pass):
        return True
    statement = body[0]
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant) and statement.value.value is Ellipsis
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _dunder_all(src: SourceFile) -> Iterator[ast.stmt]:
    """`__all__ = [...]`, `__all__ += [...]`, `__all__: list[str] = ...`, `__all__.extend(...)`."""
    for node in src.nodes(ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Expr):
        if any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in _targets(node)
        ):
            yield node


def _targets(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign | ast.AugAssign):
        return [node.target]
    call = node.value if isinstance(node, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
        return [call.func.value]  # `__all__.extend([...])`
    return []
