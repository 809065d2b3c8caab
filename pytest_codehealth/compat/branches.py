"""Which top-level branches of an old module ever ran on Python 3: names bound only under
`if TYPE_CHECKING:` or in a Python-2-only branch were never importable, so they are not API."""

from __future__ import annotations

import ast

from pytest_codehealth.core.ast_helpers import dotted_name

_NEVER_AT_RUN_TIME = frozenset({"TYPE_CHECKING", "MYPY_CHECK_RUNNING", "MYPY", "False"})
# builtins Python 3 no longer has: `range = xrange` can only have run on Python 2
_PY2_BUILTINS = frozenset(
    {"xrange", "unicode", "basestring", "long", "raw_input", "unichr", "execfile", "buffer"}
)


def branches_that_run(test: ast.expr) -> tuple[bool, bool]:
    """Whether the body and the `else` of `if test:` can run on Python 3."""
    if _never(test):
        return False, True
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and _never(test.operand):
        return True, False
    python = _python_major(test)
    if python is None:
        return True, True
    return python == 3, python == 2


def python2_only(node: ast.stmt) -> bool:
    """An assignment that reads a Python-2-only builtin (`range = xrange`), as in the `try`
    body of a compatibility shim: on Python 3 it raises `NameError` before binding anything."""
    if not isinstance(node, ast.Assign | ast.AnnAssign) or node.value is None:
        return False
    return any(
        isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load) and sub.id in _PY2_BUILTINS
        for sub in ast.walk(node.value)
    )


def _never(test: ast.expr) -> bool:
    if isinstance(test, ast.Constant):
        return test.value is False or test.value == 0
    name = dotted_name(test)
    return name is not None and name.rpartition(".")[2] in _NEVER_AT_RUN_TIME


def _python_major(test: ast.expr) -> int | None:
    """2 or 3 when the test holds only on that major version (`PY2`, `six.PY3`,
    `sys.version_info[0] == 2`, `sys.version_info < (3,)`, `sys.version_info >= (3, 6)`)."""
    name = dotted_name(test)
    if name is not None:
        flag = name.rpartition(".")[2]
        return {"PY2": 2, "PY3": 3}.get(flag)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    major = _major_of(test.left)
    bound = _number(test.comparators[0])
    if not major or bound is None:
        return None
    return _holds_on(test.ops[0], bound)


def _major_of(node: ast.expr) -> bool:
    """`sys.version_info`, `sys.version_info[0]`, `sys.version_info.major`."""
    inner = node.value if isinstance(node, ast.Subscript) else node
    if isinstance(inner, ast.Attribute) and inner.attr == "major":
        inner = inner.value
    name = dotted_name(inner)
    return name is not None and name.endswith("version_info")


def _number(node: ast.expr) -> int | None:
    """The major version a comparison names: `3`, `(3,)`, `(3, 6)`."""
    if isinstance(node, ast.Tuple) and node.elts:
        node = node.elts[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    return None


# (operator, bound) -> the one major version on which `version_info OP bound` holds
_HOLDS_ON = {
    (ast.Eq, 2): 2,
    (ast.Eq, 3): 3,
    (ast.NotEq, 2): 3,
    (ast.NotEq, 3): 2,
    (ast.Lt, 3): 2,
    (ast.LtE, 2): 2,
    (ast.Gt, 2): 3,
    (ast.GtE, 3): 3,
}


def _holds_on(op: ast.cmpop, bound: int) -> int | None:
    return _HOLDS_ON.get((type(op), bound))
