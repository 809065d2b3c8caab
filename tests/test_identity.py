"""Finding identities: the enclosing symbol, found in time that grows with the work (issue 16)."""

from __future__ import annotations

import ast
import gc
from pathlib import Path

import pytest

import pytest_codehealth
from pytest_codehealth.config.load import load_settings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.engine import analysis, identity
from pytest_codehealth.engine.identity import ScopeIndex, scopes

NESTED = """\
@decorator
class Outer:
    def method(self):
        def inner():
            return 1
        return inner

    class Inner:
        def deep(self):
            pass

def top():
    x = 1
    if x:
        def in_if():
            pass
    return x
"""


@pytest.mark.parametrize(
    ("line", "symbol"),
    [
        (1, "Outer"),  # the decorator line belongs to the class
        (2, "Outer"),
        (3, "Outer.method"),
        (5, "Outer.method.inner"),
        (6, "Outer.method"),
        (7, "Outer"),
        (10, "Outer.Inner.deep"),
        (11, ""),
        (13, "top"),
        (16, "top.in_if"),
        (17, "top"),
        (99, ""),
    ],
)
def test_the_innermost_symbol(line: int, symbol: str) -> None:
    assert ScopeIndex(scopes(ast.parse(NESTED))).symbol_at(line) == symbol
    indexed = SourceFile("t.py", NESTED, ast.parse(NESTED))
    assert ScopeIndex(scopes(indexed.tree, indexed.nodes)).symbol_at(line) == symbol


SCOPE_IDIOMS = [
    pytest.param(NESTED, id="nested"),
    pytest.param(
        "@a\n@b(\n    1)\nclass C:\n    @property\n    def p(self): return 1\n", id="decorators"
    ),
    pytest.param(
        "try:\n    def f(): pass\nexcept E:\n    class C: pass\n"
        "finally:\n    def g():\n        async def h(): pass\n",
        id="try",
    ),
    pytest.param(
        "match x:\n    case 1:\n        def f():\n"
        "            class C:\n                def m(self): pass\n",
        id="match",
    ),
    pytest.param("class A: pass\nclass B(A): x = 1\ndef f(): return 2\n", id="one-liners"),
    pytest.param(
        "def f():\n    def g():\n        pass\n\n\n    def h():\n        pass\n    return g\n",
        id="siblings",
    ),
]


@pytest.mark.parametrize("text", SCOPE_IDIOMS)
def test_scopes_from_the_index_are_the_walks(text: str) -> None:
    src = SourceFile("t.py", text, ast.parse(text))
    assert scopes(src.tree, src.nodes) == scopes(src.tree)


def test_scopes_from_the_index_on_this_package() -> None:
    for path in sorted(Path(pytest_codehealth.__file__).parent.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        src = SourceFile(str(path), text, ast.parse(text))
        assert scopes(src.tree, src.nodes) == scopes(src.tree), path


def _steps(functions: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many times identifying one finding per function reads a scope's bounds."""
    text = "".join(f"def f{i}():\n    return {i}\n" for i in range(functions))
    findings = [Finding("m.py", 2 * i + 2, 5, "CH002", "x", "m") for i in range(functions)]
    tree, lines = ast.parse(text), text.splitlines()
    looked = 0
    real = identity._Scope.__getattribute__

    def counting(self: object, name: str) -> object:
        nonlocal looked
        looked += name in ("start", "end")
        return real(self, name)  # type: ignore[arg-type]

    monkeypatch.setattr(identity._Scope, "__getattribute__", counting)
    found = identity.identify(findings, lines, tree)
    monkeypatch.undo()
    assert [finding.identity.symbol for finding in found if finding.identity] == [
        f"f{i}" for i in range(functions)
    ]
    return looked


def test_cost_grows_linearly_with_findings_and_scopes(monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = _steps(500, monkeypatch), _steps(1000, monkeypatch)
    assert large <= 2.2 * small


def test_no_cyclic_gc_while_a_file_is_parsed_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = analysis.analyse

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "analyse", spy)
    settings = load_settings(None, {}, Path("."))
    analysis.analyse_bytes("m.py", b"x = 1\n", settings.for_parts(("m.py",)))
    assert seen == [False]
    assert gc.isenabled()  # and it is back on afterwards
