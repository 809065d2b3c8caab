"""`_cyclomatic`: radon's cyclomatic complexity without radon's visitor, checked against it.

radon's own `ComplexityVisitor` is the oracle: every block (kind, qualified name, position,
score, nested or not) and the module total must be the ones it gives, with and without
`no_assert`. `benchmarks/radon_agreement.py` does the same on Django, sympy and the stdlib.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from radon.visitors import ComplexityVisitor

from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.rules.complexity import _cyclomatic, _radon

Row = tuple[int, int, str, str, int, bool]

CASES = [
    pytest.param("x = 1\n", id="no-blocks"),
    pytest.param("def f(a):\n    return a if a else b\n", id="if-expression"),
    pytest.param(
        "def f(a, b=lambda x: x if x else 0, *, c=1 if d else 2) -> (int if e else str):\n"
        "    return a\n",
        id="defaults-and-annotations-not-counted",
    ),
    pytest.param("@(lambda f: f if g else f)\ndef f():\n    pass\n", id="decorator-not-counted"),
    pytest.param("def f(a):\n    g = lambda: a if a else 1\n    return g\n", id="lambda-body"),
    pytest.param(
        "def f(a, b, c):\n    assert a and b or c\n    assert [x for x in a if x]\n",
        id="assert-contents-not-counted",
    ),
    pytest.param(
        "def f(a):\n    for x in a:\n        pass\n    else:\n        pass\n"
        "    while a:\n        break\n    else:\n        pass\n"
        "    async def g():\n        async for y in a:\n            pass\n"
        "        async with a:\n            pass\n",
        id="loops-else-async",
    ),
    pytest.param(
        "def f(a):\n    try:\n        pass\n    except A:\n        pass\n    except B:\n"
        "        pass\n    else:\n        pass\n    finally:\n        pass\n"
        "    try:\n        pass\n    except* C:\n        pass\n    except* D:\n        pass\n",
        id="try-and-try-star",
    ),
    pytest.param(
        "def f(p):\n    match p:\n        case 1:\n            pass\n        case [a, *_]:\n"
        "            pass\n        case {'k': v} if v and p:\n            pass\n"
        "        case _:\n            pass\n"
        "    match p:\n        case x:\n            pass\n"
        "    match p:\n        case (1 | 2) as y:\n            pass\n        case Point(x=0):\n"
        "            pass\n",
        id="match",
    ),
    pytest.param(
        "def f(a):\n    return [x for x in a if x if x > 1 for y in x] + "
        "[x async for x in a] and {k: v for k, v in a}\n",
        id="comprehensions",
    ),
    pytest.param(
        "def f(a):\n    if (b := a) and a or not a:\n        pass\n    elif a:\n        pass\n",
        id="bool-ops-elif",
    ),
    pytest.param(
        "def outer(a):\n    if a:\n        def inner(b):\n            return b or a\n"
        "    class Local:\n        def m(self):\n            if self:\n                pass\n"
        "    return inner\n",
        id="closure-counted-apart-class-in-function-dropped",
    ),
    pytest.param(
        "class A:\n    x = 1 if y else 2\n    if z:\n        def m(self):\n            pass\n"
        "    else:\n        def m(self):\n            return self or 1\n"
        "    async def n(self):\n        def closure():\n            pass\n"
        "    class B:\n        def p(self):\n            pass\n        class C:\n"
        "            pass\n",
        id="class-methods-inner-classes",
    ),
    pytest.param("class A:\n    pass\n", id="class-without-methods"),
    pytest.param("class A:\n    def m(self):\n        return self or 1\n", id="one-method"),
    pytest.param(
        "@d(1 if a else 2)\nclass A(B if c else D, metaclass=M if e else N):\n"
        "    def m(self):\n        pass\n",
        id="class-decorators-bases-not-counted",
    ),
    pytest.param(
        "if a:\n    def f():\n        pass\nelse:\n    class K:\n        pass\n"
        "x = [y for y in z if y]\nassert a or b\n",
        id="module-level-code",
    ),
    pytest.param(
        "def deco(func):\n    @wraps(a if b else func)\n    def wrapper(*args):\n"
        "        return func(*args) or None\n    return wrapper\n",
        id="decorated-closure-first-in-its-function",
    ),
    pytest.param(
        "def f():\n    def g():\n        def h():\n            return a or b\n",
        id="a-body-that-is-one-def",
    ),
    pytest.param(
        "def f(): return a if b else c\nclass K: x = a or b; y = [i for i in a if i]\n"
        "if a: g = lambda: b or c\n",
        id="one-line-blocks-and-semicolons",
    ),
    pytest.param(
        'def f(a):\n    return f"{a if a else 0:>{w or 1}}" + f"""\n{[x for x in a if x]}\n"""\n'
        "x = f'{a and b}'\n",
        id="f-strings",
    ),
    pytest.param(
        "def f():\n    class K:\n        @d(a if b else c)\n        def m(self):\n"
        "            return self or 1\n    return K if a else None\n",
        id="decorated-method-of-a-class-in-a-function",
    ),
    pytest.param(
        "class A(B if c else D):\n    @property\n    def p(self):\n        assert self, (a or b)\n"
        "        return [y async for y in self if y]\n",
        id="decorated-method-first-in-its-class",
    ),
]


def _radon_rows(source: str, no_assert: bool) -> tuple[list[Row], int]:
    visitor = ComplexityVisitor.from_ast(ast.parse(source), no_assert=no_assert)
    rows = [*_functions(visitor.functions, "", False), *_classes(visitor.classes, "", False)]
    return sorted(rows), visitor.total_complexity


def _functions(raw: Iterable[Any], prefix: str, nested: bool) -> Iterator[Row]:
    for func in raw:
        name = f"{prefix}{func.name}"
        kind = "method" if func.is_method else "function"
        yield (func.lineno, func.col_offset, kind, name, func.complexity, nested)
        yield from _functions(func.closures, f"{name}.", True)


def _classes(raw: Iterable[Any], prefix: str, nested: bool) -> Iterator[Row]:
    for cls in raw:
        name = f"{prefix}{cls.name}"
        yield (cls.lineno, cls.col_offset, "class", name, cls.complexity, nested)
        yield from _functions(cls.methods, f"{name}.", nested)
        yield from _classes(cls.inner_classes, f"{name}.", True)


def _our_rows(source: str, no_assert: bool) -> tuple[list[Row], int]:
    tree = ast.parse(source)
    blocks = _radon.blocks(SourceFile("m.py", source, tree), no_assert=no_assert)
    rows = [(b.line, b.col, b.kind, b.name, b.complexity, b.nested) for b in blocks]
    return sorted(rows), _cyclomatic.score(tree, no_assert=no_assert).total


@pytest.mark.parametrize("no_assert", [False, True], ids=["asserts", "no-assert"])
@pytest.mark.parametrize("source", CASES)
def test_blocks_and_total_equal_radons_visitor(source: str, no_assert: bool) -> None:
    assert _our_rows(source, no_assert) == _radon_rows(source, no_assert)


def test_the_blocks_come_from_the_node_index_without_a_walk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """CH010 and CH011 read the blocks off the node index the other rules share."""

    def no_walk(*args: object) -> None:
        raise AssertionError("the tree was walked again")

    monkeypatch.setattr(_cyclomatic, "_count", no_walk)
    source = "def f(a):\n    return a or b\n"
    tree = ast.parse(source)
    blocks = _radon.blocks(SourceFile("m.py", source, tree))
    assert [(block.name, block.complexity) for block in blocks] == [("f", 2)]


def test_the_table_covers_every_kind_of_block() -> None:
    kinds = {row[2:6:3] for case in CASES for row in _radon_rows(case.values[0], False)[0]}
    assert kinds == {
        ("function", False),
        ("function", True),
        ("method", False),
        ("method", True),
        ("class", False),
        ("class", True),
    }
