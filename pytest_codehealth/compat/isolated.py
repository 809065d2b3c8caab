"""Run the run-time checks in a child Python process, isolated from the caller's imports.

The child is the same interpreter started with `-E -P` (no `PYTHON*` variables, no current
folder on `sys.path`): its `sys.path` is the environment's (standard library, site-packages)
with the checkout's folders put first once our own modules are loaded. It reads one request
as JSON on stdin and answers with JSON on stdout; what the checked code prints goes to
stderr. Neither a test session's `sys.path` and `sys.modules` nor a copy of one of pytest's
dependencies in the checkout can decide which module is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest_codehealth

# sys.argv[1] is the folder holding our package: used only if the environment lacks it
_BOOTSTRAP = """\
import sys
ours = sys.argv[1]
added = ours not in sys.path
if added:
    sys.path.append(ours)
from pytest_codehealth.compat import child
if added:
    sys.path.remove(ours)
raise SystemExit(child.main())
"""
_STDERR_LINES_SHOWN = 3


@dataclass(frozen=True)
class Checkout:
    """The working tree whose package is checked, and the folders it is imported from."""

    root: Path
    paths: tuple[Path, ...]
    source_roots: tuple[str, ...] = ()
    # write `.pyc` files beside the modules imported, as any import does; `codehealth report`
    # turns it off: a report leaves the user's tree as it found it
    bytecode: bool = True

    @classmethod
    def at(cls, root: Path, source_roots: Iterable[str]) -> Checkout:
        """`root` first, then its source roots (`src`) that exist."""
        root, names = root.resolve(), tuple(source_roots)
        roots = [root / folder for folder in names if (root / folder).is_dir()]
        return cls(root, (root, *roots), names)


class IsolationError(Exception):
    """The child process could not be started or ended without an answer."""


def ask(request: dict[str, Any], cwd: Path, *, bytecode: bool = True) -> dict[str, Any]:
    """Send `request` to a fresh child process started in `cwd`; its answer as data."""
    ours = str(Path(pytest_codehealth.__file__).resolve().parent.parent)
    command = [sys.executable, "-E", "-P", *(() if bytecode else ("-B",)), "-c", _BOOTSTRAP, ours]
    try:
        done = subprocess.run(
            command, input=json.dumps(request).encode(), capture_output=True, cwd=cwd, check=False
        )
    except OSError as exc:
        raise IsolationError(f"cannot start {sys.executable}: {exc.strerror or exc}") from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if done.returncode != 0 or not isinstance(answer, dict):
        raise IsolationError(_ended(done.returncode, done.stderr))
    return answer


def _ended(code: int, stderr: bytes) -> str:
    lines = [line for line in stderr.decode(errors="replace").splitlines() if line.strip()]
    said = " | ".join(line.strip() for line in lines[-_STDERR_LINES_SHOWN:])
    return f"the check process ended without an answer (exit code {code})" + (
        f": {said}" if said else ""
    )
