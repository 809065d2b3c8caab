"""The shared `ast` helpers: import resolution, names and bindings."""

from __future__ import annotations

import ast
import textwrap

import pytest

from pytest_codehealth.core.ast_helpers import (
    bound_names,
    dotted_name,
    import_map,
    module_imports,
    qualified_name,
    snake_case,
)

MODULE = textwrap.dedent(
    """\
    import os.path
    import time as t
    from datetime import datetime as dt
    from . import sibling
    def f(uuid, *args, key=1, **kwargs):
        import json
        for item in args:
            pass
        with open(key) as handle:
            pass
        try:
            pass
        except OSError as error:
            pass
        global G
    class C:
        attr = 1
    lambda x: x
    """
)


def test_import_map_and_module_imports() -> None:
    tree = ast.parse(MODULE)
    assert import_map(tree) == {
        "os": "os",
        "t": "time",
        "dt": "datetime.datetime",
        "json": "json",
    }
    assert "json" not in module_imports(tree)  # imported inside a function only
    assert module_imports(tree)["dt"] == "datetime.datetime"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("t.time", "time.time"),
        ("dt.now", "datetime.datetime.now"),
        ("os.path.join", "os.path.join"),
        ("time.time", None),  # `time` itself is not imported here
        ("dt().now", None),
    ],
)
def test_qualified_name(code: str, expected: str | None) -> None:
    tree = ast.parse(MODULE)
    node = ast.parse(code, mode="eval").body
    assert qualified_name(node, import_map(tree)) == expected


def test_dotted_name() -> None:
    assert dotted_name(ast.parse("a.b.c", mode="eval").body) == "a.b.c"
    assert dotted_name(ast.parse("a().b", mode="eval").body) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("request_id", "request_id"),
        ("requestId", "request_id"),
        ("RequestID", "request_id"),
        ("REQUEST_ID", "request_id"),
        ("X-Request-ID", "x_request_id"),
        ("_private_id", "private_id"),
        ("HTTPServer", "http_server"),
        ("uuid4", "uuid4"),
        ("ID", "id"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


def test_bound_names_leave_imports_out() -> None:
    tree = ast.parse(MODULE)
    assert bound_names(tree) == {
        "f",
        "uuid",
        "args",
        "key",
        "kwargs",
        "item",
        "handle",
        "error",
        "G",
        "C",
        "attr",
        "x",
    }
