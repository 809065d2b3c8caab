"""Reading a module's public API from its source, statically."""

from __future__ import annotations

import textwrap

import pytest

from pytest_codehealth.compat.static import ApiSourceError, extract


def api_names(source: str, module: str = "pkg.mod") -> list[str]:
    return [item.name for item in extract(textwrap.dedent(source), module, "test").names]


NAMES = [
    pytest.param(
        """
        import os
        import json as _json
        from collections import OrderedDict
        from pkg.util import helper
        from .models import User as Account
        from . import sibling
        import pkg.tools as tools
        import pkg.other
        from pkgx.y import NotOurs
        X = 1
        _private = 2
        a, (b, *c) = 1, (2, 3)
        typed: int = 3
        declared: int
        def f(): ...
        async def g(): ...
        class C: ...
        def _hidden(): ...
        """,
        ["helper", "Account", "sibling", "tools", "X", "a", "b", "c", "typed", "f", "g", "C"],
        id="no-__all__",
    ),
    pytest.param(
        """
        from os import path
        from pkg.a import A
        __all__ = ["A", "path", "later"]
        def later(): ...
        def extra(): ...
        """,
        ["A", "path", "later"],
        id="__all__-is-exact",
    ),
    pytest.param(
        """
        __all__ = ["a"]
        __all__ += ["b"]
        __all__.extend(["c"])
        __all__.append("d")
        """,
        ["a", "b", "c", "d"],
        id="__all__-grown",
    ),
    pytest.param(
        """
        __all__ = [name for name in dir() if name.isupper()]
        ALPHA = 1
        """,
        ["ALPHA"],
        id="dynamic-__all__-falls-back",
    ),
    pytest.param(
        """
        try:
            from pkg._speedups import parse
        except ImportError:
            def parse(text): ...
        if sys.version_info >= (3, 12):
            def modern(): ...
        else:
            def modern(): ...
        if __name__ == "__main__":
            def not_api(): ...
        """,
        ["parse", "modern"],
        id="conditional-definitions",
    ),
    pytest.param(
        """
        from typing import overload
        @overload
        def f(x: int) -> int: ...
        @overload
        def f(x: str) -> str: ...
        def f(x): return x
        from os import sep
        sep = "/"
        """,
        ["f", "sep"],
        id="overloads-and-rebinding",
    ),
]


@pytest.mark.parametrize(("source", "expected"), NAMES)
def test_public_names(source: str, expected: list[str]) -> None:
    assert api_names(source) == expected


def test_kinds_signatures_and_methods() -> None:
    api = extract(
        textwrap.dedent(
            """
            from pkg.a import A
            class Cache:
                def __init__(self, url, /, ttl=60, *args, db, retries=3, **kw): ...
                def get(self, key): ...
                @property
                def size(self): ...
                @staticmethod
                def make(url): ...
                @classmethod
                def from_env(cls): ...
                def _private(self): ...
            LIMIT = 3
            """
        ),
        "pkg.mod",
        "test",
    )
    kinds = {item.name: item.kind for item in api.names}
    assert kinds == {"A": "import", "Cache": "class", "LIMIT": "variable"}
    cache = api.name("Cache")
    assert cache is not None
    assert sorted(cache.methods) == ["from_env", "get", "make"]
    assert cache.signature is not None  # how the class is called: `__init__` without `self`
    assert cache.signature.render() == "(url, /, ttl=60, *args, db, retries=3, **kw)"
    assert cache.methods["make"].render() == "(url)"


CONSTRUCTORS = [
    pytest.param("class C:\n    def __init__(self, a, b=1): ...\n", "(a, b=1)", id="own-init"),
    pytest.param(
        "class ParseResults:\n"
        "    def __new__(cls, toklist=None, name=None, **kwargs): ...\n"
        "    def __init__(self, toklist=None, name=None, asList=True, modal=True): ...\n",
        "(toklist=None, name=None, **kwargs)",
        id="new-before-init-as-inspect-does",
    ),
    pytest.param("class C:\n    x = 1\n", "()", id="object-takes-nothing"),
    pytest.param("class Failed(Exception):\n    pass\n", "(*args)", id="inherited-from-exception"),
    pytest.param(
        "class Base:\n    def __init__(self, path): ...\nclass Child(Base):\n    pass\n",
        "(path)",
        id="inherited-from-a-class-of-the-module",
    ),
    pytest.param("from x import Base\nclass C(Base):\n    pass\n", None, id="base-elsewhere"),
    pytest.param(
        "from dataclasses import dataclass\n@dataclass\nclass C:\n    a: int\n",
        None,
        id="dataclass",
    ),
    pytest.param("import enum\nclass Color(enum.Enum):\n    RED = 1\n", None, id="enum"),
    pytest.param("class C(metaclass=Meta):\n    pass\n", None, id="metaclass"),
    pytest.param("class C(A, B):\n    pass\n", None, id="two-bases"),
]


@pytest.mark.parametrize(("source", "expected"), CONSTRUCTORS)
def test_class_call_signature(source: str, expected: str | None) -> None:
    api = extract(source, "pkg.mod", "test")
    item = api.names[-1]  # the last class of the source
    assert item is not None
    assert (item.signature.render() if item.signature else None) == expected


def test_main_block_and_outside_all() -> None:
    api = extract(
        '__all__ = ["run"]\ndef run(): ...\ndef helper(): ...\n'
        'if "__main__" == __name__:\n    run()\n',
        "pkg.mod",
        "test",
    )
    assert api.runs_as_script
    assert api.all == ("run",)
    assert api.outside_all == ("helper",)
    assert not extract("def run(): ...\n", "pkg.mod", "test").runs_as_script


def test_unparsable_old_source() -> None:
    with pytest.raises(ApiSourceError, match=r"^git HEAD:a\.py: cannot parse the old source"):
        extract("def (:\n", "a", "git HEAD:a.py")


RUNS_ON_PYTHON_3 = [
    pytest.param(
        """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from pkg.types import Alias
            Hint = int
        else:
            Hint = object
        def f(): ...
        """,
        ["Hint", "f"],
        id="type-checking-body-never-ran",
    ),
    pytest.param(
        """
        import typing
        if typing.TYPE_CHECKING:
            from pkg.types import Alias
        if not typing.TYPE_CHECKING:
            from pkg.runtime import Real
        """,
        ["Real"],
        id="typing-dot-and-not",
    ),
    pytest.param(
        """
        MYPY_CHECK_RUNNING = False
        if MYPY_CHECK_RUNNING:
            from pkg.types import Alias
        """,
        ["MYPY_CHECK_RUNNING"],
        id="pip-mypy-check-running",
    ),
    pytest.param(
        """
        import sys
        if sys.version_info[0] == 2:
            string_types = basestring
            range = xrange
        else:
            string_types = str
        if sys.version_info < (3,):
            text = unicode
        if sys.version_info >= (3, 6):
            modern = True
        else:
            legacy = True
        """,
        ["string_types", "modern"],
        id="python-2-branches",
    ),
    pytest.param(
        """
        import six
        if six.PY2:
            old = 1
        if six.PY3:
            new = 1
        else:
            older = 1
        """,
        ["new"],
        id="six-flags",
    ),
    pytest.param(
        """
        try:
            range = xrange
            integer_types = (int, long)
        except NameError:
            integer_types = (int,)
        def uses_unicode(x):
            return isinstance(x, unicode)
        """,
        ["integer_types", "uses_unicode"],
        id="python-2-shim-in-try",
    ),
]


@pytest.mark.parametrize(("source", "expected"), RUNS_ON_PYTHON_3)
def test_only_names_bound_by_code_that_runs(source: str, expected: list[str]) -> None:
    assert api_names(source) == expected
