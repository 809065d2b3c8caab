"""`noqa_edit`: the edit behind the editor's "suppress CODE on this line" (issue 18)."""

from __future__ import annotations

import pytest

from pytest_codehealth.core.edits import apply_edits
from pytest_codehealth.core.source import split_lines
from pytest_codehealth.core.suppress import Suppressions, noqa_edit

EDITED = [
    pytest.param("x = 1\n", 1, "CH002", "x = 1  # noqa: CH002\n", id="new-comment"),
    pytest.param(
        "x = 1  # noqa: CH003\n", 1, "CH002", "x = 1  # noqa: CH003, CH002\n", id="extends-noqa"
    ),
    pytest.param(
        "x = 1  # noqa:CH003,CH004  # why\n",
        1,
        "CH002",
        "x = 1  # noqa:CH003,CH004, CH002  # why\n",
        id="extends-the-codes-not-the-note",
    ),
    pytest.param(
        "x = 1  # keep: legacy\n", 1, "CH002", "x = 1  # keep: legacy  # noqa: CH002\n", id="note"
    ),
    pytest.param(
        's = "# noqa: CH003"\n', 1, "CH002", 's = "# noqa: CH003"  # noqa: CH002\n', id="in-string"
    ),
    pytest.param("a = 1\r\nb = 2\r\n", 2, "CH005", "a = 1\r\nb = 2  # noqa: CH005\r\n", id="crlf"),
    pytest.param("a = 1", 1, "CH001", "a = 1  # noqa: CH001", id="no-final-newline"),
]


@pytest.mark.parametrize(("text", "line", "code", "expected"), EDITED)
def test_noqa_edit(text: str, line: int, code: str, expected: str) -> None:
    edit = noqa_edit(text, line, code)
    assert edit is not None
    new_text = apply_edits(text, [edit])
    assert new_text == expected
    assert code in Suppressions(new_text, split_lines(new_text)).keys_on(line)


NOTHING_TO_DO = [
    pytest.param("x = 1  # noqa\n", 1, "CH002", id="bare-noqa-hides-all"),
    pytest.param("x = 1  # noqa: CH002\n", 1, "CH002", id="already-there"),
    pytest.param("x = 1  # NOQA: ch002\n", 1, "CH002", id="already-there-any-case"),
    pytest.param('s = """a\nb"""\n', 1, "CH002", id="line-ends-inside-a-string"),
    pytest.param("x = 1\n", 3, "CH002", id="past-the-end"),
]


@pytest.mark.parametrize(("text", "line", "code"), NOTHING_TO_DO)
def test_no_noqa_edit(text: str, line: int, code: str) -> None:
    assert noqa_edit(text, line, code) is None
