"""`_halstead`: radon's Halstead counts without radon's visitor, checked against it.

radon's own `h_visit_ast` is the oracle: the distinct and total operators and operands and
the volume (what CH012's maintainability index reads) must be the ones it gives, on idioms of
every construct it counts or skips and on this package's sources.
`benchmarks/halstead_agreement.py` does the same on Django, sympy and the standard library.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from radon.metrics import h_visit_ast

import pytest_codehealth
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _halstead

IDIOMS = [
    pytest.param("x = 1\n", id="no-operators"),
    pytest.param("x = a + b * c - -d\ny = not a\n", id="binary-and-unary"),
    pytest.param("ok = a and b or c and not d\n", id="boolean"),
    pytest.param("total += price * count\nn -= 1\n", id="augmented"),
    pytest.param("ok = 0 < x <= 10 != y\nin_ = a in b and c is not None\n", id="compare-chains"),
    pytest.param("a = x + 1\nb = x + 1.0\nc = x + True\n", id="equal-constants-are-one"),
    pytest.param("a = self.x + other.x\nb = x.y - y.x\n", id="attributes-by-name"),
    pytest.param("a = f() + f()\nb = x[0] + x[0]\n", id="other-operands-by-node"),
    pytest.param(
        "def f(a=1 + 2, *, b: int | None = None) -> int | str:\n    return a + b\n",
        id="defaults-and-annotations-not-counted",
    ),
    pytest.param("@register(1 + 2)\ndef f():\n    return x + 1\n", id="decorator-not-counted"),
    pytest.param(
        "def outer(a):\n    b = a + 1\n    def inner(c):\n        return c + 1\n    return b + a\n",
        id="nested-function-contexts",
    ),
    pytest.param(
        "class C(Base if x else Other):\n    limit = 2 * 3\n    def m(self):\n"
        "        return self.limit * 2\n    async def n(self):\n        return await x or y\n",
        id="class-and-methods",
    ),
    pytest.param("f = lambda a: a + 1\ng = lambda a: a + 1\n", id="lambdas"),
    pytest.param("d = {**a, 'k': b + c}\ns = [x * 2 for x in y if x > 1]\n", id="displays"),
    pytest.param("msg = f'{a + b!r:>{w - 1}}'\n", id="f-string"),
    pytest.param(
        "match p:\n    case [x, *_] if x > 0:\n        y = -x\n    case _:\n        y = x or 0\n",
        id="match",
    ),
    pytest.param("if (n := len(a)) > 10:\n    n //= 2\n", id="walrus"),
    pytest.param("x = 'a' + 'b'\ny = b'a' + b'b'\nz = ... if a else None\n", id="strings"),
    pytest.param("", id="empty"),
    pytest.param("def f(x=a+b): return c+d\n", id="default-and-body-on-one-line"),
    pytest.param(
        '@deco(a - 1)\nasync def f(x: int = -1) -> A | B:\n    """Doc."""\n    return -x\n',
        id="async-def-header-not-counted",
    ),
    pytest.param(
        "def outer():\n    @wrap(1 + 1)\n    def inner(y=2 * 2):\n        return y + 1\n"
        "    return inner() - 1\nz = 3 - 1\n",
        id="nested-def-header-in-a-body",
    ),
    pytest.param(
        "def f():\n    s = f'{a + 1}' f'''\n{b * 2}'''\n    return s\n", id="f-strings-in-a-body"
    ),
]


def _ours(tree: ast.AST) -> tuple[int, int, int, int, float]:
    found = _halstead.counts(tree)
    distinct = len(found.operators_seen), len(found.operands_seen)
    return (*distinct, found.operators, found.operands, found.volume)


def _indexed(text: str) -> tuple[int, int, int, int, float]:
    tree = ast.parse(text)
    found = _halstead.counts_indexed(SourceFile("m.py", text, tree))
    distinct = len(found.operators_seen), len(found.operands_seen)
    return (*distinct, found.operators, found.operands, found.volume)


def _radons(tree: ast.AST) -> tuple[int, int, int, int, float]:
    total = h_visit_ast(tree).total
    return total.h1, total.h2, total.N1, total.N2, total.volume


@pytest.mark.parametrize("text", IDIOMS)
def test_counts_are_radons(text: str) -> None:
    tree = ast.parse(text)
    assert _ours(tree) == _radons(tree)


@pytest.mark.parametrize("text", IDIOMS)
def test_counts_from_the_node_index_are_radons(text: str) -> None:
    assert _indexed(text) == _radons(ast.parse(text))


def test_counts_are_radons_on_this_package() -> None:
    for path in sorted(Path(pytest_codehealth.__file__).parent.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        assert _ours(tree) == _radons(tree), path
        assert _indexed(text) == _radons(tree), path


def test_a_tree_too_deep_for_radons_visitor_is_counted() -> None:
    tree = ast.parse("total = " + " + ".join(["1"] * 1000) + "\n")
    with pytest.raises(RecursionError):
        h_visit_ast(tree)
    assert _ours(tree)[2:4] == (999, 1998)
