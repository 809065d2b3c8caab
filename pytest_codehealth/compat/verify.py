"""Check one old API against the checkout, in a child process (see `isolated`).

Used by the pytest items, `assert_backward_compatible` and `codehealth compat` alike: the
new package is imported from the checkout's folders, never from the caller's `sys.path`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_codehealth.compat.checks import Result
from pytest_codehealth.compat.isolated import IsolationError, ask
from pytest_codehealth.compat.model import ModuleApi, to_json


@dataclass(frozen=True)
class Outcome:
    """What one module's check found: the header of its report, breaks, warnings."""

    module: str
    header: str
    errors: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class Checkout:
    """The working tree whose package is checked, and the folders it is imported from."""

    root: Path
    paths: tuple[Path, ...]

    @classmethod
    def at(cls, root: Path, source_roots: Iterable[str]) -> Checkout:
        """`root` first, then its source roots (`src`) that exist."""
        root = root.resolve()
        roots = [root / folder for folder in source_roots if (root / folder).is_dir()]
        return cls(root, (root, *roots))


def verify(
    module: str, api: ModuleApi | None, problems: list[str], checkout: Checkout, strict: bool
) -> Outcome:
    """The whole check of one module: problems met gathering its old API, then its breaks."""
    origin = api.origin if api is not None else "its old API"
    result = check(api, checkout, strict) if api is not None else Result()
    header = f"{module} is not backward compatible with {origin}:"
    return Outcome(module, header, [*problems, *result.errors], result.warnings)


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
        answer = ask(request, checkout.root)
    except IsolationError as exc:
        return Result(errors=[f"not checked: {exc}"])
    return Result(_strings(answer, "errors"), _strings(answer, "warnings"))


def _strings(answer: dict[str, Any], key: str) -> list[str]:
    values = answer.get(key)
    return [str(value) for value in values] if isinstance(values, list) else []
