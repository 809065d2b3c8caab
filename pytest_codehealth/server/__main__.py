"""`python -m pytest_codehealth.server`: the language server over stdio."""

from __future__ import annotations

from pytest_codehealth.server.entry import main

if __name__ == "__main__":
    raise SystemExit(main())
