"""`path/to/file.py::codehealth`: one item per checked file, failing with the CLI's lines."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import read
from pytest_codehealth.engine.run import DEPENDS_ON, Target, check_target_result
from pytest_codehealth.plugin.cache import (
    CACHED_PROPERTY,
    CLEAN_PROPERTY,
    clean_entry,
    content_digest,
)
from pytest_codehealth.plugin.state import STATE
from pytest_codehealth.plugin.warn import warn_about

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

MARKER = "codehealth"
ITEM_NAME = "codehealth"


class CodehealthFailure(Exception):
    """The findings of one file; shown as `path:line:col: CODE message` lines."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings)
        self.findings = findings

    def report(self) -> str:
        return "\n".join(finding.format() for finding in self.findings)


class CodehealthFile(pytest.File):
    """One checked file; holds the single `codehealth` item. Its parent is the session."""

    def collect(self) -> Iterator[pytest.Item]:
        yield CodehealthItem.from_parent(self, name=ITEM_NAME)


class CodehealthItem(pytest.Item):
    """Runs every selected gate on one file; fails with the findings as its report."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
        # no fixtures, as a test function without any: some plugins' run wrappers read this
        # from every item and fail the ones without it (pytest-lsp 1.0.1)
        self.funcargs: dict[str, object] = {}
        self.add_marker(MARKER)

    @cached_property
    def target(self) -> Target:
        """The file as the engine sees it (display path relative to the invocation folder)."""
        target = self.config.stash[STATE].target(self.path)
        return target if target is not None else Target(self.path, str(self.path), ())

    def runtest(self) -> None:
        state = self.config.stash[STATE]
        target = self.target
        settings = state.settings.for_parts(target.parts)
        data = read(target.path, target.display, settings.max_file_size)  # once: checked = hashed
        digest = content_digest(data, settings) if isinstance(data, bytes) else None
        options = {info.code: options for info, options in settings.rules}
        if digest is not None and state.cache.is_clean(
            self.nodeid, digest, state.settings.root, options
        ):
            self.user_properties.append((CACHED_PROPERTY, True))
            return
        result = check_target_result(target, settings, data)
        findings, any_known = state.known(result.findings)
        failing = warn_about(findings)
        if failing:
            raise CodehealthFailure(failing)
        if digest is not None and not any_known:  # a baselined file stays re-checked
            entry = clean_entry(digest, result.facts.get(DEPENDS_ON))
            self.user_properties.append((CLEAN_PROPERTY, entry))

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, CodehealthFailure):
            return excinfo.value.report()
        return super().repr_failure(excinfo, style)  # type: ignore[arg-type]  # a bug of ours

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"codehealth {self.target.display}"
