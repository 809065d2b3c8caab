"""Backward compatibility of every module that became a package since the ref.

The same check as `pytest --codehealth` and `codehealth compat --ref`: the old API read at
the ref, the new package imported in a child process (see `compat.isolated`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from pytest_codehealth.compat.isolated import Checkout
from pytest_codehealth.compat.sources import Gathered, from_git
from pytest_codehealth.compat.verify import verify
from pytest_codehealth.config.settings import Settings


def compat_status(settings: Settings, ref: str) -> list[dict[str, Any]]:
    """One entry per split module: `ok` or `broken`, with the breaks and warnings found."""
    gathered = Gathered()
    from_git(gathered, settings.root, settings.compat, ref)
    checkout = replace(Checkout.at(settings.root, settings.compat.source_roots), bytecode=False)
    strict = settings.compat.patch_targets == "error"
    found = []
    for module in gathered.split:
        outcome = verify(gathered, module, checkout, strict)
        found.append(
            {
                "module": module,
                "status": "broken" if outcome.errors else "ok",
                "problems": outcome.errors,
                "warnings": outcome.warnings,
            }
        )
    return found
