"""Pytest items `compat::<module>`: one per old module, failing with one line per break."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_codehealth.compat.assertions import CompatWarning
from pytest_codehealth.compat.isolated import Checkout
from pytest_codehealth.compat.sources import Gathered
from pytest_codehealth.compat.verify import verify

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

COLLECTOR = "compat"


class CompatFailure(Exception):
    """The breaks of one old module."""

    def __init__(self, header: str, lines: list[str]) -> None:
        super().__init__(header)
        self.lines = [header, *lines]


class CompatCollector(pytest.Collector):
    """Holds the compat items; its node id is `compat`."""

    def __init__(
        self, *, gathered: Gathered, checkout: Checkout, strict_patches: bool, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
        self.gathered, self.checkout, self.strict_patches = gathered, checkout, strict_patches

    def collect(self) -> Iterator[pytest.Item]:
        for module in self.gathered.modules():
            yield CompatItem.from_parent(
                self,
                name=module,
                gathered=self.gathered,
                checkout=self.checkout,
                strict_patches=self.strict_patches,
            )


def compat_collector(
    session: pytest.Session, gathered: Gathered, checkout: Checkout, strict: bool
) -> pytest.Collector:
    collector: pytest.Collector = CompatCollector.from_parent(
        session,
        name=COLLECTOR,
        nodeid=COLLECTOR,
        gathered=gathered,
        checkout=checkout,
        strict_patches=strict,
    )
    return collector


class CompatItem(pytest.Item):
    """Checks the old API against the new module, imported in a child process."""

    def __init__(
        self,
        *,
        gathered: Gathered,
        checkout: Checkout,
        strict_patches: bool,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
        self.gathered, self.checkout = gathered, checkout
        self.strict_patches = strict_patches
        self.funcargs: dict[str, object] = {}  # no fixtures: see plugin.items.CodehealthItem
        self.add_marker("codehealth")

    def runtest(self) -> None:
        outcome = verify(self.gathered, self.name, self.checkout, self.strict_patches)
        for message in outcome.warnings:
            # shown as `compat <module>:0: CompatWarning: ...`, with no source line
            warnings.warn_explicit(message, CompatWarning, f"compat {self.name}", 0)
        if outcome.errors:
            raise CompatFailure(outcome.header, outcome.errors)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, CompatFailure):
            return "\n".join(excinfo.value.lines)
        return super().repr_failure(excinfo, style)  # type: ignore[arg-type]  # a bug of ours

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"compat {self.name}"
