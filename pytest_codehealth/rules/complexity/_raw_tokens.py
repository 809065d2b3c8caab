"""radon's counting of one run of lines from its tokens (the body of `radon.raw.analyze`'s
loop), with radon's `is_single_token` and `_logical` written out for plain token lists.

Shared by the tokenizer-based line counter (`_radon`) and the scanner (`_lines`), which
tokenizes only the runs it leaves to the tokenizer.
"""

from __future__ import annotations

import tokenize
from collections import Counter
from typing import Any

_LINE_ENDS = frozenset({tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE})
_SKIPPED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE})


def count_run(tokens: list[Any], lines: list[str], counts: Counter[str]) -> None:
    """Add one run's counts (`comments`, `single`, `multi`, `sloc`, `blank`, `lloc`)."""
    counts["comments"] += sum(token[0] == tokenize.COMMENT for token in tokens)
    kind = _kind(tokens)
    if kind == "single":
        counts["single"] += 1
    else:
        filled = sum(1 for line in lines if line)
        counts[kind] += filled
        counts["blank"] += len(lines) - filled
    counts["lloc"] += _logical(tokens)


def _kind(tokens: list[Any]) -> str:
    """`single` for one comment or a one-line string alone, `multi` for a longer string
    alone (a docstring), else `sloc`."""
    if _single(tokenize.COMMENT, tokens):
        return "single"
    if not _single(tokenize.STRING, tokens):
        return "sloc"
    return "single" if tokens[0][2][0] == tokens[0][3][0] else "multi"


def _single(kind: int, tokens: list[Any]) -> bool:
    """radon's `is_single_token`: one token of `kind`, then only line ends."""
    return tokens[0][0] == kind and all(token[0] in _LINE_ENDS for token in tokens[1:])


def _logical(tokens: list[Any]) -> int:
    """radon's `_logical`: the logical lines of a run, each `;`-separated part counted
    without its comments and line ends (one, two if a `:` is followed by more, or none)."""
    total, part = 0, list[Any]()
    for token in tokens:
        if token[0] == tokenize.OP and token[1] == ";":
            total += _logical_part(part)
            part = []
        elif token[0] not in _SKIPPED:
            part.append(token)
    return total + _logical_part(part)


def _logical_part(part: list[Any]) -> int:
    for index in range(len(part) - 1, -1, -1):
        if part[index][0] == tokenize.OP and part[index][1] == ":":
            return 2 - (index == len(part) - 2)  # radon's test, ENDMARKER or not
    return int(any(token[0] != tokenize.ENDMARKER for token in part))
