"""## What it does
Checks that a module stays within a line limit (400 by default).

## Why is this bad?
A module past a few hundred lines mixes several concerns, is hard to review and is where
merge conflicts collect. Teams that split a 1,000-line module into a package agree on a
limit so that the next monolith does not grow back, and so that no part of a split is
still too big.

## Known problems
With `count = "physical"` (the default) blank lines, comments and docstrings count too:
that is what `wc -l` and an editor show. Use `count = "code"` to count only lines that
hold code.

## Example
A `services/billing.py` of 1,140 lines is reported as
`CH001 module has 1140 lines (limit 400)`.

Use instead: a package `services/billing/` whose submodules each stay under the limit, with
`services/billing/__init__.py` re-exporting the old public names.

## Options
- `max` (int, default 400): the most lines a module may have.
- `count` (`"physical"` or `"code"`, default `"physical"`): count every physical line
  (CRLF, CR and LF each end one; a missing final newline still counts the last line), or
  only lines holding code (not blank, not only a comment, not only a docstring or other
  bare string statement).

```toml
[tool.codehealth.max-lines]
max = 300
count = "code"
```
Suppress for one file with `# codehealth: ignore-file[max-lines]` anywhere in it.
"""

from __future__ import annotations

import ast
import bisect
import tokenize
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import MaxLines as Options
from pytest_codehealth.core.findings import Finding, Measure
from pytest_codehealth.core.source import SourceFile

CODE, NAME = "CH001", "max-lines"


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    if options.count == "code":
        count, what = code_line_count(src), "lines of code"
    else:
        count, what = len(src.lines), "lines"
    if count > options.max:
        message = f"module has {count} {what} (limit {options.max})"
        yield src.finding_at(1, 1, CODE, NAME, message, measure=Measure(count, options.max, what))


_NOT_CODE = frozenset(
    {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENCODING,
        tokenize.ENDMARKER,
    }
)


def code_line_count(src: SourceFile) -> int:
    """Lines holding a token that is neither layout, a comment nor a bare string statement."""
    spans = _bare_string_spans(src)
    lines: set[int] = set()
    # feed `lines` (split on CRLF, CR and LF), not the text: a CR-only file is one line to readline
    readline = iter(f"{line}\n" for line in src.lines).__next__
    try:
        for token in tokenize.generate_tokens(readline):
            if token.type in _NOT_CODE or (token.type == tokenize.STRING and _inside(token, spans)):
                continue
            lines.update(range(token.start[0], token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        return len(src.lines)  # the parser accepted it; count conservatively
    return len(lines)


Span = tuple[tuple[int, int], tuple[int, int]]


def _bare_string_spans(src: SourceFile) -> list[Span]:
    """Where docstrings and other string-only statements start and end."""
    spans = []
    for node in src.nodes(ast.Expr):
        if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            end = (node.end_lineno or node.lineno, node.end_col_offset or 0)
            spans.append(((node.lineno, node.col_offset), end))
    return sorted(spans)


def _inside(token: tokenize.TokenInfo, spans: list[Span]) -> bool:
    """Whether the token starts inside one of the (sorted, disjoint) spans."""
    index = bisect.bisect_right(spans, (token.start, (1 << 62, 0))) - 1
    return index >= 0 and spans[index][0] <= token.start < spans[index][1]
