"""## What it does
Checks that no block of `min-lines` (6 by default) or more similar lines appears in two
files of the project, compared as pylint's similarity engine compares them
(`pylint.checkers.symilar`, the engine of pylint's `duplicate-code`), with the installed
pylint's details. Each pair of copies is reported once, on both places.

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
alike by nature and are pylint's best-known noise; each has an option. They are found
with the syntax tree (pylint's own switches guess docstrings from the text and parse every
file again with astroid). Copies inside one file are not reported. The rule needs pylint
3.3 or later: install `pytest-codehealth[duplicates]` (its version decides two details of
the comparison that pylint 4.1 changed; pylint itself is never imported; without it the run
stops before checking anything, with exit code 2 and a message naming the extra). It reads
every file, so it is
off by default and has its own hook; with a list of files it reports the copies in those
files. The cache keeps a 40-bit hash of each compared line, not its text.
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
- pylint `duplicate-code` (R0801) and `symilar`; its options `min-similarity-lines`
  (which counts differently: `min-lines = 6` is `min-similarity-lines = 5`),
  `ignore-comments`, `ignore-docstrings`, `ignore-imports`, `ignore-signatures`.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.config.rule_options import DuplicateCode as Options
from pytest_codehealth.config.settings import library_version
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.base import ProjectFile
from pytest_codehealth.rules.project import _symilar

CODE, NAME = "CH030", "duplicate-code"
_WORD = re.compile(r"\w")
_VERSION = re.compile(r"(\d+)\.(\d+)")
_PKGINFO = re.compile(r"^__version__ = [\"'](\d+)\.(\d+)", re.MULTILINE)
MISSING = (
    "duplicate-code (CH030) needs pylint 3.3 or later: "
    "`pip install 'pytest-codehealth[duplicates]'`"
)


def collect(src: SourceFile, options: Options) -> dict[str, Any]:
    """The lines pylint compares, as tokens: stripped, without what the options leave out.

    Stored as line-number steps and one short token per line (equal lines, equal tokens),
    which keeps the cache small and is all pylint's engine needs.
    """
    left_out = _left_out(src, options)
    steps: list[int] = []
    tokens: list[str] = []
    previous = 0
    comments = options.ignore_comments
    for number, text in enumerate(src.lines, start=1):
        if number in left_out:
            continue
        line = text.strip()
        if comments and "#" in line:
            line = line.split("#", 1)[0].strip()  # pylint's own rule for comments
        if line:
            steps.append(number - previous)
            tokens.append(_token(line))
            previous = number
    return {"steps": steps, "tokens": tokens}


def _token(line: str) -> str:
    """40 bits of BLAKE2b in hex; a line without a word character (`)`, `],`) as it is.

    pylint does not count lines without a word character towards a block's length, and
    its test gives the same answer on the token.
    """
    if not _WORD.search(line):
        return line
    return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def ensure_available() -> None:
    """Raise MissingExtraError, naming the extra, when pylint 3.3 or later is not installed."""
    _pylint()


def _pylint() -> _symilar.Version:
    """The installed pylint's version (its comparison changed in 4.1), read from its
    `__pkginfo__.py` (else its metadata): pylint itself is never imported."""
    spec = importlib.util.find_spec("pylint")
    if spec is None or spec.origin is None:
        raise MissingExtraError(MISSING)
    found = _PKGINFO.search(_pkginfo(Path(spec.origin))) or _VERSION.match(
        library_version("pylint")
    )
    version = (int(found[1]), int(found[2])) if found else (0, 0)
    if version < (3, 3):
        raise MissingExtraError(MISSING)
    return version


def _pkginfo(origin: Path) -> str:
    try:
        return origin.with_name("__pkginfo__.py").read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""  # then the metadata says


def check_project(files: Sequence[ProjectFile], options: Options) -> Iterator[Finding]:
    version = _pylint()
    kept = [
        (list(itertools.accumulate(file.facts["steps"])), file.facts["tokens"]) for file in files
    ]
    for duplicate in _symilar.duplicates(kept, options.min_lines, version):
        pair = (duplicate.one, duplicate.other)
        for here, there in (pair, pair[::-1]):
            where = f"`{files[there.file].display}` lines {there.first}-{there.last}"
            message = f"{duplicate.lines} similar lines also in {where} (min {options.min_lines})"
            path = files[here.file].display
            yield Finding(path, here.first, 1, CODE, NAME, message, end_line=here.last)


def _left_out(src: SourceFile, options: Options) -> set[int]:
    """The line numbers the options leave out, found with the syntax tree."""
    spans = [span for option, find in _FINDERS if getattr(options, option) for span in find(src)]
    return {line for start, end in spans for line in range(start, end + 1)}


Span = tuple[int, int]


def _imports(src: SourceFile) -> Iterator[Span]:
    return _spans(src.nodes(ast.Import, ast.ImportFrom))


def _docstrings(src: SourceFile) -> Iterator[Span]:
    """Docstrings, and every other statement that is only a string."""
    return _spans(node for node in src.nodes(ast.Expr) if _is_string(node.value))


def _signatures(src: SourceFile) -> Iterator[Span]:
    """From a function's first decorator to the line before its body."""
    for node in _functions(src):
        yield _top(node), node.body[0].lineno - 1


def _stubs(src: SourceFile) -> Iterator[Span]:
    for node in _functions(src):
        if _stub(node):
            yield _top(node), node.end_lineno or node.lineno


def _dunder_all(src: SourceFile) -> Iterator[Span]:
    """`__all__ = [...]`, `__all__ += [...]`, `__all__: list[str] = ...`, `__all__.extend(...)`
    at module level."""
    for node in src.tree.body:
        names = (target for target in _targets(node) if isinstance(target, ast.Name))
        if any(name.id == "__all__" for name in names):
            yield node.lineno, node.end_lineno or node.lineno


_FINDERS = (
    ("ignore_imports", _imports),
    ("ignore_docstrings", _docstrings),
    ("ignore_signatures", _signatures),
    ("ignore_stubs", _stubs),
    ("ignore_dunder_all", _dunder_all),
)


def _spans(nodes: Iterable[ast.stmt]) -> Iterator[Span]:
    for node in nodes:
        yield node.lineno, node.end_lineno or node.lineno


def _functions(src: SourceFile) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    yield from src.nodes(ast.FunctionDef)
    yield from src.nodes(ast.AsyncFunctionDef)


def _top(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])


def _is_string(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _stub(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A body of only a docstring and `...`, `pass` or `raise NotImplementedError`."""
    first = node.body[0]
    body = node.body[1:] if isinstance(first, ast.Expr) and _is_string(first.value) else node.body
    return len(body) <= 1 and all(_placeholder(statement) for statement in body)


def _placeholder(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant) and statement.value.value is Ellipsis
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def _targets(node: ast.stmt) -> list[ast.expr]:
    if isinstance(node, ast.Assign):
        return node.targets
    if isinstance(node, ast.AnnAssign | ast.AugAssign):
        return [node.target]
    call = node.value if isinstance(node, ast.Expr) else None
    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute):
        return [call.func.value]  # `__all__.extend([...])`
    return []
