"""radon's line counts (`raw.analyze`) from one regular-expression scan, without the tokenizer.

radon strips every line, cuts the lines into the shortest runs that tokenize alone (a line
that ends outside brackets, strings and backslash continuations ends a run) and counts
each run from its tokens: its `COMMENT` tokens, whether it is one comment or one string
alone (a docstring), and its logical lines (`;`-separated parts; a part counts 2 if a `:`
is followed by more, 1 if its last `:` ends it). None of that needs every token: one scan
finds the strings, comments, brackets, colons, semicolons and line ends, and a part's
tokens after its last colon are counted only up to two. Python's `tokenize` (a
regular-expression tokenizer on 3.11) was most of CH012's time.

What the scan does not model is left to the tokenizer or to radon: a run holding a
backslash continuation, or an f-string where 3.12 and later tokenize its inside, is
tokenized alone (and must end where the tokenizer ends it); a text with a line separator
`str.splitlines` knows and the tokenizer does not, a character the tokenizer refuses, or
anything left open gives None, and the caller counts it the tokenizer's way.
`benchmarks/raw_agreement.py` compares every file of Django, sympy and the standard library
with radon's `analyze`; the tests keep radon as the oracle.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from collections import Counter
from typing import NamedTuple

from pytest_codehealth.rules.complexity import _raw_tokens

_QUOTED = (
    r"'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^\n'\\]*(?:\\.[^\n'\\]*)*'"
    r'|"[^\n"\\]*(?:\\.[^\n"\\]*)*"'
)
# What lies between the characters the scan stops at: names (unless a quote follows: they may
# be a string's prefix), numbers, spaces, the operators that change nothing here, and
# brackets closed on the same line around nothing else (`f(a, b.c)`, `x[1]`). Greedy, not
# possessive (3.11's first releases mishandle a possessive group of alternatives): what
# follows matches any character and the end, so the gap is never given back anyway.
_PLAIN = r"[^\w\n()\[\]{}:;#'\"\\\x00-\x08\x0e-\x1f\x7f-\U0010ffff!$?`]"
_GAP = (
    rf"(?:\w+(?![\w'\"])|{_PLAIN}|[!:]="
    rf"|\((?:\w|{_PLAIN})*\)|\[(?:\w|{_PLAIN})*\]|\{{(?:\w|{_PLAIN})*\}})*"
)
_SCAN = re.compile(
    rf"{_GAP}(?:(?P<f>(?<!\w)(?:[fFtT][rR]?|[rR][fFtT])(?:{_QUOTED}))"
    rf"|(?P<s>(?:(?<!\w)(?:[rR][bB]?|[bB][rR]?|[uU]))?(?:{_QUOTED}))"
    r"|(?P<n>\n)|(?P<o>[(\[{])|(?P<c>[)\]}])|(?P<k>:(?!=))|(?P<m>;)|(?P<h>#[^\n]*)"
    r"|(?P<b>\\\n)|(?P<w>\w)|(?P<e>\Z)|(?P<x>.))",
    re.DOTALL,
)
# One token after another as `tokenize` (3.11) cuts them, strings and comments whole.
_TOKEN = re.compile(
    rf"(?:(?<!\w)[rRbBuUfFtT]{{1,2}})?(?:{_QUOTED})|#[^\n]*"
    rf"|{tokenize.Number}|{tokenize.Funny}|{tokenize.Name}",
    re.DOTALL,
)
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # lines to splitlines only
_FSTRING_TOKENS = sys.version_info >= (3, 12)  # the tokenizer cuts an f-string's inside


class RawCounts(NamedTuple):
    """radon's `raw.Module`, field for field."""

    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


class _UnscannableError(Exception):
    """The scan cannot vouch for the counts: the tokenizer's way decides."""


def counts(text: str) -> RawCounts | None:
    """radon's `analyze(text)`, or None if only the tokenizer can tell."""
    if _SEPARATORS.search(text):
        return None
    lines = [line.strip() for line in text.splitlines()]
    scan = _Scan("\n".join(lines))
    try:
        scan.run()
        if lines:
            scan.end_run(len(scan.text))
    except _UnscannableError:
        return None
    return scan.totals(lines)


class _Scan:
    """The scan of the stripped lines joined by newlines, run by run."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found = Counter[str]()  # comments, single, multi, lloc of the scanned runs
        self.tokenized = Counter[str]()  # the counts of the runs left to the tokenizer
        self.tokenized_lines = Counter[str]()  # their filled and empty lines
        self._start_run(0)

    def _start_run(self, start: int) -> None:
        self.start = self.part = start  # where the run and its current `;` part begin
        self.colon = -1  # where the part's last colon ends
        self.comments, self.parts = 0, 0
        self.doc = ""  # a string that starts the run
        self.comment_line = self.slow = False

    def run(self) -> None:
        """Scan the text; a run that only held names, numbers, operators and brackets (most
        lines) counts one logical line unless blank, without `end_run`."""
        depth, touched, plain = 0, False, 0
        for match in _SCAN.finditer(self.text):
            kind = match.lastgroup
            if kind == "n":
                if depth == 0:
                    end = match.start("n")
                    if touched:
                        self.end_run(end)
                    else:
                        plain += end > self.start
                        self.start = self.part = end + 1
                    touched = False
            elif kind == "o":
                depth += 1
            elif kind == "c":
                depth -= 1
            else:
                self._other(kind, match)
                touched = True
        self.found["lloc"] += plain
        if depth:
            raise _UnscannableError

    def _other(self, kind: str | None, match: re.Match[str]) -> None:
        if kind == "k":
            self.colon = match.end()
        elif kind == "h":
            self.comments += 1
            self.comment_line = self.comment_line or match.start(kind) == self.start
        elif kind == "m":
            self.parts += self._part(match.start(kind), last=False)
            self.part, self.colon = match.end(), -1
        elif kind in ("s", "f"):
            self._string(kind, match)
        elif kind == "b":
            self.slow = True
        elif kind not in ("w", "e"):  # a name that is no string's prefix, the end
            raise _UnscannableError

    def _string(self, kind: str, match: re.Match[str]) -> None:
        self.slow = self.slow or (kind == "f" and _FSTRING_TOKENS)
        if match.start(kind) == self.start:
            self.doc = match.group(kind)

    def _part(self, end: int, *, last: bool) -> int:
        """radon's logical lines of the part that ends at `end`."""
        if self.colon >= 0:
            after = _tokens(self.text, self.colon, end, 1 if last else 2)
            return 1 if after == (0 if last else 1) else 2
        if self.part == self.start:
            return 1  # the first part of a run that is not a comment or a blank line
        return _tokens(self.text, self.part, end, 0)  # 1 if the part holds any token

    def end_run(self, end: int) -> None:
        if self.slow:
            self._tokenize_run(end)
        elif self.comment_line:
            self.found["comments"] += self.comments
            self.found["single"] += 1
        elif end > self.start:  # not a blank line
            self.found["comments"] += self.comments
            self.found["lloc"] += self.parts + self._part(end, last=True)
            if len(self.doc) == end - self.start:
                self._docstring(self.doc)
        self._start_run(end + 1)

    def _docstring(self, string: str) -> None:
        if "\n" in string:
            self.found["multi"] += sum(1 for line in string.split("\n") if line)
        else:
            self.found["single"] += 1

    def _tokenize_run(self, end: int) -> None:
        """Count a run the tokenizer's way, if it tokenizes alone and ends where it ends."""
        text = self.text[self.start : end]
        lines = text.split("\n")
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError):
            raise _UnscannableError from None
        if _ends_early(tokens, len(lines)):
            raise _UnscannableError
        _raw_tokens.count_run(tokens, lines, self.tokenized)
        filled = sum(1 for line in lines if line)
        self.tokenized_lines.update(filled=filled, empty=len(lines) - filled)

    def totals(self, lines: list[str]) -> RawCounts:
        empty = lines.count("") - self.tokenized_lines["empty"]
        filled = len(lines) - lines.count("") - self.tokenized_lines["filled"]
        found, tokenized = self.found, self.tokenized
        single = found["single"] + tokenized["single"]
        multi = found["multi"] + tokenized["multi"]
        sloc = filled - found["single"] - found["multi"] + tokenized["sloc"]
        blank = empty + tokenized["blank"]
        comments = found["comments"] + tokenized["comments"]
        lloc = found["lloc"] + tokenized["lloc"]
        return RawCounts(sloc + blank + multi + single, lloc, sloc, comments, multi, blank, single)


def _tokens(text: str, start: int, end: int, most: int) -> int:
    """How many tokens (comments and line ends aside) `text[start:end]` holds, up to `most`
    plus one."""
    found = 0
    for match in _TOKEN.finditer(text, start, end):
        if text[match.start()] not in "#\n":
            found += 1
            if found > most:
                break
    return found


def _ends_early(tokens: list[tokenize.TokenInfo], rows: int) -> bool:
    """Whether the tokenizer ends a statement or a line outside brackets before the last
    row, or finds a token it refuses: radon's run would not be this one."""
    depth = 0
    for token in tokens:
        if token.type == tokenize.ERRORTOKEN:
            return True
        if token.type == tokenize.OP:
            depth += (token.string in "([{") - (token.string in ")]}")
        elif token.start[0] < rows and (
            token.type == tokenize.NEWLINE or (token.type == tokenize.NL and depth == 0)
        ):
            return True
    return False
