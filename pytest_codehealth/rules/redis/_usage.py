"""How an un-awaited awaitable is used: lost, used as a value, or handed on (not our business).

`problem(node, analysis, function)` names the misuse of the awaitable that `node` evaluates
to, or returns None when it may still be awaited: passed to `asyncio.gather`, `create_task`,
a task group, `wait_for`, any other call, stored in a list, yielded, returned from a plain
`def`. Only uses that cannot be right are reported. A plain function that only looks at its
argument (`isinstance`, `bool`, `len`, `print`, `json.loads`, a logger, `", ".join`) never
awaits it: the command is dropped there, in an `async def` or a plain `def` alike.
"""

from __future__ import annotations

import ast

from pytest_codehealth.core.ast_helpers import dotted_name
from pytest_codehealth.rules.redis._scope import FunctionNode, own_nodes, parameters
from pytest_codehealth.rules.redis._sites import Analysis

_SERIALISERS = ("json", "orjson", "ujson", "pickle", "marshal")
# builtins and functions that need a value, never an awaitable
VALUE_CONSUMERS = frozenset(
    {"bool", "bytes", "dict", "float", "int", "len", "list", "print", "set", "sorted", "str"}
    | {"sum", "tuple", "min", "max", "any", "all", "frozenset", "repr", "format", "hash"}
    | {"isinstance", "hasattr", "getattr", "type", "id", "iter", "next", "enumerate", "zip"}
    | {"map", "filter", "reversed", "callable", "abs", "round", "divmod", "ord", "vars", "dir"}
    | {f"{module}.{verb}" for module in _SERIALISERS for verb in ("loads", "dumps")}
)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical"})
STRING_METHODS = frozenset({"format", "join"})  # on a string literal: `", ".join(...)`
# attributes of a coroutine or of a coredis CommandRequest: using them is not a misuse
AWAITABLE_ATTRS = frozenset(
    {"send", "throw", "close", "__await__", "cr_await", "cr_code", "cr_frame", "cr_running"}
    | {"transform", "retry", "run", "raw", "route", "keys"}
)
NEVER_RUNS = "is not awaited: the command never runs"


def problem(node: ast.expr, analysis: Analysis, function: ast.AST | None) -> str | None:
    """The misuse of the awaitable `node` evaluates to, or None."""
    parent = analysis.parent(node)
    if isinstance(parent, ast.Expr):
        return NEVER_RUNS
    if parent is None:
        return None
    consumed = _passed_to_consumer(node, parent)
    if consumed is not None or not isinstance(function, ast.AsyncFunctionDef):
        return consumed
    found = _as_value(node, parent, analysis)
    if found is None and isinstance(parent, ast.Assign | ast.AnnAssign):
        return _assigned(parent, function, analysis)
    return found


def _as_value(node: ast.expr, parent: ast.AST, analysis: Analysis) -> str | None:
    """A use that needs the reply, not the awaitable."""
    if isinstance(parent, ast.Return):
        return "is returned from an `async def` without `await`"
    if _truth_tested(node, parent, analysis):
        return "is tested for truth without `await` (an awaitable is always true)"
    if _unpacked(node, parent):
        return "is unpacked or iterated without `await`"
    return _as_operand(node, parent)


def _as_operand(node: ast.expr, parent: ast.AST) -> str | None:
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return "is indexed without `await`"
    if isinstance(parent, ast.Attribute) and parent.attr not in AWAITABLE_ATTRS:
        return f"has `.{parent.attr}` used without `await`"
    if isinstance(parent, ast.Compare | ast.BinOp | ast.FormattedValue):
        return "is used as a value without `await`"
    return _passed_to_consumer(node, parent)


def _passed_to_consumer(node: ast.expr, parent: ast.AST) -> str | None:
    if not isinstance(parent, ast.Call) or node not in _arguments(parent):
        return None
    consumer = _consumer(parent.func)
    return f"is passed to `{consumer}()` without `await`" if consumer is not None else None


def _arguments(call: ast.Call) -> list[ast.expr]:
    return [*call.args, *(keyword.value for keyword in call.keywords)]


def _consumer(func: ast.expr) -> str | None:
    """The name of a callee that only looks at the value it is given (never awaits it)."""
    name = dotted_name(func)
    if name in VALUE_CONSUMERS:
        return name
    return _method_consumer(func) if isinstance(func, ast.Attribute) else None


def _method_consumer(func: ast.Attribute) -> str | None:
    """A logger's method (`log.info`), or a string literal's (`", ".join`)."""
    receiver = func.value
    if func.attr in LOG_METHODS and "log" in (dotted_name(receiver) or "").lower():
        return ast.unparse(func)
    literal = isinstance(receiver, ast.Constant) and isinstance(receiver.value, str)
    return f"str.{func.attr}" if literal and func.attr in STRING_METHODS else None


def _truth_tested(node: ast.expr, parent: ast.AST, analysis: Analysis) -> bool:
    if isinstance(parent, ast.If | ast.While | ast.IfExp | ast.Assert):
        return parent.test is node
    if isinstance(parent, ast.comprehension):
        return node in parent.ifs
    if isinstance(parent, ast.BoolOp):
        return _operand_tested(node, parent, analysis)
    return isinstance(parent, ast.UnaryOp) and isinstance(parent.op, ast.Not)


def _operand_tested(node: ast.expr, parent: ast.BoolOp, analysis: Analysis) -> bool:
    """Every operand of `and`/`or` but the last is tested; the last where the whole is."""
    if parent.values[-1] is not node:
        return True
    outer = analysis.parent(parent)
    return outer is not None and _truth_tested(parent, outer, analysis)


def _unpacked(node: ast.expr, parent: ast.AST) -> bool:
    if isinstance(parent, ast.Assign) and parent.value is node:
        return any(isinstance(target, ast.Tuple | ast.List) for target in parent.targets)
    if isinstance(parent, ast.For):
        return parent.iter is node
    return isinstance(parent, ast.Starred)


def _assigned(
    parent: ast.Assign | ast.AnnAssign, function: FunctionNode, analysis: Analysis
) -> str | None:
    """`x = client.get(k)`: reported when every use of `x` needs the reply, or there is none."""
    name = _target_name(parent)
    if name is None or _binding_count(function, name) != 1:
        return None
    own = {id(node) for node in own_nodes(function.body)}
    misuses = [(_load_misuse(load, own, analysis), load.lineno) for load in _loads(function, name)]
    if not misuses:
        return f"is assigned to `{name}` and never awaited"
    if any(misuse is None for misuse, _ in misuses):
        return None
    misuse, line = min(misuses, key=lambda item: item[1])
    return f"is assigned to `{name}`, which {misuse} (line {line})"


def _loads(function: FunctionNode, name: str) -> list[ast.Name]:
    names = [node for node in ast.walk(function) if isinstance(node, ast.Name)]
    return [node for node in names if node.id == name and not _stores(node)]


def _target_name(parent: ast.Assign | ast.AnnAssign) -> str | None:
    targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
    only = targets[0] if len(targets) == 1 else None
    return only.id if isinstance(only, ast.Name) else None


def _load_misuse(load: ast.Name, own: set[int], analysis: Analysis) -> str | None:
    """How a use of the variable needs the reply; None if it may await it."""
    parent = analysis.parent(load)
    if id(load) not in own or parent is None:
        return None  # used in a nested function or lambda: may be awaited there
    if isinstance(parent, ast.Expr):
        return "is never awaited"
    return _as_value(load, parent, analysis)


def _binding_count(function: FunctionNode, name: str) -> int:
    """How often `name` is bound in the function; 0 if it is declared global or nonlocal."""
    nodes = list(own_nodes(function.body))
    if name in _declared_outer(nodes):
        return 0
    bound = [arg.arg for arg in parameters(function)]
    bound += [node.id for node in nodes if isinstance(node, ast.Name) and _stores(node)]
    return bound.count(name)


def _declared_outer(nodes: list[ast.AST]) -> set[str]:
    return {
        name for node in nodes if isinstance(node, ast.Global | ast.Nonlocal) for name in node.names
    }


def _stores(node: ast.Name) -> bool:
    return not isinstance(node.ctx, ast.Load)
