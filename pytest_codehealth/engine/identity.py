"""A finding's identity without line numbers: path, rule, enclosing symbol, construct, index.

Used for the fingerprint in every output format and for baseline entries. Measured findings
(a size or a score: `Finding.measure` set) are identified by their symbol alone so that the
measured thing can grow or shrink and still be recognised (the ratchet).
"""

from __future__ import annotations

import ast
import bisect
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from pytest_codehealth.core.digests import sha256
from pytest_codehealth.core.findings import Finding, Identity

if TYPE_CHECKING:
    from pytest_codehealth.core.placement import Nodes

_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class _Scope(NamedTuple):
    start: int
    end: int
    name: str


def scopes(tree: ast.Module | None, nodes: Nodes | None = None) -> list[_Scope]:
    """Every function and class with its qualified name (`Class.method`), in source order.

    From the file's node index when there is one (`nodes`), else a walk of the statement
    bodies: a def or class can only stand in one.
    """
    if nodes is not None:
        return _indexed(nodes)
    found: list[_Scope] = []
    stack: list[tuple[list[ast.stmt], str]] = [(tree.body, "")] if tree else []
    while stack:
        body, prefix = stack.pop()
        for statement in body:
            name = prefix
            if isinstance(statement, _SCOPES):
                name = f"{prefix}.{statement.name}" if prefix else statement.name
                start = min([statement.lineno, *(d.lineno for d in statement.decorator_list)])
                found.append(_Scope(start, statement.end_lineno or statement.lineno, name))
            stack.extend((inner, name) for inner in _bodies(statement))
    return sorted(found, key=lambda scope: (scope.start, -scope.end))


def _indexed(nodes: Nodes) -> list[_Scope]:
    """`scopes` from the index, in pre-order: a def is inside the last one still open at its
    line (two defs never share a line of a body: each is a statement of its own line)."""
    found: list[_Scope] = []
    open_scopes: list[_Scope] = []
    for node in nodes(*_SCOPES):
        while open_scopes and open_scopes[-1].end < node.lineno:
            open_scopes.pop()
        name = f"{open_scopes[-1].name}.{node.name}" if open_scopes else node.name
        start = min([node.lineno, *(each.lineno for each in node.decorator_list)])
        scope = _Scope(start, node.end_lineno or node.lineno, name)
        found.append(scope)
        open_scopes.append(scope)
    return sorted(found, key=lambda scope: (scope.start, -scope.end))


def _bodies(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    for attribute in ("body", "orelse", "finalbody"):
        inner = getattr(statement, attribute, None)
        if isinstance(inner, list):
            yield inner
    for part in (*getattr(statement, "handlers", ()), *getattr(statement, "cases", ())):
        yield part.body


class ScopeIndex:
    """The innermost function or class at a line, in time bounded by the nesting depth.

    Scopes nest properly, so the last one starting at or before a line either holds it or
    is nested in one that does: walk up its parents (built once, with a stack).
    """

    def __init__(self, found: list[_Scope]) -> None:
        self.found = found
        self.starts = [scope.start for scope in found]
        self.parents: list[int] = []
        open_scopes: list[int] = []
        for position, scope in enumerate(found):
            while open_scopes and found[open_scopes[-1]].end < scope.start:
                open_scopes.pop()
            self.parents.append(open_scopes[-1] if open_scopes else -1)
            open_scopes.append(position)

    def symbol_at(self, line: int) -> str:
        """The innermost function or class whose lines hold `line`; "" at module level."""
        position = bisect.bisect_right(self.starts, line) - 1
        while position >= 0 and self.found[position].end < line:
            position = self.parents[position]
        return self.found[position].name if position >= 0 else ""


def identify(
    findings: Iterable[Finding],
    lines: list[str],
    tree: ast.Module | None,
    nodes: Nodes | None = None,
) -> list[Finding]:
    """Sorted findings with fingerprints; identical constructs get occurrence 0, 1, ...
    (`nodes`: the file's node index, to find its functions and classes without a walk)."""
    index = ScopeIndex(scopes(tree, nodes))
    seen: Counter[tuple[str, str, str, str]] = Counter()
    result = []
    for finding in sorted(findings):
        base = (
            finding.path,
            finding.code,
            index.symbol_at(finding.line),
            _construct(finding, lines),
        )
        identity = Identity(*base, seen[base])
        seen[base] += 1
        result.append(finding.replace(fingerprint=identity.fingerprint, identity=identity))
    return result


def _construct(finding: Finding, lines: list[str]) -> str:
    if finding.measure is not None or not 0 < finding.line <= len(lines):
        return ""
    end = max(finding.end_line, finding.line)
    text = " ".join(" ".join(lines[finding.line - 1 : end]).split())
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
