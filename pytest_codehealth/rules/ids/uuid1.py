"""## What it does
Checks for calls to `uuid.uuid1()` (in any import form) and for `uuid.uuid1` given as a
field's `default` or `default_factory`.

## Why is this bad?
A version-1 UUID is the clock plus the host's MAC address: it leaks which machine made it
and when, and it is predictable, so it must not be used for anything a client could guess.
Ids made on hosts without a stable MAC address, or in containers cloned from one image, can
also repeat. `uuid.uuid4()` is random and unique without coordination.

A call that passes its own `node` (`uuid1(node=random_node)`) does not leak the MAC
address and is not flagged; neither is the default of a Cassandra `TimeUUID` column, which
needs version-1 UUIDs.

## Known problems
Code that needs time-ordered ids for a store that accepts only version-1 UUIDs must keep
`uuid1()`: suppress it there with `# noqa: CH004`.

## Example
```python
import uuid

job_id = str(uuid.uuid1())
```

Use instead:
```python
import uuid

job_id = str(uuid.uuid4())  # or uuid.uuid7() on Python 3.14+ for time-ordered ids
```

## Options
None.

## References
- Python docs: [`uuid.uuid1`](https://docs.python.org/3/library/uuid.html#uuid.uuid1).
- RFC 9562, section 8 (security considerations of version-1 UUIDs).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from pytest_codehealth.config.rule_options import Uuid1 as Options
from pytest_codehealth.core.ast_helpers import dotted_name, qualified_name
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile

CODE, NAME = "CH004", "uuid1"
_ADVICE = "use `uuid.uuid4()`, or `uuid.uuid7()` on Python 3.14+ for time-ordered ids"


def check(src: SourceFile, options: Options) -> Iterator[Finding]:
    if "uuid1" not in src.text:
        return
    imports = src.imports
    for node in src.nodes(ast.Call):
        if _is_uuid1(node.func, imports):
            if not _has_node(node):
                message = f"`{ast.unparse(node.func)}()` embeds the MAC address and the time"
                yield src.finding(node, CODE, NAME, f"{message}; {_ADVICE}")
        elif node.keywords and not _is_time_uuid_column(node.func):
            yield from _defaults(src, node, imports)


def _defaults(src: SourceFile, call: ast.Call, imports: dict[str, str]) -> Iterator[Finding]:
    for keyword in call.keywords:
        if keyword.arg in ("default", "default_factory") and _is_uuid1(keyword.value, imports):
            function = ast.unparse(keyword.value)
            message = f"`{keyword.arg}={function}` makes ids that embed the MAC address; {_ADVICE}"
            yield src.finding(keyword.value, CODE, NAME, message)


def _is_uuid1(node: ast.expr, imports: dict[str, str]) -> bool:
    return qualified_name(node, imports) == "uuid.uuid1"


def _has_node(call: ast.Call) -> bool:
    return bool(call.args) or any(keyword.arg in ("node", None) for keyword in call.keywords)


def _is_time_uuid_column(func: ast.expr) -> bool:
    name = dotted_name(func) or ""
    return name.rsplit(".", 1)[-1] in ("TimeUUID", "TimeUUIDField")
