"""Reporters: pure functions from a report to the text to print.

Imports `engine` (the report record), `rules` (the catalogue), `config` and `core`; never the
ways in.
"""

from __future__ import annotations

from collections.abc import Callable

from pytest_codehealth.engine.run import Report
from pytest_codehealth.report import github, gitlab, junit, sarif
from pytest_codehealth.report.json_format import render as render_json
from pytest_codehealth.report.text import render as render_text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "json": render_json,
    "github": github.render,
    "sarif": sarif.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}

__all__ = ["FORMATS"]
