"""`_radon.raw_counts`: radon's raw metrics (what the maintainability index uses), linearly.

radon's `raw.analyze` tokenizes a statement again for each line it spans; a 500-line literal
took seconds and a 20 MB one would not finish. Ours must give exactly radon's counts.
"""

from __future__ import annotations

import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from radon import raw

import pytest_codehealth
from pytest_codehealth.rules.complexity import _radon

PACKAGE = Path(pytest_codehealth.__file__).parent
OWN_FILES = sorted(PACKAGE.rglob("*.py"))
LITERAL = "TABLE = [\n" + "".join(f"    ({i}, 'row {i}'),  # row\n" for i in range(500)) + "]\n"

SNIPPETS = [
    pytest.param("", id="empty"),
    pytest.param("x = 1", id="no-final-newline"),
    pytest.param("x = 1\n\n\n", id="trailing-blank-lines"),
    pytest.param("# only\n  # comments\n", id="comments-only"),
    pytest.param('"""Doc."""\n', id="one-line-docstring"),
    pytest.param('def f():\n    """Doc\n\n    more.\n    """\n    return 1\n', id="docstring"),
    pytest.param('x = """a\n\n  b"""  # tail\ny = 2\n', id="multi-line-string-in-code"),
    pytest.param("x = (1,\n     2)  # c\n\n# after\n", id="brackets"),
    pytest.param("x = 1 + \\\n    2\nif x: y = 1; z = 2\n", id="backslash-and-one-liners"),
    pytest.param("try: 1/0\nexcept E: pass\nelse:\n    pass\n", id="colon-statements"),
    pytest.param("x = 1\r\ny = [\r\n  2]\r\n", id="crlf"),
    pytest.param("x = 1\x0c\ny = 2\n", id="form-feed"),
    pytest.param('s = f"""{\n1}\n"""\n', id="f-string-over-lines"),
    pytest.param('s = "a\u2028b"\n', id="line-separator-in-a-string"),
    pytest.param("x = '''\n'''; y = {\n}\n", id="string-then-bracket"),
    pytest.param(LITERAL, id="500-line-literal"),
    pytest.param('x = \\\n"a"\\\n"b"\\\n\n# c\ny = 2\n', id="backslash-before-a-blank-line"),
]


def _radon_counts(text: str) -> object:
    try:
        return raw.analyze(text)
    except SyntaxError as exc:
        return type(exc)


def _our_counts(text: str) -> object:
    try:
        return _radon.raw_counts(text)
    except SyntaxError as exc:
        return type(exc)


@pytest.mark.parametrize("text", SNIPPETS)
def test_equal_radon_on_odd_snippets(text: str) -> None:
    assert _our_counts(text) == _radon_counts(text)


@pytest.mark.parametrize(
    "path", OWN_FILES, ids=[p.relative_to(PACKAGE).as_posix() for p in OWN_FILES]
)
def test_equal_radon_on_our_own_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _our_counts(text) == _radon_counts(text)


def test_the_text_is_tokenized_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = tokenize.generate_tokens

    def counting(readline: Callable[[], str]) -> Iterator[tokenize.TokenInfo]:
        calls.append(1)
        return real(readline)

    monkeypatch.setattr(tokenize, "generate_tokens", counting)
    raw.analyze(LITERAL)
    assert len(calls) > 500  # radon: one more try for each line of the literal
    calls.clear()
    _radon.raw_counts(LITERAL)
    assert calls == []  # ours: one scan, no tokenizer
    _radon.raw_counts("\x0c" + LITERAL)  # a separator the scan leaves to the tokenizer
    assert calls == [1]  # then the whole text once, each statement's tokens sliced from it
