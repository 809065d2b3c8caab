"""pytest-codehealth: code-health gates for pre-commit, pytest and CI."""

from __future__ import annotations

TYPE_CHECKING = False  # not `typing`'s: the console script's memo hit imports no `typing`
if TYPE_CHECKING:
    from pytest_codehealth.compat.assertions import assert_backward_compatible

__version__ = "0.1.0"
__all__ = ["__version__", "assert_backward_compatible"]


def __getattr__(name: str) -> object:
    """`assert_backward_compatible` is imported on first use: the CLI never pays for it."""
    if name == "assert_backward_compatible":
        from pytest_codehealth.compat.assertions import (  # noqa: PLC0415  # lazy on purpose
            assert_backward_compatible,
        )

        return assert_backward_compatible
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
