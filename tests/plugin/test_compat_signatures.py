"""Signature compatibility: what a caller of the old signature trips over in the new one."""

from __future__ import annotations

import ast

import pytest

from pytest_codehealth.compat.methods import method_breaks
from pytest_codehealth.compat.model import CLASS_METHOD, METHOD, STATIC_METHOD, Signature
from pytest_codehealth.compat.signatures import (
    MISSING,
    breaks,
    method_signature,
    runtime_signature,
)
from pytest_codehealth.compat.static import signature_of


def sig(params: str) -> Signature:
    node = ast.parse(f"def f({params}): ...").body[0]
    assert isinstance(node, ast.FunctionDef)
    return signature_of(node.args)


FLAGGED = [
    pytest.param("a, b", "a", ["parameter `b` removed or renamed"], id="removed"),
    pytest.param(
        "a, b", "a, c", ["`b` renamed to `c` (passing `b=` fails)"], id="renamed-keyword-route"
    ),
    pytest.param("a", "a, b", ["new required parameter `b`"], id="new-required"),
    pytest.param("a", "a, *, b", ["new required parameter `b`"], id="new-required-keyword"),
    pytest.param(
        "a, b=1",
        "b=1, a=0",
        ["`a` moved from position 1 to 2", "`b` moved from position 2 to 1"],
        id="moved",
    ),
    pytest.param("a, b=1", "a, b", ["`b` lost its default (1)"], id="default-removed"),
    pytest.param("a, b=1", "a, *, b=1", ["`b` became keyword-only"], id="keyword-only"),
    pytest.param(
        "a, b",
        "a, b, /",
        ["`a` became positional-only", "`b` became positional-only"],
        id="positional-only",
    ),
    pytest.param("*, key", "key, /", ["`key` became positional-only"], id="kw-to-posonly"),
    pytest.param("a, *args", "a", ["`*args` removed"], id="varargs-removed"),
    pytest.param("a, **kw", "a", ["`**kw` removed"], id="kwargs-removed"),
    pytest.param(
        "a, b",
        "a, *args",
        ["parameter `b` removed or renamed"],
        id="args-alone-does-not-take-keywords",
    ),
    pytest.param("a, /", "", ["parameter `a` removed"], id="posonly-removed"),
    # pyparsing 2.4.7 -> 3.0.0: `encoding` inserted before `parseAll`, which kept a keyword-only
    # alias: `parseFile(f, True)` now passes True as the encoding
    pytest.param(
        "self, file_or_filename, parseAll=False",
        "self, file_or_filename, encoding='utf-8', parse_all=False, *, parseAll=False",
        [
            "`parseAll` (position 3) now lands on `encoding`: `parseAll` became keyword-only "
            "and `encoding` took its place"
        ],
        id="pyparsing-parseFile-inserted-before",
    ),
    pytest.param(
        "a, b, c=None",
        "a, c=None, b=None",
        ["`b` moved from position 2 to 3", "`c` moved from position 3 to 2"],
        id="swapped",
    ),
    pytest.param(
        "a, b",
        "a, b, /, c=None",
        ["`a` became positional-only", "`b` became positional-only"],
        id="posonly-both",
    ),
    pytest.param("a, b, c", "a, b", ["parameter `c` removed or renamed"], id="fewer-positional"),
    pytest.param(
        "path, mode='r'", "path, *, mode='r'", ["`mode` became keyword-only"], id="kw-only-only"
    ),
    pytest.param("a, b", "a, *, b", ["`b` became keyword-only"], id="kw-only-required"),
    pytest.param("a, b", "a, x, /, **kw", [], id="posonly-rename-with-kwargs-takes-b-by-keyword"),
]

CLEAN = [
    pytest.param("a", "a, b=None", id="new-optional"),
    pytest.param("a", "a, *, b=None", id="new-optional-keyword"),
    pytest.param("a", "a, *args, **kwargs", id="new-variadics"),
    pytest.param("*, a", "a", id="keyword-only-widened"),
    pytest.param("a, /", "a", id="positional-only-widened"),
    pytest.param("x, /", "y, /", id="positional-only-renamed"),
    pytest.param("a, b", "a, *args, **kwargs", id="absorbed-by-variadics"),
    pytest.param("*, b", "**kwargs", id="keyword-absorbed-by-kwargs"),
    pytest.param("a, *args, **kw", "a, *rest, **options", id="variadics-renamed"),
    pytest.param("a, b=1", "a, b=2", id="default-changed"),
    # pyparsing 2.4.7 -> 3.0.0: `Literal('a')` and `Literal(matchString='a')` both still work
    pytest.param(
        "self, matchString", "self, match_string='', *, matchString=''", id="pyparsing-alias"
    ),
    pytest.param(
        "self, parseAll=False",
        "self, parse_all=False, *, parseAll=False",
        id="snake-case-alias-with-keyword-alias",
    ),
    pytest.param("a, b", "a, b, *, c=None", id="new-optional-after"),
    pytest.param("a, b", "a, *args, b=None", id="args-then-keyword"),
    pytest.param("a, b", "*args, **kwargs", id="both-routes-absorbed"),
    pytest.param("a, /, b", "a, /, b, *extra", id="new-varargs"),
    pytest.param("*, key=None", "key=None", id="keyword-only-may-also-go-by-position"),
]


@pytest.mark.parametrize(("old", "new", "expected"), FLAGGED)
def test_breaks(old: str, new: str, expected: list[str]) -> None:
    assert breaks(sig(old), sig(new)) == expected


@pytest.mark.parametrize(("old", "new"), CLEAN)
def test_compatible(old: str, new: str) -> None:
    assert breaks(sig(old), sig(new)) == []


def test_runtime_signature_matches_the_static_one() -> None:
    def f(a, /, b, c=1, *args, d, e="x", **kw):  # type: ignore[no-untyped-def]  # any signature
        return a

    assert runtime_signature(f) == sig("a, /, b, c=1, *args, d, e='x', **kw")
    assert runtime_signature(len) is not None
    assert runtime_signature(object()) is None


def test_method_signature() -> None:
    class Base:
        def get(self, key: str) -> None: ...

        @staticmethod
        def make(url: str) -> None: ...

        @classmethod
        def build(cls, n: int) -> None: ...

        size = property(lambda self: 1)

    class Child(Base):
        pass

    assert method_signature(Child, "get") == sig("self, key")
    assert method_signature(Child, "make") == sig("url")
    assert method_signature(Child, "build") == sig("cls, n")
    assert method_signature(Child, "size") is None
    assert method_signature(Child, "gone") is MISSING
    assert method_signature(Child, "__init__") is None  # object.__init__: nothing to compare


METHODS = [
    pytest.param(
        (STATIC_METHOD, "url"),
        (METHOD, "self, url"),
        [
            "a staticmethod became a method",
            "through the class: `url` moved from position 1 to 2, new required parameter `self`",
        ],
        id="staticmethod-to-method",
    ),
    pytest.param(
        (STATIC_METHOD, "url"),
        (METHOD, "url"),
        [
            "a staticmethod became a method",
            "through an instance: parameter `url` removed or renamed",
        ],
        id="staticmethod-decorator-dropped",
    ),
    pytest.param(
        # pyparsing 2.4.7 -> 3.0.0: `err.explain(err)` now passes `err` as the depth
        (STATIC_METHOD, "exc, depth=16"),
        (METHOD, "self, depth=16"),
        [
            "a staticmethod became a method",
            "through an instance: parameter `exc` removed or renamed, "
            "`depth` can no longer be passed by position",
            "through the class: `exc` renamed to `self` (passing `exc=` fails)",
        ],
        id="pyparsing-explain",
    ),
    pytest.param(
        (METHOD, "self, key"),
        (STATIC_METHOD, "key"),
        [
            "a method became a staticmethod",
            "through the class: `key` can no longer be passed by position",
        ],
        id="method-to-staticmethod",
    ),
    pytest.param(
        (CLASS_METHOD, "cls, n"),
        (METHOD, "self, n"),
        [
            "a classmethod became a method",
            "through the class: `n` moved from position 1 to 2, new required parameter `self`",
        ],
        id="classmethod-to-method",
    ),
    pytest.param((STATIC_METHOD, "x"), (CLASS_METHOD, "cls, x"), [], id="static-to-classmethod"),
    pytest.param((METHOD, "self, *args"), (STATIC_METHOD, "*args"), [], id="absorbed-by-args"),
    pytest.param((METHOD, "self, key"), (METHOD, "this, key"), [], id="self-renamed"),
    pytest.param(
        (METHOD, "self, key, default=None"),
        (METHOD, "self, key, *, default=None"),
        ["`default` became keyword-only"],
        id="same-kind",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), METHODS)
def test_method_breaks(old: tuple[str, str], new: tuple[str, str], expected: list[str]) -> None:
    assert method_breaks(sig(old[1]), old[0], sig(new[1]), new[0]) == expected
