"""The pyparsing 2.4.7 -> 3.0.0 split replayed in git (a reproduction, see compat_pyparsing):
its 4 missing names and 7 top-level signature breaks, and nothing else at top level."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from tests.plugin.compat_project import report, split_module
from tests.plugin.compat_pyparsing import FILES, OLD

MISSING = ["commaSeparatedList", "downcaseTokens", "operatorPrecedence", "upcaseTokens"]
SIGNATURES = [
    "And",
    "OnlyOnce",
    "ParseResults",
    "infixNotation",
    "makeHTMLTags",
    "makeXMLTags",
    "replaceWith",
]
ALL = [*MISSING[:3], "re", MISSING[3]]
METHODS = [
    # a staticmethod that became a method: `err.explain(err)` passes `err` as the depth
    "signature: ParseException.explain(exc, depth=16) -> ParseException.explain(self, depth=16): "
    "a staticmethod became a method; through an instance: parameter `exc` removed or renamed, "
    "`depth` can no longer be passed by position; through the class: `exc` renamed to `self` "
    "(passing `exc=` fails)",
    "signature: ParseResults.get(self, key, defaultValue=None) -> ParseResults.get(self, key, "
    "default_value=None): `defaultValue` renamed to `default_value` (passing `defaultValue=` "
    "fails)",
    # a move, not a keyword-only change: `parseFile(f, True)` passes True as the encoding
    "signature: ParserElement.parseFile(self, file_or_filename, parseAll=False) -> "
    "ParserElement.parseFile(self, file_or_filename, encoding='utf-8', parse_all=False, *, "
    "parseAll=False): `parseAll` (position 3) now lands on `encoding`: `parseAll` became "
    "keyword-only and `encoding` took its place",
]
LABEL = re.compile(r"^(missing|signature): ([\w.]+)")


def top_level(lines: list[str], kind: str) -> list[str]:
    """The names of top-level `missing:` or `signature:` lines (not `Class.method` ones)."""
    found = [match.group(2) for line in lines if (match := LABEL.match(line))]
    kinds = [match.group(1) for line in lines if (match := LABEL.match(line))]
    return sorted(
        name for name, k in zip(found, kinds, strict=True) if k == kind and "." not in name
    )


def check_report(lines: list[str], how: str) -> None:
    assert lines[0] == f"pyparsing is not backward compatible with git HEAD:pyparsing.py ({how}):"
    assert top_level(lines, "missing") == MISSING
    assert top_level(lines, "signature") == SIGNATURES
    assert [line for line in lines if line.startswith("__all__")] == [
        f'__all__: missing "{name}" — add it to __all__ in pyparsing/__init__.py' for name in ALL
    ]
    assert [line for line in lines if re.match(r"^\w+: \w+\.\w+", line)] == METHODS
    others = [
        line for line in lines[1:] if not line.startswith(("missing", "signature", "__all__"))
    ]
    assert others == []  # no keyword-only noise, no shadowing (`common`), no Python-2 names


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_cli(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    split_module(repo, "pyparsing", OLD, FILES)
    assert main(["compat", "--ref", "HEAD"]) == 1
    check_report(capsys.readouterr().out.splitlines(), "imported at run time")


def test_the_static_read_finds_the_same(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the old module does not import: the static read stands, with the same findings
    split_module(repo, "pyparsing", "import codehealth_no_such_module\n" + OLD, FILES)
    assert main(["compat", "--ref", "HEAD"]) == 1
    lines = capsys.readouterr().out.splitlines()
    how = (
        "read from source; the old module does not import: ModuleNotFoundError: "
        "No module named 'codehealth_no_such_module'"
    )
    check_report(lines, how)


def test_the_plugin(pytester: pytest.Pytester) -> None:
    split_module(pytester.path, "pyparsing", OLD, FILES)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--codehealth-compat-ref", "HEAD"
    )
    result.assert_outcomes(failed=1)
    check_report(report(result, "pyparsing"), "imported at run time")
