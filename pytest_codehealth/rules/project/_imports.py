"""The import statements of one file, as compact facts for the whole-project rules.

`import-cycle` (CH020) and `fan-out` (CH021) collect these in the per-file pass (from the
engine's one tree, cached with the file's findings); `_modules.py` resolves them to the
project's modules once every file has been seen.
"""

from __future__ import annotations

import ast
import bisect
from functools import partial
from typing import Any, NamedTuple

from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.core.suppress import ALL, Suppressions

TYPE_ONLY = 1  # under `if TYPE_CHECKING:`: never runs
DEFERRED = 2  # inside a function: runs when the function is called, not at import time
BARE_NOQA = 4  # a noqa comment without codes on its line: it would hide a finding there
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


class ImportFact(NamedTuple):
    """One imported module: `import a.b` is (0, "a.b", ()); `from ..a import b` (2, "a", ("b",))."""

    line: int
    col: int  # 1-based
    level: int  # leading dots of a relative import
    module: str  # dotted, "" for `from . import x`
    names: tuple[str, ...]  # the names a `from` import takes; () for `import a.b`
    flags: int  # TYPE_ONLY | DEFERRED | BARE_NOQA

    def to_json(self) -> list[Any]:
        return [self.line, self.col, self.level, self.module, list(self.names), self.flags]

    @classmethod
    def from_json(cls, raw: list[Any]) -> ImportFact:
        line, col, level, module, names, flags = raw
        return cls(line, col, level, module, tuple(names), flags)


def collect_imports(
    src: SourceFile, keys: frozenset[str], *, type_checking: bool, deferred: bool
) -> list[list[Any]]:
    """Every import the options keep, as JSON; an import whose line names `keys` is left out.

    `keys` are a rule's code and name: `import x  # noqa: CH020` keeps `x` out of the graph.
    A bare `# noqa` does not (it usually silences an unused-import warning on a re-export).
    """
    skipped = (TYPE_ONLY if not type_checking else 0) | (DEFERRED if not deferred else 0)
    facts: list[list[Any]] = []
    for node, flags, named in _statements(src):
        if flags & skipped or (named is not ALL and named & keys):
            continue
        marked = flags | (BARE_NOQA if named is ALL else 0)
        facts.extend(fact.to_json() for fact in _facts(node, marked))
    return sorted(facts)


_Statement = tuple[ast.stmt, int, frozenset[str]]  # an import, its flags, its line's noqa keys


def _statements(src: SourceFile) -> list[_Statement]:
    """The file's imports, found once for CH020 and CH021 (kept with the file)."""
    return src.shared(__name__, partial(_found, src))


def _found(src: SourceFile) -> list[_Statement]:
    spans = _Spans(src)
    comments = Suppressions(src.text, src.lines, src)  # only comments suppress, not strings
    found = [
        (node, spans.flags(node.lineno), comments.keys_on(node.lineno))
        for node in src.nodes(ast.Import, ast.ImportFrom)
    ]
    return found


def _facts(node: ast.stmt, flags: int) -> list[ImportFact]:
    col = node.col_offset + 1
    if isinstance(node, ast.Import):
        return [ImportFact(node.lineno, col, 0, alias.name, (), flags) for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        names = tuple(alias.name for alias in node.names)
        return [ImportFact(node.lineno, col, node.level, node.module or "", names, flags)]
    return []


class _Spans:
    """Which lines are inside a function body or an `if TYPE_CHECKING:` branch."""

    def __init__(self, src: SourceFile) -> None:
        self.functions = _merged(
            (node.lineno, node.end_lineno or node.lineno) for node in src.nodes(*_FUNCTIONS)
        )
        self.type_only = _merged(_type_checking_branches(src))

    def flags(self, line: int) -> int:
        flags = TYPE_ONLY if _inside(self.type_only, line) else 0
        return flags | (DEFERRED if _inside(self.functions, line) else 0)


def _type_checking_branches(src: SourceFile) -> list[tuple[int, int]]:
    spans = []
    for node in src.nodes(ast.If):
        test, negated = node.test, False
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            test, negated = test.operand, True
        name = dotted_name(test)
        if name is None or name.rsplit(".", 1)[-1] != "TYPE_CHECKING":
            continue
        branch = node.orelse if negated else node.body
        if branch:
            spans.append((branch[0].lineno, branch[-1].end_lineno or branch[-1].lineno))
    return spans


def _merged(spans: Any) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same lines."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], line: int) -> bool:
    index = bisect.bisect_right(spans, (line, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= line <= spans[index][1]
