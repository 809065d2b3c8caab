"""pytest-codehealth: code-health gates for pre-commit, pytest and CI."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
