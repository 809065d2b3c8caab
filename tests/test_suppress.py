"""Inline and file-level suppressions: `# noqa`, `# codehealth: ignore[...]`, `ignore-file[...]`."""

from __future__ import annotations

import pytest

from pytest_codehealth.config.load import FileSettings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.run import check_source
from tests.helpers import rule_named, source

SWALLOW = "try:\n    f()\nexcept OSError:{comment}\n    pass\n"


def _finding(line: int, code: str, name: str) -> Finding:
    return Finding("t.py", line, 1, code, name, "message")


CH001 = _finding(1, "CH001", "max-lines")
CH002 = _finding(1, "CH002", "silent-except")


def _hides(comment: str, finding: Finding) -> bool:
    text = f"x = 1  {comment}\n"
    return Suppressions(text, text.splitlines()).hides(finding)


LINE = [
    pytest.param("# noqa", True, True, id="bare-noqa-hides-all"),
    pytest.param("# NOQA", True, True, id="bare-noqa-upper"),
    pytest.param("#noqa", True, True, id="bare-noqa-no-space"),
    pytest.param("# noqa: CH002", False, True, id="noqa-one-code"),
    pytest.param("# noqa:CH002", False, True, id="noqa-no-space"),
    pytest.param("# noqa: ch002", False, True, id="noqa-lower-case-code"),
    pytest.param("# noqa:CH001,CH002", True, True, id="noqa-comma-list"),
    pytest.param("# noqa: CH001, CH002", True, True, id="noqa-comma-space-list"),
    pytest.param("# noqa: CH001 CH002", True, True, id="noqa-space-list"),
    pytest.param("# noqa: E722", False, False, id="other-tool-code"),
    pytest.param("# noqa: S110, BLE001", False, False, id="other-tool-codes"),
    pytest.param("# noqa: E722,CH002", False, True, id="mixed-tools"),
    pytest.param("# noqa: CH002 -- legacy retry loop", False, True, id="noqa-with-reason"),
    pytest.param("# type: ignore  # noqa: CH001", True, False, id="after-another-comment"),
    pytest.param("# codehealth: ignore[silent-except]", False, True, id="ignore-name"),
    pytest.param("# codehealth: ignore[CH002]", False, True, id="ignore-code"),
    pytest.param("# codehealth: ignore[ch002]", False, True, id="ignore-code-lower"),
    pytest.param("# codehealth: ignore[Silent-Except]", False, True, id="ignore-name-case"),
    pytest.param("# codehealth: ignore[max-lines, CH002]", True, True, id="ignore-list"),
    pytest.param("#codehealth:ignore[CH001]", True, False, id="ignore-no-spaces"),
    pytest.param("# codehealth: ignore", True, True, id="bare-ignore-hides-all"),
    pytest.param("# codehealth: ignore[]", False, False, id="empty-ignore"),
    pytest.param("# codehealth: ignore[CH0021]", False, False, id="longer-code"),
    pytest.param("# codehealth: ignore[unawaited-redis]", False, False, id="other-rule"),
    pytest.param("# pylint: disable=broad-except", False, False, id="pylint"),
    pytest.param("# type: ignore", False, False, id="type-ignore"),
    pytest.param("# codehealth: ignore-file[CH002]", False, True, id="ignore-file-on-line"),
]


@pytest.mark.parametrize(("comment", "ch001", "ch002"), LINE)
def test_line_suppressions(comment: str, ch001: bool, ch002: bool) -> None:
    assert (_hides(comment, CH001), _hides(comment, CH002)) == (ch001, ch002)


def test_only_the_findings_line() -> None:
    text = "x = 1  # noqa\ny = 2\n"
    suppressions = Suppressions(text, text.splitlines())
    assert suppressions.hides(_finding(1, "CH002", "silent-except"))
    assert not suppressions.hides(_finding(2, "CH002", "silent-except"))
    assert not suppressions.hides(_finding(3, "CH002", "silent-except"))  # past the end


@pytest.mark.parametrize(
    ("comment", "hidden"),
    [
        pytest.param("# codehealth: ignore-file[CH001]", {"CH001"}, id="code"),
        pytest.param("# codehealth: ignore-file[max-lines]", {"CH001"}, id="name"),
        pytest.param(
            "# codehealth: ignore-file[CH001, silent-except]", {"CH001", "CH002"}, id="list"
        ),
        pytest.param("# codehealth: ignore-file[]", set(), id="empty"),
        pytest.param("# codehealth: ignore-file", set(), id="no-brackets"),
    ],
)
def test_file_suppressions(comment: str, hidden: set[str]) -> None:
    text = f'"""Module."""\n\nx = 1\n\n\n{comment}\ny = 2\n'
    suppressions = Suppressions(text, text.splitlines())
    for line in (1, 3, 7):
        for finding in (
            _finding(line, "CH001", "max-lines"),
            _finding(line, "CH002", "silent-except"),
        ):
            assert suppressions.hides(finding) is (finding.code in hidden)


@pytest.mark.parametrize(
    "comment",
    ["# noqa", "# noqa: CH000", "# codehealth: ignore", "# codehealth: ignore[CH000]"],
)
def test_ch000_is_never_suppressed(comment: str) -> None:
    text = f"x = 1  {comment}\n# codehealth: ignore-file[CH000, unreadable-file]\n"
    finding = _finding(1, "CH000", "unreadable-file")
    assert not Suppressions(text, text.splitlines()).hides(finding)


def _check(text: str) -> list[str]:
    settings = FileSettings(
        (
            (rule_named("CH001"), rule_named("CH001").options_type(max=1)),
            (rule_named("CH002"), rule_named("CH002").options_type()),
        )
    )
    return [f"{f.line}:{f.col} {f.code}" for f in check_source(source(text), settings)]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        pytest.param("", ["1:1 CH001", "3:1 CH002"], id="none"),
        pytest.param("  # noqa", ["1:1 CH001"], id="bare-noqa"),
        pytest.param("  # noqa: CH002", ["1:1 CH001"], id="noqa-code"),
        pytest.param("  # noqa: BLE001", ["1:1 CH001", "3:1 CH002"], id="noqa-other-tool"),
        pytest.param("  # codehealth: ignore[silent-except]", ["1:1 CH001"], id="ignore-name"),
        pytest.param(
            "  # codehealth: ignore[max-lines]", ["1:1 CH001", "3:1 CH002"], id="ignore-other"
        ),
        pytest.param("  # codehealth: ignore-file[CH001]", ["3:1 CH002"], id="ignore-file"),
    ],
)
def test_engine_applies_suppressions(comment: str, expected: list[str]) -> None:
    assert _check(SWALLOW.format(comment=comment)) == expected


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        pytest.param("from .models import *  # noqa", ["1:1 CH001"], id="bare-noqa"),
        pytest.param("import os  # codehealth: ignore", ["1:1 CH001"], id="bare-ignore"),
        pytest.param("import os  # noqa: F401", ["1:1 CH001"], id="other-code"),
        pytest.param("import os  # noqa: CH001", [], id="explicit-code"),
        pytest.param("import os  # codehealth: ignore[max-lines]", [], id="explicit-name"),
    ],
)
def test_bare_suppression_on_line_1_keeps_the_size_gate(
    first_line: str, expected: list[str]
) -> None:
    assert _check(f"{first_line}\nx = 1\n") == expected


def test_suppression_on_another_line_does_not_apply() -> None:
    text = "try:\n    f()\n# noqa: CH002\nexcept OSError:\n    pass  # noqa: CH002\n"
    assert _check(text) == ["1:1 CH001", "4:1 CH002"]


# only comments suppress: the same text in a string, a docstring or an f-string does not

SWALLOWED = "try:\n    f()\nexcept OSError if {string} else E:\n    pass\n"
IN_STRINGS = [
    pytest.param(
        '"""Notes.\n\n# codehealth: ignore-file[silent-except]\n"""\n' + SWALLOW.format(comment=""),
        ["1:1 CH001", "7:1 CH002"],
        id="ignore-file-in-a-docstring",
    ),
    pytest.param(
        'HELP = "# codehealth: ignore-file[CH002]"\n' + SWALLOW.format(comment=""),
        ["1:1 CH001", "4:1 CH002"],
        id="ignore-file-in-a-string",
    ),
    pytest.param(
        SWALLOWED.format(string='"# noqa: CH002"'),
        ["1:1 CH001", "3:1 CH002"],
        id="noqa-in-a-string-on-the-line",
    ),
    pytest.param(
        SWALLOWED.format(string='f"{y} # noqa"'),
        ["1:1 CH001", "3:1 CH002"],
        id="noqa-in-an-f-string",
    ),
    pytest.param(
        '"""# noqa: CH001"""\nx = 1\n',
        ["1:1 CH001"],
        id="noqa-in-a-docstring-on-line-1",
    ),
    pytest.param(
        'x = "#"  # noqa: CH001\ny = 2\n',
        [],
        id="comment-after-a-hash-in-a-string",
    ),
    pytest.param(
        'try:\n    f()\nexcept OSError if ("a"  # noqa: CH002\n    "b") else E:\n    pass\n',
        ["1:1 CH001"],
        id="comment-between-the-parts-of-a-joined-string",
    ),
    pytest.param(
        'try:\n    f()\nexcept OSError if ("a # noqa: CH002"\n    "b") else E:\n    pass\n',
        ["1:1 CH001", "3:1 CH002"],
        id="noqa-inside-a-joined-string",
    ),
]


@pytest.mark.parametrize(("text", "expected"), IN_STRINGS)
def test_only_comments_suppress(text: str, expected: list[str]) -> None:
    assert _check(text) == expected


@pytest.mark.parametrize(("text", "expected"), IN_STRINGS)
def test_only_comments_suppress_without_a_tree(text: str, expected: list[str]) -> None:
    """The whole-project pass has the text only: it is tokenized, with the same answers."""
    src = source(text)
    size, swallow = rule_named("CH001"), rule_named("CH002")
    assert size.check is not None
    assert swallow.check is not None
    found = [
        *size.check(src, size.options_type(max=1)),
        *swallow.check(src, swallow.options_type()),
    ]
    suppressions = Suppressions(text, text.splitlines())
    visible = [f"{f.line}:{f.col} {f.code}" for f in found if not suppressions.hides(f)]
    assert sorted(visible) == expected
