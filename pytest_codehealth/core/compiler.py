"""Which parsed files the compiler may still refuse: the screen before issue 13's `compile()`.

`ast.parse` accepts some code that `compile()` refuses (`return` outside a function, `break`
outside a loop, `nonlocal` at module level, `def f(a, a)`, `f(a=1, a=2)`, `*a = b`, ...).
Compiling every file to find the few costs as much as a third of the parse; the compiler
can only refuse a file holding one of the constructs below, found from the node index and
one walk of the statements, so only such files are compiled. The screen may pass a file the
compiler accepts (it is then compiled, at no other cost), never the reverse: the tests hold
a case of every refusal, and `benchmarks/compile_screen.py` checks whole trees and CPython's
own syntax tests.
"""

from __future__ import annotations
import __future__

import ast
from operator import attrgetter
from typing import Any

from pytest_codehealth.core.placement import Nodes, each, misplaced

# each refused where it stands, or checked by the compiler in ways not worth repeating here
_ALWAYS_NAMES = (  # the last three: 3.12 and later; `global` is judged by `_globals_refused`
    *("Nonlocal", "Match", "TryStar", "TypeAlias"),
    *("TypeVar", "ParamSpec", "TypeVarTuple"),
)
_ALWAYS = tuple(kind for kind in (getattr(ast, name, None) for name in _ALWAYS_NAMES) if kind)
_MAX_BEFORE_STAR = 255  # `a1, ..., a256, *rest = x` is too many for the compiler


def may_refuse(tree: ast.Module, text: str, nodes: Nodes) -> bool:
    """Could `compile()` refuse this parsed tree? False only when it surely accepts it."""
    return (
        any(True for _ in each(nodes, _ALWAYS))
        or _globals_refused(nodes)
        or _names_debug(text)
        or _futures_misplaced(tree, nodes)
        or _refused_in_place(nodes)
        or _misplaced_starred(nodes)
        or misplaced(nodes, _future_annotations(tree))
    )


def _globals_refused(nodes: Nodes) -> bool:
    """A `global` the compiler may refuse: any but those opening a def's body (after its
    docstring) that name none of its parameters and no name annotated inside it. Nothing of
    the def's scope comes before them (its decorators, defaults and annotations belong to the
    scope around it); a parameter of that name, or an annotated one anywhere in the def (in a
    nested scope too, to be sure), is refused. `nonlocal` is left to the compiler anyway."""
    pending = {id(node) for node in nodes(ast.Global)}
    if not pending:
        return False
    annotated = [node for node in nodes(ast.AnnAssign) if isinstance(node.target, ast.Name)]
    for function in each(nodes, (ast.FunctionDef, ast.AsyncFunctionDef)):
        opening = _opening_globals(function.body)
        if opening and _opening_refused(function, opening, annotated):
            return True
        pending.difference_update(map(id, opening))
    return bool(pending)


def _opening_globals(body: list[ast.stmt]) -> list[ast.Global]:
    """The `global` statements a def's body opens with (after its docstring, if any)."""
    start = int(_is_docstring(body[0]))
    found = []
    for statement in body[start:]:
        if not isinstance(statement, ast.Global):
            break
        found.append(statement)
    return found


def _opening_refused(function: Any, opening: list[ast.Global], annotated: list[Any]) -> bool:
    """Does a name of the def's opening `global`s name a parameter, or one annotated in it?"""
    names = {name for statement in opening for name in statement.names}
    if not names.isdisjoint(_parameters(function.args)):
        return True
    return any(node.target.id in names and _inside(node, function) for node in annotated)


def _parameters(arguments: ast.arguments) -> set[str]:
    found = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    found.extend(each for each in (arguments.vararg, arguments.kwarg) if each is not None)
    return {each.arg for each in found}


def _inside(node: ast.stmt, function: ast.stmt) -> bool:
    """Does `function`'s text hold `node`'s?"""
    start = (function.lineno, function.col_offset)
    end = (function.end_lineno or function.lineno, function.end_col_offset or 0)
    return (
        start <= (node.lineno, node.col_offset)
        and (
            node.end_lineno or node.lineno,
            node.end_col_offset or 0,
        )
        <= end
    )


def _refused_in_place(nodes: Nodes) -> bool:
    """What the compiler refuses wherever it stands: repeated names, an `async` comprehension
    (outside an `async def`: not told apart here), `except:` before another handler."""
    return (
        _repeated_names(nodes)
        or any(comprehension.is_async for comprehension in nodes(ast.comprehension))
        or any(_bare_except_not_last(node.handlers) for node in nodes(ast.Try))
    )


def _bare_except_not_last(handlers: list[ast.ExceptHandler]) -> bool:
    """`except:` before another handler (the compiler wants it last)."""
    return any(handler.type is None for handler in handlers[:-1])


def _repeated_names(nodes: Nodes) -> bool:
    """`def f(a, a)`, `lambda a, a: 0`, `f(a=1, a=2)`, `class C(x=1, x=2)`."""
    return any(_repeated_parameter(each) for each in nodes(ast.arguments)) or _repeated_keywords(
        nodes
    )


def _names_debug(text: str) -> bool:
    """`__debug__` may be assigned (names are NFKC-normalised: other letters can spell it)."""
    if "__debug__" in text:
        return True
    if text.isascii():
        return False
    import unicodedata  # noqa: PLC0415  # only for a text that is not ASCII

    return "__debug__" in unicodedata.normalize("NFKC", text)


def _futures_misplaced(tree: ast.Module, nodes: Nodes) -> bool:
    """A `__future__` import after other statements, or of a feature Python does not know."""
    futures = [node for node in nodes(ast.ImportFrom) if node.module == "__future__"]
    if not futures:
        return False
    allowed = _leading_futures(tree.body)
    known = set(__future__.all_feature_names)
    return len(allowed) != len(futures) or any(
        alias.name not in known for node in futures for alias in node.names
    )


def _leading_futures(body: list[ast.stmt]) -> list[ast.ImportFrom]:
    """The `__future__` imports at the top of the module (after its docstring, if any)."""
    start = int(bool(body) and _is_docstring(body[0]))
    found = []
    for statement in body[start:]:
        if not (isinstance(statement, ast.ImportFrom) and _is_future(statement)):
            break
        found.append(statement)
    return found


def _is_future(statement: ast.ImportFrom) -> bool:
    """`from __future__ import ...`, not `from .__future__ import ...` (a plain import)."""
    return statement.module == "__future__" and not statement.level


def _is_docstring(statement: ast.stmt) -> bool:
    value = getattr(statement, "value", None)
    return (
        isinstance(statement, ast.Expr)
        and isinstance(value, ast.Constant)
        and (isinstance(value.value, str))
    )


def _future_annotations(tree: ast.Module) -> bool:
    """Annotations under `from __future__ import annotations` refuse `yield`, `await`, `:=`."""
    return any(
        alias.name == "annotations" for node in _leading_futures(tree.body) for alias in node.names
    )


def _repeated_parameter(arguments: ast.arguments) -> bool:
    names = [each.arg for each in arguments.args]
    if arguments.posonlyargs or arguments.kwonlyargs:
        names.extend(each.arg for each in (*arguments.posonlyargs, *arguments.kwonlyargs))
    names.extend(each.arg for each in (arguments.vararg, arguments.kwarg) if each is not None)
    return len(names) > 1 and len(set(names)) < len(names)


def _repeated_keywords(nodes: Nodes) -> bool:
    """`f(a=1, a=2)` or `class C(x=1, x=2)`."""
    lists = filter(None, map(attrgetter("keywords"), each(nodes, (ast.Call, ast.ClassDef))))
    return any(_repeated(keywords) for keywords in lists if len(keywords) > 1)  # most: none


def _repeated(keywords: list[ast.keyword]) -> bool:
    names = [keyword.arg for keyword in keywords if keyword.arg is not None]
    return len(set(names)) < len(names)


def _misplaced_starred(nodes: Nodes) -> bool:
    """A `*x` anywhere but an item of a list, tuple or set display or a call's (or class's)
    positional argument, or a target with two of them or too many names before one."""
    starred = {id(node) for node in nodes(ast.Starred)}
    if not starred:
        return False
    placed = 0
    for node in each(nodes, (ast.List, ast.Tuple, ast.Set, ast.Call, ast.ClassDef)):
        items = node.args if isinstance(node, ast.Call) else _items(node)
        if starred.isdisjoint(map(id, items)):  # most calls and displays: told without a loop
            continue
        stars = [index for index, item in enumerate(items) if isinstance(item, ast.Starred)]
        if _refused_target(node, stars):
            return True
        placed += len(stars)
    return placed != len(starred)


def _items(node: ast.List | ast.Tuple | ast.Set | ast.ClassDef) -> list[ast.expr]:
    return node.bases if isinstance(node, ast.ClassDef) else node.elts


def _refused_target(node: ast.AST, stars: list[int]) -> bool:
    """A deleted starred item, two starred targets, or too many targets before the star."""
    context = getattr(node, "ctx", None)
    if isinstance(context, ast.Del):
        return True
    return isinstance(context, ast.Store) and (len(stars) > 1 or stars[0] > _MAX_BEFORE_STAR)
