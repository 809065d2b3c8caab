"""Check one old API against the checkout, in a child process (see `isolated`).

Used by the pytest items, `assert_backward_compatible` and `codehealth compat` alike: the
new package is imported from the checkout's folders, never from the caller's `sys.path`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_codehealth.compat.checks import Result
from pytest_codehealth.compat.isolated import Checkout, IsolationError, ask
from pytest_codehealth.compat.model import ModuleApi, to_json
from pytest_codehealth.compat.oldtree import read_old
from pytest_codehealth.compat.sources import Gathered


@dataclass(frozen=True)
class Outcome:
    """What one module's check found: the header of its report, breaks, warnings."""

    module: str
    header: str
    errors: list[str]
    warnings: list[str]


def verify(gathered: Gathered, module: str, checkout: Checkout, strict: bool) -> Outcome:
    """The whole check of one module: problems met gathering its old API, then its breaks.
    A module read at a git ref is first imported from that ref's tree (see `oldtree`)."""
    api = gathered.api(module)
    problems = gathered.problems.get(module, [])
    if api is None:
        return Outcome(module, _header(module, "its old API"), problems, [])
    origin, tree = api.origin, gathered.trees.get(module)
    if tree is not None:
        api, how = read_old(api, tree, checkout.source_roots)
        origin = f"{origin} ({how})"
    result = check(api, checkout, strict)
    return Outcome(module, _header(module, origin), [*problems, *result.errors], result.warnings)


def _header(module: str, origin: str) -> str:
    return f"{module} is not backward compatible with {origin}:"


def check(api: ModuleApi, checkout: Checkout, strict_patches: bool = False) -> Result:
    """Every break of `api` in the checkout; a child that fails is one break saying why."""
    request = {
        "task": "check",
        "api": to_json(api),
        "origin": api.origin,
        "root": str(checkout.root),
        "paths": [str(path) for path in checkout.paths],
        "strict": strict_patches,
    }
    try:
        answer = ask(request, checkout.root, bytecode=checkout.bytecode)
    except IsolationError as exc:
        return Result(errors=[f"not checked: {exc}"])
    return Result(_strings(answer, "errors"), _strings(answer, "warnings"))


def _strings(answer: dict[str, Any], key: str) -> list[str]:
    values = answer.get(key)
    return [str(value) for value in values] if isinstance(values, list) else []
