"""Reporters: pure functions from a report to the text to print.

Imports `engine` (the report record), `rules` (the catalogue), `config` and `core`; never the
ways in. A run imports only the format it prints (`renderer`); `FORMATS` (every format) is
built on first use.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pytest_codehealth.engine.run import Report

# format name -> the module under `report/` whose `render(report)` prints it
_MODULES = {
    "text": "text",
    "json": "json_format",
    "github": "github",
    "sarif": "sarif",
    "gitlab": "gitlab",
    "junit": "junit",
}
FORMAT_NAMES = tuple(_MODULES)


def renderer(name: str) -> Callable[[Report], str]:
    """The `render` function of one format, importing only its module."""
    module = import_module(f"{__name__}.{_MODULES[name]}")
    return cast("Callable[[Report], str]", module.render)


def __getattr__(name: str) -> Any:
    """`FORMATS`: every format's `render`, for callers that want them all."""
    if name == "FORMATS":
        return {format_name: renderer(format_name) for format_name in FORMAT_NAMES}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMAT_NAMES", "renderer"]
