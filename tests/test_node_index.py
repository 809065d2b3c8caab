"""`SourceFile`'s node index: one walk, only the fields that can hold nodes (`core.children`).

The oracle is a plain recursive pre-order walk with `ast.iter_child_nodes`, which tries every
field: the index must hold the same nodes of every type in the same order, less the
`Load`/`Store`/`Del` contexts, on idioms of every grammar form and on this package's sources.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import pytest_codehealth
from pytest_codehealth.core.children import ANY, MANY, ONE, child_fields
from pytest_codehealth.core.source import index_nodes

CONTEXTS = (ast.Load, ast.Store, ast.Del)
IDIOMS = [
    pytest.param("x = {**a, 'k': 1, **b}\n", id="dict-unpacking-holes"),
    pytest.param("def f(a, /, b=1, *c, d, e=2, **g) -> int:\n    return a\n", id="arguments"),
    pytest.param("def f(*, a, b=1):\n    pass\n", id="kw-defaults-holes"),
    pytest.param("@d(1)\nclass C(B, metaclass=M):\n    x: int = 1\n", id="class"),
    pytest.param("import a.b as c\nfrom . import (d, e as f)\nfrom g import *\n", id="imports"),
    pytest.param("global a\nnonlocal_ = 1\ndel a[1], b.c\n", id="global-del"),
    pytest.param("try:\n    f()\nexcept (A, B) as e:\n    pass\nelse:\n    g()\n", id="try"),
    pytest.param("try:\n    f()\nexcept* A:\n    pass\nfinally:\n    h()\n", id="try-star"),
    pytest.param(
        "match p:\n    case [1, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n"
        "    case Point(x=0, y=_) | None:\n        pass\n    case str() as s if s:\n        pass\n",
        id="match",
    ),
    pytest.param(
        "async def f():\n    async with a as b, c:\n        async for x in y:\n"
        "            await z\n    return [i async for i in j if i]\n",
        id="async",
    ),
    pytest.param("f'{a!r:>{w}} {b=}'\nx = a if b else c\ny = (z := 1)\n", id="f-string"),
    pytest.param("x = lambda a=1, *b: (yield a)\ny = a[1:2, ::3]\n", id="lambda-slices"),
    pytest.param("x = {k: v for k, v in d.items()}\ns = {*a, *b}\n", id="comprehensions"),
    pytest.param("for a, *b in c:\n    break\nelse:\n    continue_ = 1\n", id="starred-target"),
    pytest.param("while x:\n    x -= 1\nassert x, 'msg'\nraise E from e\n", id="while-assert"),
    pytest.param("with open(p) as (a, b):\n    pass\n", id="with-tuple-target"),
]
if sys.version_info >= (3, 12):
    IDIOMS.append(
        pytest.param("type A[T: int, *Ts, **P] = list[T]\ndef f[T](x: T) -> T: ...\n", id="pep695")
    )


def _pre_order(tree: ast.AST) -> dict[type[ast.AST], list[ast.AST]]:
    found: dict[type[ast.AST], list[ast.AST]] = {}

    def visit(node: ast.AST) -> None:
        if not isinstance(node, CONTEXTS):
            found.setdefault(type(node), []).append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _indexed(tree: ast.AST) -> dict[type[ast.AST], list[ast.AST]]:
    index = index_nodes(tree)
    for column in index.values():
        assert list(column.positions) == sorted(column.positions)
        assert len(column.positions) == len(column.nodes)
    return {kind: column.nodes for kind, column in index.items()}


@pytest.mark.parametrize("text", IDIOMS)
def test_index_holds_every_node_in_pre_order(text: str) -> None:
    tree = ast.parse(text)
    assert _indexed(tree) == _pre_order(tree)


def test_index_skips_the_contexts() -> None:
    index = index_nodes(ast.parse("a = b\ndel c\n"))
    assert not set(index) & set(CONTEXTS)
    assert [type(node) for node in index[ast.Name].nodes] == [ast.Name] * 3


def test_index_agrees_on_this_package() -> None:
    package = Path(pytest_codehealth.__file__).parent
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert _indexed(tree) == _pre_order(tree), path


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param(ast.Name, (), id="name-scalars-and-context"),
        pytest.param(ast.Constant, (), id="constant"),
        pytest.param(ast.Attribute, (("value", ONE),), id="attribute"),
        pytest.param(ast.Dict, (("keys", MANY), ("values", MANY)), id="dict"),
        pytest.param(ast.Global, (), id="global-names-are-identifiers"),
        pytest.param(ast.alias, (), id="alias"),
        pytest.param(ast.MatchAs, (("pattern", ONE),), id="optional-node"),
    ],
)
def test_child_fields_from_the_signature(kind: type[ast.AST], expected: tuple[object]) -> None:
    assert child_fields(kind) == expected


def test_an_undescribed_field_is_tried_as_any() -> None:
    class Odd(ast.AST):
        _fields = ("inner",)

    assert child_fields(Odd) == (("inner", ANY),)
    node = Odd()
    node.inner = [ast.Name("a", ast.Load()), "text"]  # type: ignore[attr-defined]
    assert [type(each) for each in index_nodes(node)[ast.Name].nodes] == [ast.Name]
    assert child_fields(str) == ()
