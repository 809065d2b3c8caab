"""`codehealth-project::<rule>` items: one per selected whole-project rule (CH020, ...).

Each runs the engine over the whole project (the config's `paths`, else its folder) with only
that rule selected, through the engine's content cache, and fails with its findings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from pytest_codehealth.config.catalogue import MissingExtraError
from pytest_codehealth.config.selection import Layer
from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.project import project_rules
from pytest_codehealth.engine.run import run
from pytest_codehealth.plugin.warn import warn_about
from pytest_codehealth.rules.base import Rule

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr

COLLECTOR = "codehealth-project"


class ProjectFailure(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings)
        self.findings = findings


class ProjectCollector(pytest.Collector):
    """Holds the project items; its node id is `codehealth-project`."""

    def __init__(self, *, settings: Settings, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
        self.settings = settings

    def collect(self) -> Iterator[pytest.Item]:
        for rule, _ in project_rules(self.settings):
            yield ProjectItem.from_parent(self, name=rule.name, rule=rule)


def project_collector(session: pytest.Session, settings: Settings) -> pytest.Collector | None:
    """The collector, or None when no whole-project rule is selected."""
    if not project_rules(settings):
        return None
    collector: pytest.Collector = ProjectCollector.from_parent(
        session, name=COLLECTOR, nodeid=COLLECTOR, settings=settings
    )
    return collector


def only(settings: Settings, code: str) -> Settings:
    """The settings with one rule selected, on the command line's authority (per-path can't add)."""
    layer = Layer((code,), (), ())
    return settings.replace(selected=frozenset({code}), cli_layers=(layer,), _memo={})


def _unknown(findings: list[Finding], settings: Settings) -> list[Finding]:
    """The findings the config's baseline does not hold."""
    if settings.baseline is None:
        return findings
    return baseline.compare(findings, baseline.load(settings.baseline)).reported


class ProjectItem(pytest.Item):
    """One whole-project rule over every file of the project."""

    def __init__(self, *, rule: Rule, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
        self.rule = rule
        self.funcargs: dict[str, object] = {}  # see CodehealthItem
        self.add_marker("codehealth")

    def runtest(self) -> None:
        settings: Settings = self.parent.settings  # type: ignore[union-attr]  # our collector
        paths = [str(settings.root / path) for path in settings.paths] or [str(settings.root)]
        cwd = self.config.invocation_params.dir
        report = run(paths, only(settings, self.rule.code), cwd, cache=True)
        mine = [
            finding for finding in _unknown(report.findings, settings) if self._is_mine(finding)
        ]
        failing = warn_about(mine)
        if failing:
            raise ProjectFailure(failing)

    def _is_mine(self, finding: Finding) -> bool:
        """This rule's findings, and the CH000 that says the rule itself failed."""
        return finding.code == self.rule.code or f"rule {self.rule.code} " in finding.message

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: str | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, ProjectFailure):
            return "\n".join(finding.format() for finding in excinfo.value.findings)
        if isinstance(excinfo.value, MissingExtraError):
            return str(excinfo.value)  # an extra to install, not a bug: no traceback
        return super().repr_failure(excinfo, style)  # type: ignore[arg-type]  # a bug of ours

    def reportinfo(self) -> tuple[str, int | None, str]:
        return COLLECTOR, None, f"codehealth project {self.rule.code} {self.rule.name}"
