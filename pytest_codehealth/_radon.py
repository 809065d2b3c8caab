"""The only module that imports radon, lazily: runs that select no CH01x rule never load it.

radon works on the tree the engine already parsed (never a second parse, never its CLI), and
its untyped results become our own frozen dataclasses here. radon's visitors recurse, so a
deeply nested expression that `ast.parse` accepts can make them raise `RecursionError`:
that becomes `RadonError`, which a rule reports as one finding for its gate on that file.
"""

from __future__ import annotations

import ast
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

# radon's ranks: the highest score each letter allows (F: anything above 40)
RANK_BOUNDS = {"A": 5, "B": 10, "C": 20, "D": 30, "E": 40}
TOO_DEEP = "too deeply nested"


class RadonError(Exception):
    """radon could not score a file; the message says why, fit for a finding."""


@dataclass(frozen=True)
class Block:
    """One block radon scores: a function, a method or a class."""

    kind: Literal["function", "method", "class"]
    name: str  # qualified: `Class.method`, `outer.inner`, `Class.method.inner`
    line: int
    col: int  # as `ast` gives it: what precedes a `def` or `class` is indentation
    complexity: int
    nested: bool  # in a function, or a class in a class: `radon cc` shows it with --show-closures

    @property
    def rank(self) -> str:
        return rank(self.complexity)


def rank(score: float) -> str:
    """radon's letter for a complexity score or average: A (1-5) ... F (over 40)."""
    return next((letter for letter, top in RANK_BOUNDS.items() if score <= top), "F")


def parse_max_complexity(raw: object) -> int:
    """An option value: a whole number >= 1, or a rank letter A-E meaning its upper bound."""
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError(f"expected a whole number or a rank letter A-E, got {raw!r}")
    return int(_limit(raw))


def parse_max_average(raw: object) -> float:
    """An option value: a number >= 1, or a rank letter A-E meaning its upper bound."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise ValueError(f"expected a number or a rank letter A-E, got {raw!r}")
    return float(_limit(raw))


def parse_min_maintainability(raw: object) -> float:
    """An option value: a maintainability index from 0 to 100."""
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 100:
        raise ValueError(f"expected a number from 0 to 100, got {raw!r}")
    return float(raw)


def _limit(raw: int | float | str) -> float:
    if isinstance(raw, str):
        letter = raw.strip().upper()
        if letter == "F":
            raise ValueError("rank F has no upper bound; give a number such as 50, or A-E")
        if letter not in RANK_BOUNDS:
            raise ValueError(f"expected a number or a rank letter A-E, got {raw!r}")
        return RANK_BOUNDS[letter]
    if not raw >= 1:  # also rejects NaN
        raise ValueError(f"expected a number >= 1 or a rank letter A-E, got {raw!r}")
    return raw


def limit_label(limit: float) -> str:
    """`10` for a whole limit, `7.5` otherwise."""
    return f"{limit:g}"


# The one tree scored last, per `no_assert`: CH010 and CH011 share one radon pass per file.
_LAST: dict[bool, tuple[ast.Module, tuple[Block, ...] | str]] = {}


def blocks(tree: ast.Module, *, no_assert: bool = False) -> tuple[Block, ...]:
    """Every block radon scores in `tree`, nested ones included, in source order."""
    last = _LAST.get(no_assert)
    if last is None or last[0] is not tree:
        last = (tree, _score(tree, no_assert))
        _LAST[no_assert] = last
    if isinstance(last[1], str):
        raise RadonError(last[1])
    return last[1]


def _score(tree: ast.Module, no_assert: bool) -> tuple[Block, ...] | str:
    """The blocks, or why radon could not score the tree."""
    from radon.visitors import ComplexityVisitor  # noqa: PLC0415 (lazy: see module doc)

    try:
        visitor = ComplexityVisitor.from_ast(tree, no_assert=no_assert)
    except RecursionError:
        return TOO_DEEP
    found = [*_functions(visitor.functions, "", False), *_classes(visitor.classes, "", False)]
    return tuple(sorted(found, key=lambda block: (block.line, block.col)))


def _functions(raw: Iterable[Any], prefix: str, nested: bool) -> Iterator[Block]:
    for func in raw:
        name = f"{prefix}{func.name}"
        kind: Literal["function", "method"] = "method" if func.is_method else "function"
        yield Block(kind, name, func.lineno, func.col_offset, func.complexity, nested)
        yield from _functions(func.closures, f"{name}.", True)


def _classes(raw: Iterable[Any], prefix: str, nested: bool) -> Iterator[Block]:
    for cls in raw:
        name = f"{prefix}{cls.name}"
        yield Block("class", name, cls.lineno, cls.col_offset, cls.complexity, nested)
        yield from _functions(cls.methods, f"{name}.", nested)
        yield from _classes(cls.inner_classes, f"{name}.", True)


def maintainability(tree: ast.Module, text: str, *, multi: bool = True) -> float:
    """radon's maintainability index (0-100) of a module, as `radon mi` computes it.

    radon's own `mi_visit` parses again; this takes the same four inputs from our tree.
    """
    from radon.metrics import h_visit_ast, mi_compute  # noqa: PLC0415
    from radon.raw import analyze  # noqa: PLC0415
    from radon.visitors import ComplexityVisitor  # noqa: PLC0415

    try:
        volume = h_visit_ast(tree).total.volume
        complexity = ComplexityVisitor.from_ast(tree).total_complexity
        raw = analyze(text)
    except RecursionError:
        raise RadonError(TOO_DEEP) from None
    except (SyntaxError, ValueError, tokenize.TokenError) as exc:
        raise RadonError(f"cannot count its lines ({exc})") from None
    comment_lines = raw.comments + (raw.multi if multi else 0)
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc else 0
    index: float = mi_compute(volume, complexity, raw.lloc, comments)
    return index


def mi_rank(index: float) -> str:
    """radon's letter for a maintainability index: A (over 19), B (over 9), C."""
    return "A" if index > 19 else "B" if index > 9 else "C"
