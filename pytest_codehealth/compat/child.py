"""The child process of `isolated`: one request in (JSON on stdin), one answer out.

Started by `isolated.ask` with our modules already imported and nothing of the checkout on
`sys.path`; the request's folders go first only now, so the checked package is the one they
hold. The answer goes to the original stdout; anything the checked code prints, to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_codehealth.compat import runtime
from pytest_codehealth.compat.checks import check_api, outside
from pytest_codehealth.compat.model import from_json, to_json


def main() -> None:
    """Answer one request, then end the process at once: threads the checked code started
    and its exit handlers are not ours to wait for."""
    request = json.loads(sys.stdin.buffer.read())
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # the checked code's prints, even from C, go to stderr
    sys.path[:0] = request["paths"]
    answer = _TASKS[request["task"]](request)
    answers.write(json.dumps(answer))
    answers.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _check(request: dict[str, Any]) -> dict[str, Any]:
    """The new package against the old API: breaks and warnings."""
    api = from_json(request["api"], request["origin"])
    result = check_api(api, Path(request["root"]), bool(request["strict"]))
    return {"errors": result.errors, "warnings": result.warnings}


def _read(request: dict[str, Any]) -> dict[str, Any]:
    """The old module imported from the old tree: its API with live signatures."""
    api = from_json(request["api"], request["origin"])
    module = runtime.import_old(api.module)
    if isinstance(module, str):
        return {"imported": False, "reason": module}
    stray = outside(module, Path(request["root"]))
    if stray is not None:
        return {"imported": False, "reason": f"it loads {stray}, outside the old tree"}
    return {"imported": True, "api": to_json(runtime.read(api, module))}


_TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"check": _check, "read": _read}
