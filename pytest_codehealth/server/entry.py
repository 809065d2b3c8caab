"""`codehealth server` and `python -m pytest_codehealth.server`: start, or name the extra."""

from __future__ import annotations

import sys

EXTRA = "pytest-codehealth[server]"
_LIBRARIES = ("pygls", "lsprotocol")


def main() -> int:
    """Serve LSP over stdio until the client says `exit`; exit code 2 without the extra."""
    try:
        from pytest_codehealth.server.app import serve  # noqa: PLC0415  # needs the extra
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in _LIBRARIES:
            raise
        print(
            "codehealth: error: `codehealth server` needs pygls and lsprotocol; "
            f"install them with `pip install '{EXTRA}'`",
            file=sys.stderr,
        )
        return 2
    return serve()
