"""CH001 max-lines: physical and code line counts, line endings, boundaries, options."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_codehealth.config.options import OptionError
from pytest_codehealth.core.source import SourceFile, decode
from pytest_codehealth.rules.size.max_lines import code_line_count
from tests.helpers import found, run_rule, source

PHYSICAL = [
    pytest.param("", 0, id="empty-file"),
    pytest.param("\n", 1, id="one-blank-line"),
    pytest.param("x = 1\n", 1, id="one-line"),
    pytest.param("x = 1", 1, id="no-final-newline"),
    pytest.param("x = 1\ny = 2", 2, id="no-final-newline-two-lines"),
    pytest.param("x = 1\r\ny = 2\r\n", 2, id="crlf"),
    pytest.param("x = 1\r\ny = 2", 2, id="crlf-no-final-newline"),
    pytest.param("x = 1\ry = 2\r", 2, id="cr"),
    pytest.param("x = 1\r\ny = 2\rz = 3\n", 3, id="mixed-endings"),
    pytest.param("x = 1\n\n\n", 3, id="trailing-blank-lines"),
    pytest.param("# only a comment\n", 1, id="comment-only"),
    pytest.param('"""Docstring."""\n\n\nx = 1\n', 4, id="blank-and-docstring-count"),
]


def _src(text: str) -> SourceFile:
    return source(decode(text.encode()))


@pytest.mark.parametrize(("text", "lines"), PHYSICAL)
def test_physical_count(text: str, lines: int) -> None:
    assert len(_src(text).lines) == lines


@pytest.mark.parametrize(("text", "lines"), [p for p in PHYSICAL if p.values[1] > 1])
def test_physical_count_at_and_past_the_limit(text: str, lines: int) -> None:
    assert found("max-lines", text, {"max": lines}) == []
    assert found("max-lines", text, {"max": lines - 1}) == ["1:1 CH001"]


@pytest.mark.parametrize(("text", "lines"), [p for p in PHYSICAL if p.values[1] > 1])
def test_physical_message_gives_count_and_limit(text: str, lines: int) -> None:
    (finding,) = run_rule("max-lines", text, {"max": 1})
    assert finding.message == f"module has {lines} lines (limit 1)"
    assert (finding.line, finding.col, finding.code, finding.name) == (1, 1, "CH001", "max-lines")


def test_default_limit_is_400() -> None:
    assert found("max-lines", "x = 1\n" * 400) == []
    (finding,) = run_rule("max-lines", "x = 1\n" * 401)
    assert finding.message == "module has 401 lines (limit 400)"


def _code(text: str, limit: int) -> list[str]:
    return found("max-lines", text, {"max": limit, "count": "code"})


CODE = [
    pytest.param("", 0, id="empty-file"),
    pytest.param("\n\n\n", 0, id="blank-lines"),
    pytest.param("# a\n# b\n", 0, id="comments"),
    pytest.param('"""Module docstring."""\n', 0, id="docstring"),
    pytest.param('"""Module\n\ndocstring\n"""\nx = 1\n', 1, id="multi-line-docstring"),
    pytest.param(
        'def f():\n    """Doc."""\n    # why\n\n    return 1\n', 2, id="function-docstring-comment"
    ),
    pytest.param('class C:\n    """Doc\n    more.\n    """\n', 1, id="class-docstring"),
    pytest.param('x = 1\n"""Attribute doc,\nas sphinx reads it."""\n', 1, id="bare-string-after"),
    pytest.param("'a' 'b'\nx = 1\n", 1, id="implicit-concatenation-bare"),
    pytest.param('SQL = """\nselect *\nfrom t\n"""\n', 4, id="multi-line-string-assigned"),
    pytest.param('f(\n    """\n    text\n    """\n)\n', 5, id="multi-line-string-argument"),
    pytest.param("x = 1  # trailing comment\n", 1, id="code-with-comment"),
    pytest.param(
        "x = [\n    1,\n\n    # c\n    2,\n]\n", 4, id="blank-and-comment-inside-brackets"
    ),
    pytest.param("x = 1 + \\\n    2\n", 2, id="backslash-continuation"),
    pytest.param("x = 1\r\n\r\n# c\r\ny = 2\r\n", 2, id="crlf"),
    pytest.param("x = 1\r\r# c\ry = 2\r", 2, id="cr"),
    pytest.param('"""Doc\r\nmore."""\rx = 1\ry = 2\r', 2, id="mixed-endings-docstring"),
    pytest.param("x = 1\n# c\ny = 2", 2, id="no-final-newline"),
    pytest.param("x = 'é'; 'bare'\ny = 2\n", 2, id="non-ascii-before-bare-string"),
    pytest.param("\ufeffx = 1\n", 1, id="bom-stripped-by-decode"),
]


@pytest.mark.parametrize(("text", "lines"), CODE)
def test_code_count(text: str, lines: int) -> None:
    assert code_line_count(_src(text)) == lines


@pytest.mark.parametrize(("text", "lines"), [p for p in CODE if p.values[1] > 1])
def test_code_count_at_and_past_the_limit(text: str, lines: int) -> None:
    assert _code(text, lines) == []
    assert _code(text, lines - 1) == ["1:1 CH001"]


def test_code_count_message() -> None:
    text = '"""Doc."""\n\nimport os\n\n# c\nprint(os.sep)\n'
    (finding,) = run_rule("max-lines", text, {"max": 1, "count": "code"})
    assert finding.message == "module has 2 lines of code (limit 1)"


def test_code_count_ignores_what_physical_counts() -> None:
    text = '"""Doc.\n\nMore.\n"""\n\n# comment\n\nx = 1\n'
    assert found("max-lines", text, {"max": 1, "count": "code"}) == []
    assert found("max-lines", text, {"max": 1}) == ["1:1 CH001"]


def test_code_count_is_exact_on_a_real_module() -> None:
    text = (
        '"""Orders service."""\n'  # not code
        "\n"
        "from __future__ import annotations\n"  # 1
        "\n"
        "import logging\n"  # 2
        "\n"
        "logger = logging.getLogger(__name__)\n"  # 3
        "\n"
        "\n"
        "class Orders:\n"  # 4
        '    """A repository.\n'
        "\n"
        "    Longer description.\n"
        '    """\n'
        "\n"
        "    # The table name.\n"
        '    TABLE = "orders"\n'  # 5
        "\n"
        "    def get(self, key: str) -> str:\n"  # 6
        '        """Fetch one."""\n'
        '        query = f"""\n'  # 7
        "            select * from {self.TABLE}\n"  # 8
        '        """\n'  # 9
        "        return query  # done\n"  # 10
    )
    assert _code(text, 10) == []
    assert _code(text, 9) == ["1:1 CH001"]


@pytest.mark.parametrize(
    ("options", "key", "reason"),
    [
        pytest.param({"max": 0}, "max", "expected a number >= 1, got 0", id="zero"),
        pytest.param({"max": -5}, "max", "expected a number >= 1, got -5", id="negative"),
        pytest.param({"max": "300"}, "max", 'expected an integer, got "300"', id="string"),
        pytest.param({"max": 3.5}, "max", "expected an integer, got 3.5", id="float"),
        pytest.param({"max": True}, "max", "expected an integer, got true", id="bool"),
        pytest.param(
            {"count": "logical"},
            "count",
            'expected one of "physical", "code", got "logical"',
            id="count-choice",
        ),
        pytest.param(
            {"maximum": 3}, "maximum", "unknown option (known: max, count)", id="unknown-key"
        ),
    ],
)
def test_option_errors(options: dict[str, Any], key: str, reason: str) -> None:
    with pytest.raises(OptionError) as info:
        run_rule("max-lines", "x = 1\n", options)
    assert (info.value.key, info.value.reason) == (key, reason)


def test_lines_of_a_source_file() -> None:
    assert source("a\r\nb\rc\nd").lines == ["a", "b", "c", "d"]
    assert source("").lines == []
    assert source("\n").lines == [""]
