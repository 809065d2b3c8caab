"""The old module imported at run time: the ref's tree written to a temporary folder with
`git archive` (the working tree is never touched) and imported in a child process.

When the old code does not import there (a dependency gone, a setting missing), the static
read stands; the report's header says which of the two was used.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.compat import gitref
from pytest_codehealth.compat.isolated import Checkout, IsolationError, ask
from pytest_codehealth.compat.model import ApiFormatError, ModuleApi, from_json, to_json

IMPORTED = "imported at run time"


@dataclass(frozen=True)
class OldTree:
    """Where the old modules live: a ref of the repository at `top`; `folder` is the config
    folder relative to `top` ("" at the top), the root the module names are relative to."""

    top: Path
    ref: str
    folder: str


def read_old(api: ModuleApi, tree: OldTree, source_roots: Iterable[str]) -> tuple[ModuleApi, str]:
    """`api` with signatures read from the imported old module, and how it was read."""
    with tempfile.TemporaryDirectory(prefix="codehealth-compat-") as tmp:
        try:
            gitref.archive(tree.top, tree.ref, tree.folder, Path(tmp))
        except gitref.GitError as exc:
            return api, _static(f"`git archive {tree.ref}` failed: {exc}")
        checkout = Checkout.at(Path(tmp, tree.folder), source_roots)
        request = {
            "task": "read",
            "api": to_json(api),
            "origin": api.origin,
            "root": str(checkout.root),
            "paths": [str(path) for path in checkout.paths],
        }
        try:
            answer = ask(request, checkout.root)
        except IsolationError as exc:
            return api, _static(str(exc))
    if answer.get("imported") is not True:
        return api, _static(f"the old module does not import: {answer.get('reason')}")
    try:
        return from_json(answer.get("api"), api.origin), IMPORTED
    except ApiFormatError as exc:
        return api, _static(f"unreadable answer: {exc}")


def _static(reason: str) -> str:
    return f"read from source; {reason}"
