"""## What it does
Checks for `except` handlers whose body only swallows the error: nothing but `pass`, `...`,
`continue` or a string (or another bare constant, such as `None`). Also checks for
`contextlib.suppress(Exception)` and `suppress(BaseException)`, which swallow every error
just as silently.

## Why is this bad?
An error that is swallowed without a trace is a failure nobody hears of: the write that
never happened, the retry loop that spins on a bug. A handler that logs, re-raises,
returns a value, assigns a fallback or calls anything at all is not flagged: it made a
decision about the error. A handler that only `continue`s in a retry loop is flagged:
retrying without a log line hides every failure until the last one.

## Known problems
Handlers for exceptions that are expected and carry no information (an optional import,
`KeyboardInterrupt` in a CLI) are legitimate: list them in `allow`.

Which setting fits a team: on eight libraries (requests 2.32.3, httpx 0.28.1, celery 5.4.0,
aiohttp 3.11.11, fastapi 0.115.6, starlette 0.41.3, click 8.1.8, rich 13.9.4; 424 files) the
default reported 188 handlers, 23 of them broad. Of 30 typed ones read by hand, 17 were
deliberate lookups with a fallback (`KeyError`, `AttributeError`, `IndexError`, a parse
attempt's `ValueError`), 6 optional imports, 4 shutdown or iteration control flow
(`StopAsyncIteration`, `KeyboardInterrupt`) and 3 best-effort cleanup (a socket timeout, a
closed channel). Application teams that agreed on "no silent except" keep the default and
`allow` their few expected types; a code base that uses typed handlers as control flow sets
`check-typed-exceptions = false` and keeps the broad ones out.

## Example
```python
try:
    cache.delete(key)
except Exception:
    pass
```

Use instead:
```python
try:
    cache.delete(key)
except RedisError:
    logger.warning("cache delete failed for %s", key, exc_info=True)
```

## Options
- `allow` (list of str, default `[]`): exception names that may be silenced, matched on
  the name as written in the handler (`"ImportError"`, `"asyncio.CancelledError"`). A
  handler for a tuple is allowed only when every name in it is allowed. `suppress(...)`
  of `Exception`/`BaseException` is never allowed.
- `check-typed-exceptions` (bool, default true): also check handlers for specific exception
  types. With `false`, only broad handlers (bare `except:`, `Exception`, `BaseException`,
  or a tuple holding one) and `suppress(Exception)` are reported, as ruff's `S110` does by
  default. The default follows the team rule "no silent except"; see Known problems for
  what each setting finds on real code.

```toml
[tool.codehealth.silent-except]
allow = ["ImportError", "ModuleNotFoundError"]
```

## References
- ruff `S110` (`try-except-pass`) and `SIM105`; pylint `W0107`/`W0702`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import SilentExcept as Options
from pytest_codehealth.core.ast_helpers import dotted_name, qualified_name
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile

CODE, NAME = "CH002", "silent-except"
_SUPPRESS = "contextlib.suppress"
_BROAD = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    for node in src.nodes(ast.Try):
        yield from _silent_handlers(src, node, options)
    for star in src.nodes(ast.TryStar):
        yield from _silent_handlers(src, star, options)
    if not _imports_suppress(src.imports):
        return  # no call can name it (`qualified_name` resolves through imports only)
    for call in src.nodes(ast.Call):
        if call.args and any(map(_is_broad, call.args)) and _is_suppress(call.func, src.imports):
            text = ast.unparse(call)
            yield src.finding(call, CODE, NAME, f"`{text}` swallows every error silently")


def _silent_handlers(
    src: SourceFile, node: ast.Try | ast.TryStar, options: Options
) -> Iterator[Finding]:
    keyword = "except*" if isinstance(node, ast.TryStar) else "except"
    for handler in node.handlers:
        if _only_swallows(handler) and _checked(handler, options):
            label = _label(keyword, handler)
            yield src.finding(handler, CODE, NAME, f"`{label}` swallows the error silently")


def _only_swallows(handler: ast.ExceptHandler) -> bool:
    return all(_is_no_op(stmt) for stmt in handler.body)


def _is_no_op(stmt: ast.stmt) -> bool:
    if isinstance(stmt, ast.Pass | ast.Continue):
        return True
    # a bare constant (`...`, a string, `None`, `0`) does nothing with the error
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)


def _caught_names(handler: ast.ExceptHandler) -> list[str | None]:
    if handler.type is None:
        return [None]
    if isinstance(handler.type, ast.Tuple):
        return [dotted_name(element) for element in handler.type.elts]
    return [dotted_name(handler.type)]


def _checked(handler: ast.ExceptHandler, options: Options) -> bool:
    """Not allowed by name, and broad unless typed handlers are checked too."""
    names = _caught_names(handler)
    if all(name is not None and name in options.allow for name in names):
        return False
    return options.check_typed_exceptions or any(name is None or name in _BROAD for name in names)


def _label(keyword: str, handler: ast.ExceptHandler) -> str:
    if handler.type is None:
        return f"{keyword}:"
    return f"{keyword} {ast.unparse(handler.type)}"


def _imports_suppress(imports: dict[str, str]) -> bool:
    """Does an import bind `contextlib.suppress`, or a module a name could reach it from?"""
    return any(
        bound == _SUPPRESS or _SUPPRESS.startswith(f"{bound}.") for bound in imports.values()
    )


def _is_suppress(func: ast.expr, imports: dict[str, str]) -> bool:
    return qualified_name(func, imports) == _SUPPRESS


def _is_broad(arg: ast.expr) -> bool:
    return dotted_name(arg) in _BROAD
