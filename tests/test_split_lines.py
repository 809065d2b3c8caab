"""`split_lines`: physical lines as Python sees them (CRLF, CR and LF each end one).

The pattern is the oracle; a text without a CR (nearly every file) is split on LF alone,
without running it.
"""

from __future__ import annotations

import re

import pytest

from pytest_codehealth.core import source
from pytest_codehealth.core.source import split_lines

ORACLE = re.compile(r"\r\n|\r|\n")
TEXTS = [
    pytest.param("", id="empty"),
    pytest.param("x = 1", id="no-break"),
    pytest.param("x = 1\n", id="lf"),
    pytest.param("a\n\nb\n\n", id="blank-lines"),
    pytest.param("a\r\nb\r\n", id="crlf"),
    pytest.param("a\rb\r", id="cr"),
    pytest.param("a\r\n\rb\n\r\n", id="mixed"),
    pytest.param("a\x0cb\x0bc\x1cd\x1de\x1ef\x85g\u2028h\u2029i\n", id="not-breaks-here"),
    pytest.param("\n", id="one-break"),
    pytest.param("\r", id="one-cr"),
]


def _oracle(text: str) -> list[str]:
    lines = ORACLE.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


@pytest.mark.parametrize("text", TEXTS)
def test_lines_as_the_pattern_splits_them(text: str) -> None:
    assert split_lines(text) == _oracle(text)


class _Counted:
    def __init__(self) -> None:
        self.calls = 0

    def split(self, text: str) -> list[str]:
        self.calls += 1
        return ORACLE.split(text)


@pytest.mark.parametrize(("text", "calls"), [("a\nb\n", 0), ("a\r\nb\n", 1), ("a\rb", 1)])
def test_the_pattern_runs_only_on_a_text_with_a_cr(
    monkeypatch: pytest.MonkeyPatch, text: str, calls: int
) -> None:
    counted = _Counted()
    monkeypatch.setattr(source, "_LINE_BREAK", counted)
    assert split_lines(text) == _oracle(text)
    assert counted.calls == calls
