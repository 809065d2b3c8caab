"""CH012 maintainability: radon's maintainability index on our tree, against a minimum."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from radon.metrics import mi_rank, mi_visit

import pytest_codehealth
from pytest_codehealth.config.load import load_settings
from pytest_codehealth.config.options import OptionError, convert_table
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _cyclomatic, _radon, maintainability
from tests.helpers import found, run_rule

PRICE = "def price(a, b):\n    return a + b * 2 if a else b - 1\n"

DISPATCH = """\
# Route a parsed command to its handler.
def dispatch(command, args, registry, audit):
    handler = registry.get(command)
    if handler is None:
        audit.append(("unknown", command))
        return 2
    try:
        result = handler(*args)
    except (TypeError, ValueError) as exc:
        audit.append(("bad-args", command, str(exc)))
        return 2
    if result and result.code or result.warnings:
        audit.extend(("warn", w) for w in result.warnings if w)
    return 0 if result.code == 0 else 1
"""


def test_message_gives_index_rank_and_minimum() -> None:
    (finding,) = run_rule("maintainability", PRICE, {"min-maintainability": 90})
    assert finding.message == "module has maintainability index 83.14, rank A (minimum 90)"
    assert (finding.line, finding.col, finding.code, finding.name) == (
        1,
        1,
        "CH012",
        "maintainability",
    )


@pytest.mark.parametrize("src", [PRICE, DISPATCH], ids=["expression", "dispatch"])
def test_at_the_minimum_is_clean_just_above_is_flagged(src: str) -> None:
    index = mi_visit(src, True)
    assert found("maintainability", src, {"min-maintainability": index}) == []
    flagged = found("maintainability", src, {"min-maintainability": index + 0.01})
    assert flagged == ["1:1 CH012"]


CLEAN = [
    pytest.param("", id="empty"),
    pytest.param("x = 1\n", id="no-operators"),
    pytest.param('"""Only a docstring."""\n', id="docstring"),
    pytest.param(PRICE, id="small-function"),
]


@pytest.mark.parametrize("src", CLEAN)
def test_clean_at_default_minimum(src: str) -> None:
    assert found("maintainability", src) == []


PACKAGE = Path(pytest_codehealth.__file__).parent
OWN_FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize(
    "path", OWN_FILES, ids=[p.relative_to(PACKAGE).as_posix() for p in OWN_FILES]
)
def test_index_equals_radon_mi_on_our_own_files(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _radon.maintainability(ast.parse(text), text) == mi_visit(text, True)


@pytest.mark.parametrize("index", [0.0, 8.99, 9.0, 9.01, 18.5, 19.0, 19.01, 55.0, 100.0])
def test_rank_equals_radon(index: float) -> None:
    assert _radon.mi_rank(index) == mi_rank(index)


def test_off_by_default(tmp_path: Path) -> None:
    settings = load_settings(None, {}, tmp_path)
    assert not {"CH011", "CH012"} & settings.selected
    assert "CH010" in settings.selected


@pytest.mark.parametrize(("raw", "value"), [(20, 20.0), (0, 0.0), (9.5, 9.5), (100, 100.0)])
def test_min_maintainability_accepts(raw: Any, value: float) -> None:
    values = convert_table(maintainability.Options, {"min-maintainability": raw})
    assert values == {"min_maintainability": value}


@pytest.mark.parametrize(
    ("raw", "spelled"),
    [(-1, "-1"), (100.5, "100.5"), ("A", '"A"'), (True, "true"), (float("nan"), "nan")],
)
def test_min_maintainability_rejects(raw: Any, spelled: str) -> None:
    with pytest.raises(OptionError) as info:
        convert_table(maintainability.Options, {"min-maintainability": raw})
    assert info.value.reason == f"expected a number from 0 to 100, got {spelled}"


def test_complexity_is_counted_once_for_ch010_ch011_and_ch012(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    walk, indexed = _cyclomatic.score, _cyclomatic.score_indexed

    def walking(tree: ast.Module, *, no_assert: bool = False) -> _cyclomatic.Scope:
        calls.append(f"walk {no_assert}")
        return walk(tree, no_assert=no_assert)

    def from_index(tree: ast.Module, nodes: Any, *, no_assert: bool = False) -> _cyclomatic.Scope:
        calls.append(f"index {no_assert}")
        return indexed(tree, nodes, no_assert=no_assert)

    monkeypatch.setattr(_cyclomatic, "score", walking)
    monkeypatch.setattr(_cyclomatic, "score_indexed", from_index)
    src = SourceFile("m.py", DISPATCH, ast.parse(DISPATCH))
    blocks = _radon.blocks(src)  # CH010 and CH011
    (finding,) = maintainability.check(src, maintainability.Options(min_maintainability=90))
    assert calls == ["index False"]
    assert blocks[0].complexity == 9
    index = mi_visit(DISPATCH, True)
    assert finding.message.startswith(f"module has maintainability index {index:.2f}")
