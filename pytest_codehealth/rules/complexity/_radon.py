"""The only module that imports radon, lazily: only the maintainability index (CH012) loads it.

The import goes through `core.libraries`: under pytest a project file named `radon.py` on
`sys.path` is never found instead.

Cyclomatic complexity (CH010, CH011, and CH012's input) is radon's count, computed by
`_cyclomatic` in one walk without recursion (radon's visitor was a third of a cold run), and
the Halstead volume CH012 reads is radon's too, from `_halstead` (one walk, no recursion);
the tests keep radon's visitors as the oracles. The line counts are radon's `raw.analyze`'s,
from `_lines`' scan (or, for the few texts it leaves, one tokenizer pass). Only radon's
formula for the index (`mi_compute`), and its `raw.analyze` for a text neither way can
count, are radon's own code run here, on the tree and text the engine already has (never a
second parse, never its CLI); its untyped results become our own values here. No tree is
too deep to score: none of this recurses.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any, Literal, cast

from pytest_codehealth.config.rule_options import RANK_BOUNDS
from pytest_codehealth.core.libraries import import_installed
from pytest_codehealth.core.record import Record
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _cyclomatic
from pytest_codehealth.rules.complexity._cyclomatic import Scope

_OPEN, _CLOSE = frozenset("([{"), frozenset(")]}")


class RadonError(Exception):
    """radon could not score a file; the message says why, fit for a finding."""


class Block(Record):
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


def limit_label(limit: float) -> str:
    """`10` for a whole limit, `7.5` otherwise."""
    return f"{limit:g}"


def blocks(src: SourceFile, *, no_assert: bool = False) -> tuple[Block, ...]:
    """Every block radon scores in the file, nested ones included, in source order (scored
    once per file and `no_assert`: CH010 and CH011 share it)."""
    return src.shared((__name__, no_assert), partial(_score, src, no_assert))


def total_complexity(src: SourceFile) -> int:
    """radon's `total_complexity` of the module (CH012's input), from the count CH010 and
    CH011 share."""
    return _module_score(src, no_assert=False).total


def halstead_volume(src: SourceFile) -> float:
    """radon's `h_visit_ast(tree).total.volume`, from the file's node index."""
    from pytest_codehealth.rules.complexity import _halstead  # noqa: PLC0415  # CH012's alone

    return _halstead.counts_indexed(src).volume


def _module_score(src: SourceFile, *, no_assert: bool) -> Scope:
    """`_cyclomatic`'s count of the file, from the node index the other rules share, once per
    file and `no_assert`."""
    key = (__name__, "score", no_assert)
    return src.shared(
        key, partial(_cyclomatic.score_indexed, src.tree, src.nodes, no_assert=no_assert)
    )


def _score(src: SourceFile, no_assert: bool) -> tuple[Block, ...]:
    """The blocks radon's `ComplexityVisitor` finds, scored as it scores them (`_cyclomatic`,
    from the node index the other rules share)."""
    module = _module_score(src, no_assert=no_assert)
    found = [*_functions(module.functions, "", False), *_classes(module.classes, "", False)]
    return tuple(sorted(found, key=lambda block: (block.line, block.col)))


def _functions(raw: Iterable[Scope], prefix: str, nested: bool) -> Iterator[Block]:
    for func in raw:
        node = cast("ast.FunctionDef | ast.AsyncFunctionDef", func.node)
        name = f"{prefix}{node.name}"
        kind: Literal["function", "method"] = "method" if func.kind == "method" else "function"
        yield Block(kind, name, node.lineno, node.col_offset, func.complexity, nested)
        yield from _functions(func.functions, f"{name}.", True)


def _classes(raw: Iterable[Scope], prefix: str, nested: bool) -> Iterator[Block]:
    for cls in raw:
        node = cast("ast.ClassDef", cls.node)
        name = f"{prefix}{node.name}"
        yield Block("class", name, node.lineno, node.col_offset, cls.complexity, nested)
        yield from _functions(cls.functions, f"{name}.", nested)
        yield from _classes(cls.classes, f"{name}.", True)


def maintainability(
    tree: ast.Module,
    text: str,
    *,
    multi: bool = True,
    complexity: int | None = None,
    volume: float | None = None,
) -> float:
    """radon's maintainability index (0-100) of a module, as `radon mi` computes it.

    radon's own `mi_visit` parses again; this takes the same four inputs from our tree
    (`complexity` and `volume` if already counted: `total_complexity`, `halstead_volume`).
    """
    from pytest_codehealth.rules.complexity import _halstead  # noqa: PLC0415  # CH012's alone

    metrics = import_installed("radon.metrics")
    try:
        if volume is None:
            volume = _halstead.counts(tree).volume  # radon's `h_visit_ast(tree).total.volume`
        if complexity is None:
            complexity = _cyclomatic.score(tree).total
        raw = raw_counts(text)
    except (SyntaxError, ValueError, tokenize.TokenError) as exc:
        raise RadonError(f"cannot count its lines ({exc})") from None
    comment_lines = raw.comments + (raw.multi if multi else 0)
    comments = comment_lines / float(raw.sloc) * 100 if raw.sloc else 0
    index: float = metrics.mi_compute(volume, complexity, raw.lloc, comments)
    return index


def raw_counts(text: str) -> Any:
    """radon's `raw.analyze(text)` (a `radon.raw.Module`), in time linear in the file's size.

    Most texts are counted by `_lines`' scan, without the tokenizer. The others: radon cuts
    the stripped lines into the shortest runs that tokenize alone, trying one more line at a
    time (quadratic in a long statement: a 500-line literal takes seconds). One tokenize pass
    finds where each run ends; each run is then tokenized once and counted by radon's rules.
    If anything does not tokenize cleanly, radon's `analyze` decides.
    """
    from pytest_codehealth.rules.complexity import _lines  # noqa: PLC0415  # CH012's alone

    raw = import_installed("radon.raw")
    scanned = _lines.counts(text)
    if scanned is not None:
        return raw.Module(*scanned)
    counts = _linear_counts(raw, [line.strip() for line in text.splitlines()])
    if counts is None:
        return raw.analyze(text)
    sloc, blank, multi, single = (counts[key] for key in ("sloc", "blank", "multi", "single"))
    loc = sloc + blank + multi + single
    return raw.Module(loc, counts["lloc"], sloc, counts["comments"], multi, blank, single)


def _linear_counts(raw: Any, lines: list[str]) -> Counter[str] | None:
    """radon's counts run by run, or None where its tokenizing would need a closer look.

    A run ends where the tokenizer's state is clean (no open bracket or string), so its
    tokens alone are those of the whole text (rows aside, which radon only compares with
    each other), ending in `NEWLINE` or `NL`: the whole text is tokenized once, as a stream,
    and each run is counted from its own tokens and the `ENDMARKER` it would end with alone
    (no list of every token: a 1,000,000-line file has millions). A backslash at the end of a
    line is the exception (alone, a run can end inside its continuation, and radon then takes
    more lines): such a run is tokenized alone, and radon decides if that fails."""
    counts = Counter[str]()
    start, last, carried = 0, -1, list[tokenize.TokenInfo]()
    try:
        for end, tokens in _runs(lines):
            carried.extend(tokens)
            if end is None:  # trailing lines the tokenizer gave no token: one run each
                return _trailing(raw, lines, (start, last + 1), carried, counts)
            run, last = lines[start : end + 1], end
            if run and not _counted(raw, run, carried, counts):
                return None
            start, carried = start + len(run), carried if not run else []
    except _UntokenizableError:
        return None
    return None  # `_runs` always ends with its leftovers


def _trailing(
    raw: Any,
    lines: list[str],
    starts: tuple[int, int],
    tokens: list[tokenize.TokenInfo],
    counts: Counter[str],
) -> Counter[str] | None:
    """The lines after the last run the tokenizer ended (from `starts[1]`), a run each; the
    counts if every line was counted (from `starts[0]`, where the runs got to)."""
    start, taken = starts[0], 0
    for end in range(starts[1], len(lines)):
        run = lines[start : end + 1]
        if not run:
            continue
        first, taken = taken, _past(tokens, taken, end)
        if not _counted(raw, run, tokens[first:taken], counts):
            return None
        start += len(run)
    return counts if start == len(lines) else None


def _counted(
    raw: Any, run: list[str], tokens: list[tokenize.TokenInfo], counts: Counter[str]
) -> bool:
    """Count one run; False if radon's own tokenizing must decide."""
    from pytest_codehealth.rules.complexity import _raw_tokens  # noqa: PLC0415  # CH012's alone

    run_tokens = _run_tokens(raw, run, tokens)
    if run_tokens is None:
        return False
    _raw_tokens.count_run(run_tokens, run, counts)
    return True


_ENDMARKER = tokenize.TokenInfo(tokenize.ENDMARKER, "", (0, 0), (0, 0), "")


class _UntokenizableError(Exception):
    """The stripped text does not tokenize cleanly: radon's `analyze` decides."""


def _past(tokens: list[tokenize.TokenInfo], taken: int, end: int) -> int:
    """The index of the first token after the line `end` (0-based), from `taken` on."""
    while taken < len(tokens) and tokens[taken].start[0] <= end + 1:
        taken += 1
    return taken


def _run_tokens(raw: Any, run: list[str], sliced: list[tokenize.TokenInfo]) -> list[Any] | None:
    """A run's tokens as radon would get them tokenizing it alone."""
    if sliced and not any(line.endswith("\\") for line in run):
        return [*sliced, _ENDMARKER]
    return _alone(raw, run)


def _alone(raw: Any, run: list[str]) -> list[Any] | None:
    """radon's tokens of one run, tokenized alone (None if that needs radon's closer look)."""
    try:
        tokens: list[Any] = raw._generate("\n".join(run))
    except (tokenize.TokenError, SyntaxError):
        return None
    return None if any(token[0] == tokenize.ERRORTOKEN for token in tokens) else tokens


def _runs(lines: list[str]) -> Iterator[tuple[int | None, list[tokenize.TokenInfo]]]:
    """Each line that ends a statement, a blank line or a comment line (0-based), with the
    tokens since the last one; then None and the tokens left (without the `ENDMARKER`)."""
    depth, tokens = 0, list[tokenize.TokenInfo]()
    readline = io.StringIO("\n".join(lines)).readline
    try:
        for token in tokenize.generate_tokens(readline):
            if token.type == tokenize.ERRORTOKEN:
                raise _UntokenizableError
            if token.type == tokenize.ENDMARKER:
                continue
            tokens.append(token)
            if token.type == tokenize.OP:
                depth += (token.string in _OPEN) - (token.string in _CLOSE)
            elif token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0):
                yield token.start[0] - 1, tokens
                tokens = []
    except (tokenize.TokenError, SyntaxError):
        raise _UntokenizableError from None
    yield None, tokens


def mi_rank(index: float) -> str:
    """radon's letter for a maintainability index: A (over 19), B (over 9), C."""
    return "A" if index > 19 else "B" if index > 9 else "C"
