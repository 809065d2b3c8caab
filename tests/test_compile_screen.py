"""`core.compiler.may_refuse`: only trees the compiler surely accepts skip `compile()`.

Every kind of refusal the compiler makes after the parser has accepted the code has a row
below; each row first checks that this Python's compiler does refuse it, then that the
screen sends it to the compiler. The clean rows are real idioms the screen lets through
without compiling (a screen that compiled everything would fail them).
`benchmarks/compile_screen.py` runs the same check on Django, sympy, the standard library
and the programs in CPython's own syntax tests, on 3.11, 3.12 and 3.13.
"""

from __future__ import annotations

import ast
import sys
import warnings

import pytest

from pytest_codehealth.core import source
from pytest_codehealth.core.compiler import may_refuse
from pytest_codehealth.core.source import SourceFile

NEW_SYNTAX = sys.version_info >= (3, 12)
NESTED_LOOPS = "".join(f"{'    ' * depth}for x{depth} in y:\n" for depth in range(21))
NESTED_LOOPS += "    " * 21 + "pass\n"
MANY_TARGETS = ", ".join(f"a{index}" for index in range(256)) + ", *rest = x\n"

REFUSED = [
    pytest.param("return 1\n", id="return-at-module-level"),
    pytest.param("def f():\n    class C:\n        return 1\n", id="return-in-class-body"),
    pytest.param("if x:\n    break\n", id="break-outside-loop"),
    pytest.param("for x in y:\n    pass\nelse:\n    break\n", id="break-in-loop-else"),
    pytest.param("while x:\n    def f():\n        continue\n", id="continue-in-nested-def"),
    pytest.param("for x in y:\n    class C:\n        break\n", id="break-in-class-in-loop"),
    pytest.param("x = yield 1\n", id="yield-at-module-level"),
    pytest.param("class C:\n    x = yield\n", id="yield-in-class-body"),
    pytest.param("def f(a=(yield)):\n    pass\n", id="yield-in-default"),
    pytest.param("def f():\n    return [(yield) for x in y]\n", id="yield-in-comprehension"),
    pytest.param("def f():\n    return ((yield) for x in y)\n", id="yield-in-genexp"),
    pytest.param("f'{(yield)}'\n", id="yield-in-f-string"),
    pytest.param("async def f():\n    yield 1\n    return 2\n", id="return-in-async-generator"),
    pytest.param("async def f():\n    yield from x\n", id="yield-from-in-async-def"),
    pytest.param("async def f():\n    return 1\n    yield\n", id="return-before-async-yield"),
    pytest.param("async def f():\n    yield\n    return None\n", id="return-none-async-generator"),
    pytest.param(
        "async def f():\n    if x:\n        return 1\n    for y in z:\n        yield y\n",
        id="return-then-yield-in-loop-async",
    ),
    pytest.param("await x\n", id="await-at-module-level"),
    pytest.param("def f():\n    await x\n", id="await-in-plain-def"),
    pytest.param("async def f():\n    g = lambda: await x\n", id="await-in-lambda"),
    pytest.param("async def f():\n    def g():\n        await x\n", id="await-in-nested-def"),
    pytest.param("def f():\n    return [await x for x in y]\n", id="await-in-comprehension"),
    pytest.param("x = [i async for i in y]\n", id="async-comprehension-at-module-level"),
    pytest.param("def f():\n    async for x in y:\n        pass\n", id="async-for-in-plain-def"),
    pytest.param("def f():\n    async with x:\n        pass\n", id="async-with-in-plain-def"),
    pytest.param("nonlocal x\n", id="nonlocal-at-module-level"),
    pytest.param("def f():\n    nonlocal x\n", id="nonlocal-without-binding"),
    pytest.param("def f(a):\n    global a\n", id="parameter-and-global"),
    pytest.param("def f():\n    x = 1\n    global x\n", id="assigned-before-global"),
    pytest.param("def f():\n    global x\n    x: int = 1\n", id="annotated-global"),
    pytest.param("def f(*, a):\n    global a\n", id="keyword-only-parameter-and-global"),
    pytest.param("def f(a, /):\n    global a\n", id="positional-only-parameter-and-global"),
    pytest.param("def f(*a):\n    global a\n", id="varargs-and-global"),
    pytest.param("def f(**a):\n    global a\n", id="kwargs-and-global"),
    pytest.param("def f():\n    global x\n    if y:\n        x: int = 1\n", id="annotated-later"),
    pytest.param("def f():\n    global x\n    x = 1\n    global x\n", id="global-again-later"),
    pytest.param(
        "def f():\n    global x\n    def g():\n        y = 1\n        global y\n", id="inner"
    ),
    pytest.param("x = 1\nglobal x\n", id="assigned-before-global-at-module-level"),
    pytest.param("class C:\n    x = 1\n    global x\n", id="assigned-before-global-in-class"),
    pytest.param("def f(a, a):\n    pass\n", id="duplicate-argument"),
    pytest.param("def f(a, *, b, **b):\n    pass\n", id="duplicate-keyword-only"),
    pytest.param("g = lambda a, a: 1\n", id="duplicate-lambda-argument"),
    pytest.param("f(a=1, a=2)\n", id="keyword-argument-repeated"),
    pytest.param("class C(x=1, x=2):\n    pass\n", id="class-keyword-repeated"),
    pytest.param("def f():\n    from os import *\n", id="import-star-in-def"),
    pytest.param("class C:\n    from os import *\n", id="import-star-in-class"),
    pytest.param("x = 1\nfrom __future__ import annotations\n", id="future-after-code"),
    pytest.param("from __future__ import braces\n", id="future-braces"),
    pytest.param("from __future__ import no_such_feature\n", id="future-unknown"),
    pytest.param("def f():\n    from __future__ import division\n", id="future-in-def"),
    pytest.param(
        "from .__future__ import x\nfrom __future__ import annotations\n",
        id="future-after-relative-import",
    ),
    pytest.param("__debug__ = 1\n", id="assign-debug"),
    pytest.param("def f(__debug__):\n    pass\n", id="debug-parameter"),
    pytest.param("f(__debug__=1)\n", id="debug-keyword"),
    pytest.param("x.__debug__ = 1\n", id="debug-attribute"),
    pytest.param("import a as __debug__\n", id="debug-import-alias"),
    pytest.param("__\U0001d41debug__ = 1\n", id="debug-spelt-in-bold"),
    pytest.param("*a = b\n", id="starred-target-alone"),
    pytest.param("a, *b, *c = d\n", id="two-starred-targets"),
    pytest.param(MANY_TARGETS, id="too-many-targets-before-star"),
    pytest.param("x = *a\n", id="starred-value"),
    pytest.param("for *a in b:\n    pass\n", id="starred-loop-target"),
    pytest.param("class C:\n    [y := 1 for x in z]\n", id="walrus-comprehension-in-class"),
    pytest.param("def f():\n    [x := 1 for x in y]\n", id="walrus-rebinds-iteration-variable"),
    pytest.param("def f():\n    [x for x in (y := z)]\n", id="walrus-in-comprehension-iterable"),
    pytest.param("match x:\n    case a:\n        pass\n    case b:\n        pass\n", id="capture"),
    pytest.param("match x:\n    case [a, a]:\n        pass\n", id="pattern-binds-twice"),
    pytest.param("match x:\n    case a | [b]:\n        pass\n", id="alternatives-bind-unlike"),
    pytest.param("match x:\n    case {'k': 1, 'k': 2}:\n        pass\n", id="duplicate-key"),
    pytest.param(
        "def f():\n    try:\n        pass\n    except* E:\n        return\n",
        id="return-in-except-star",
    ),
    pytest.param(NESTED_LOOPS, id="too-many-nested-blocks"),
    pytest.param(
        "try:\n    f()\nexcept:\n    pass\nexcept ValueError:\n    pass\n",
        id="bare-except-not-last",
    ),
]
if NEW_SYNTAX:
    REFUSED += [
        pytest.param("def f[T, T]():\n    pass\n", id="duplicate-type-parameter"),
        pytest.param("type A[T: (yield)] = int\n", id="yield-in-type-parameter-bound"),
        pytest.param("class C[T: (x := 1)]:\n    pass\n", id="walrus-in-type-parameter-bound"),
    ]

ACCEPTED = [
    pytest.param(
        '"""Doc."""\nfrom __future__ import annotations\n\nimport os\n', id="future-after-docstring"
    ),
    pytest.param(
        "try:\n    from ujson import *\nexcept ImportError:\n    pass\n", id="star-at-top"
    ),
    pytest.param("def f(a, *args, b=1, **kwargs):\n    return g(*args, **kwargs)\n", id="def"),
    pytest.param("g = lambda *a, **k: (a, k)\n", id="lambda"),
    pytest.param("def f():\n    for x in y:\n        if x:\n            break\n", id="break"),
    pytest.param(
        "while x:\n    try:\n        f()\n    finally:\n        continue\n",
        id="continue-in-finally",
    ),
    pytest.param("def f():\n    x = yield 1\n    yield from g(x)\n", id="generator"),
    pytest.param(
        "async def f():\n    async with a as b:\n        async for x in b:\n"
        "            await x\n    return b\n",
        id="coroutine",
    ),
    pytest.param(
        "async def f(self):\n    while True:\n        chunk = await g()\n"
        "        for item in chunk:\n            yield item\n        if not chunk:\n"
        "            break\n",
        id="async-generator",  # Django's `db/models/query.py`
    ),
    pytest.param(
        "async def f():\n    def g():\n        return 1\n    yield g()\n    return\n",
        id="async-generator-bare-return-nested-def-return",
    ),
    pytest.param("@d(x := 1)\ndef f():\n    pass\n", id="walrus-in-decorator"),
    pytest.param("if (n := len(a)) > 10:\n    pass\n", id="walrus-at-module-level"),
    pytest.param("first, *rest = items\n[a, *b] = c\nx = [*a, *b], {*c}\n", id="starred"),
    pytest.param("class C(*bases, **options):\n    pass\n", id="class-star-args"),
    pytest.param("d = {**a, 'k': 1}\nf(**a, **b)\n", id="double-star"),
    pytest.param("if __debug_mode__:\n    pass\n", id="not-debug"),
    pytest.param(
        "def f():\n    for a in b:\n        with c:\n            try:\n                while d:\n"
        "                    pass\n            except E:\n                pass\n",
        id="four-blocks-deep",
    ),
    pytest.param("x = f'{a!r:>{width}}'\n", id="f-string"),
    pytest.param("try:\n    f()\nexcept E:\n    pass\nexcept:\n    raise\n", id="bare-except-last"),
    pytest.param("class C:\n    def f(self):\n        return super().f()\n", id="method"),
    pytest.param("def f():\n    global _cache\n    _cache = {}\n", id="global-opens-a-def"),
    pytest.param(
        'def f(a=x, *, b: y):\n    """Doc."""\n    global x, y\n    global z\n    x = y = z = a\n',
        id="globals-after-the-docstring",  # defaults and annotations: the scope around
    ),
    pytest.param(
        "@x\nasync def f():\n    global x\n    x = 1\n", id="global-of-the-decorator-name"
    ),
]


def _src(text: str) -> SourceFile:
    return SourceFile("t.py", text, ast.parse(text))


def _compiler_refuses(tree: ast.Module) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(tree, "t.py", "exec", dont_inherit=True)
        except SyntaxError:
            return True
    return False


@pytest.mark.parametrize("text", REFUSED)
def test_the_screen_sends_every_refusal_to_the_compiler(text: str) -> None:
    src = _src(text)
    assert _compiler_refuses(src.tree)  # the row is a refusal on this Python
    assert may_refuse(src.tree, src.text, src.nodes)


@pytest.mark.parametrize("text", ACCEPTED)
def test_real_idioms_skip_the_compiler(text: str) -> None:
    src = _src(text)
    assert not _compiler_refuses(src.tree)
    assert not may_refuse(src.tree, src.text, src.nodes)


def test_parse_compiles_only_what_the_screen_sends(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = source._compile

    def counting(tree: ast.Module, filename: str) -> None:
        compiled.append(filename)
        real(tree, filename)

    monkeypatch.setattr(source, "_compile", counting)
    assert isinstance(source.parse(b"def f():\n    return 1\n", "clean.py"), SourceFile)
    refused = source.parse(b"return 1\n", "bad.py")
    assert compiled == ["bad.py"]
    assert not isinstance(refused, SourceFile)
    assert refused.message == "syntax error: 'return' outside function"
