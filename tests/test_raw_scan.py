"""`_lines.counts`: radon's line counts from one scan, without the tokenizer.

radon's `raw.analyze` is the oracle: every row must give its counts exactly, and the scan
must answer itself (not leave the text to the tokenizer) where the row says so.
"""

from __future__ import annotations

import sys
import tokenize
from collections.abc import Callable, Iterator

import pytest
from radon import raw

from pytest_codehealth.rules.complexity import _lines, _radon

SCANNED = [
    pytest.param("", id="empty"),
    pytest.param("\n\n", id="blank-lines"),
    pytest.param("x = 1", id="no-final-newline"),
    pytest.param("x = f(a)[b]{c}", id="brackets-then-no-final-newline"),
    pytest.param("# c\n  # indented comment\nx = 1  # tail\n", id="comments"),
    pytest.param("s = '# not a comment'  # one\n", id="hash-in-a-string"),
    pytest.param('"""Doc."""\n', id="one-line-docstring"),
    pytest.param('"""Doc\n\n  more.\n"""\nx = 1\n', id="multi-line-docstring"),
    pytest.param('"""Doc."""  # c\n', id="docstring-and-comment"),
    pytest.param('"a" "b"\n', id="two-strings"),
    pytest.param('"""a\n""" + x\n', id="string-then-code"),
    pytest.param('rb"""a\n"""\nBR"x"\nu"y"\n', id="prefixed-docstrings"),
    pytest.param('f"""a\n{x}"""\nF"y"\n', id="f-string-docstrings"),
    pytest.param("if x: y = 1; z = 2\n", id="colon-then-two-parts"),
    pytest.param("f = lambda: 0; g = 1\n", id="lambda-in-a-first-part"),
    pytest.param("x = 1;\ny = 2;  # c\n", id="trailing-semicolon"),
    pytest.param("d = {a: b}\ne = {a: f(b)}\nx = y[1:]\nz = w[:]\n", id="colons-in-code"),
    pytest.param("if (n := f()):\n    pass\nx[a:=1]\n", id="walrus"),
    pytest.param("def f(\n    a: int,  # c\n    b: str = ':',\n) -> int:\n    ...\n", id="def"),
    pytest.param("try: 1/0\nexcept E: pass\nelse:\n    pass\n", id="one-line-blocks"),
    pytest.param("x = [\n\n  1,  # c\n  '''\n]'''\n]\n", id="brackets-over-lines"),
    pytest.param("s = 'a\\'b' \"c\\\"d\" '''e\\'''' \n", id="escaped-quotes"),
    pytest.param('if x:\n    pass\nelif"x" in y: z = 1\n', id="keyword-then-string"),
    pytest.param("x = 1 if y else-1\nz = a.b(c)[d]\n", id="operators"),
    pytest.param("x = 1 + \\\n    2\n", id="backslash-continuation"),
    pytest.param("s = 'a\\\nb'\n", id="string-continued-by-backslash"),
    pytest.param("x = '''\n'''; y = {\n}\n", id="string-then-bracket"),
    pytest.param("π = 3.14  # π\nnom = 'é'\n", id="unicode-name-and-string"),
    pytest.param("TABLE = [\n" + "    (1, 'row'),  # row\n" * 200 + "]\n", id="long-literal"),
]
LEFT_TO_THE_TOKENIZER = [
    pytest.param("x = 1\x0c\ny = 2\n", id="form-feed"),
    pytest.param('s = "a\u2028b"\n', id="line-separator-in-a-string"),
    pytest.param("x·y = 1\n", id="name-character-not-a-word-character"),
    pytest.param('x = \\\n"a"\\\n"b"\\\n\n# c\ny = 2\n', id="backslash-before-a-blank-line"),
]


def _outcome(count: Callable[[str], object], text: str) -> object:
    """The counts, or the kind of error radon raises on a text it cannot count."""
    try:
        return tuple(count(text))  # type: ignore[call-overload]  # radon's Module is untyped
    except SyntaxError as exc:
        return type(exc)


@pytest.mark.parametrize("text", SCANNED)
def test_the_scan_counts_as_radon(text: str) -> None:
    assert _lines.counts(text) == tuple(raw.analyze(text))


@pytest.mark.parametrize("text", LEFT_TO_THE_TOKENIZER)
def test_what_the_scan_cannot_vouch_for_is_counted_the_tokenizer_way(text: str) -> None:
    assert _lines.counts(text) is None
    assert _outcome(_radon.raw_counts, text) == _outcome(raw.analyze, text)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="3.12 tokenizes an f-string's inside")
@pytest.mark.parametrize(
    "text",
    [
        'x = f"{a:>10}"\n',
        'x = f"{d["k"]}"; y = 1\n',
        'f"""{\nx\n}"""\n',
        'if x: y = f"{z!r}"\n',
    ],
)
def test_f_strings_are_tokenized_where_the_tokenizer_cuts_them(text: str) -> None:
    assert _radon.raw_counts(text) == raw.analyze(text)


def test_the_scan_does_not_tokenize_plain_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = tokenize.generate_tokens

    def counting(readline: Callable[[], str]) -> Iterator[tokenize.TokenInfo]:
        calls.append(1)
        return real(readline)

    monkeypatch.setattr(tokenize, "generate_tokens", counting)
    text = "".join(str(param.values[0]) for param in SCANNED[:11])  # no f-string
    assert _lines.counts(text) == tuple(raw.analyze(text))
    calls.clear()
    _lines.counts(text)
    assert calls == []
    _lines.counts(text + "x = 1 + \\\n    2\n")
    assert calls == [1]  # the run with a backslash continuation only
