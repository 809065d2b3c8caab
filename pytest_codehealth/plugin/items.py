"""What `pytest --codehealth` adds once it is on: the items, their hooks and their state.

Imported only when the plugin is switched on, so a plain `pytest` run pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.compat.items import CompatItem, compat_collector
from pytest_codehealth.compat.sources import gather
from pytest_codehealth.config.load import ConfigError, Settings, find_config, load_settings
from pytest_codehealth.core.findings import Finding, Identity
from pytest_codehealth.core.source import read
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import MissingPathError, Target, check_target, discover
from pytest_codehealth.plugin.cache import (
    CACHED_PROPERTY,
    CLEAN_PROPERTY,
    CleanCache,
    content_digest,
)
from pytest_codehealth.plugin.project import ProjectItem, project_collector
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


class _State:
    """What the hooks and items of one run share; lives in `config.stash`."""

    def __init__(self, config: pytest.Config, settings: Settings) -> None:
        self.settings = settings
        self.cwd = config.invocation_params.dir
        self.cache = CleanCache.for_config(config)
        self.cached = 0  # items passed from the cache, unchecked (counted where reports arrive)
        self.baseline = _baseline(settings)

    def known(self, display: str, findings: list[Finding]) -> tuple[list[Finding], bool]:
        """The findings the baseline does not hold, and whether it held any."""
        if self.baseline is None or not findings:
            return findings, False
        result = baseline.compare(findings, self.baseline, {display})
        return result.reported, bool(result.known)

    def target(self, path: Path) -> Target | None:
        """The engine's view of a file pytest visits; None when the config excludes it."""
        found = discover([str(path)], self.settings, self.cwd)
        return found[0] if found else None

    def default_targets(self) -> list[Target]:
        """What `codehealth check` checks with no paths: the config's `paths` (from its folder),
        else the config's folder, else the rootdir."""
        root = self.settings.root
        paths = [str(root / path) for path in self.settings.paths] or [str(root)]
        return discover(paths, self.settings, self.cwd)


STATE = pytest.StashKey[_State]()


def _baseline(settings: Settings) -> dict[Identity, float | None] | None:
    if settings.baseline is None:
        return None
    try:
        return baseline.load(settings.baseline)
    except baseline.BaselineError as exc:
        raise pytest.UsageError(f"codehealth: {exc}") from None


def switch_on(config: pytest.Config) -> None:
    """Load the settings and register the collection hooks (the plugin was asked for)."""
    config.stash[STATE] = _State(config, _settings(config))
    config.pluginmanager.register(_Hooks(config), "codehealth-hooks")


def _settings(config: pytest.Config) -> Settings:
    try:
        settings = load_settings(find_config(config.rootpath), {}, config.rootpath)
    except ConfigError as exc:
        raise pytest.UsageError(f"codehealth: config error: {exc}") from None
    for path in settings.paths:
        if not (settings.root / path).exists():
            where = settings.source or "config"
            raise pytest.UsageError(
                f"codehealth: {where}: tool.codehealth.paths: {path!r} does not exist"
            )
    return settings


class _Hooks:
    """Collection and reporting hooks, registered only when the plugin is on."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.File | None:
        if file_path.suffix != ".py" or self.config.stash[STATE].target(file_path) is None:
            return None
        # under the session, not `parent`: a `Package` imports its `__init__.py` in its setup
        file: pytest.File = CodehealthFile.from_parent(parent.session, path=file_path)
        return file

    @pytest.hookimpl(tryfirst=True)  # before `-m`/`-k` deselection sees the items
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        whole_project = config.args_source != pytest.Config.ArgsSource.ARGS
        if whole_project:  # explicit arguments: check only what pytest visits
            self._add_default_paths(session, items)
            collector = project_collector(session, self.config.stash[STATE].settings)
            if collector is not None:
                items.extend(session.genitems(collector))
        if whole_project or config.getoption("codehealth_compat_ref"):
            self._add_compat_items(session, items)
        _gates_after_tests(items)

    def _add_default_paths(self, session: pytest.Session, items: list[pytest.Item]) -> None:
        try:
            targets = self.config.stash[STATE].default_targets()
        except MissingPathError as exc:
            raise pytest.UsageError(f"codehealth: {exc}: no such file or directory") from None
        seen = {item.path for item in items if isinstance(item, CodehealthItem)}
        for target in targets:
            if target.path not in seen:
                seen.add(target.path)
                items.extend(
                    session.genitems(CodehealthFile.from_parent(session, path=target.path))
                )

    def _add_compat_items(self, session: pytest.Session, items: list[pytest.Item]) -> None:
        settings = self.config.stash[STATE].settings
        ref = self.config.getoption("codehealth_compat_ref")
        try:
            gathered = gather(settings.root, settings.compat, ref)
        except GitError as exc:
            raise pytest.UsageError(f"codehealth: compat ref: {exc}") from None
        if gathered.modules():
            strict = settings.compat.patch_targets == "error"
            items.extend(session.genitems(compat_collector(session, gathered, strict)))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        state = self.config.stash[STATE]
        properties = dict(report.user_properties)
        digest = properties.get(CLEAN_PROPERTY)
        if report.passed and isinstance(digest, str):
            state.cache.record(report.nodeid, digest)
        elif report.passed and properties.get(CACHED_PROPERTY) is True:
            state.cached += 1
        elif report.failed and report.nodeid.endswith(f"::{ITEM_NAME}"):
            state.cache.forget(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        cached = self.config.stash[STATE].cached
        if cached:
            terminalreporter.write_line(
                f"codehealth: {cached} files passed from the cache"
                " (unchanged since their last clean check)"
            )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not hasattr(session.config, "workerinput"):  # xdist workers never write
            session.config.stash[STATE].cache.save()


def _gates_after_tests(items: list[pytest.Item]) -> None:
    """The file gates after the tests, in node id order; the tests keep their order.

    A gate between two tests of one package would tear the package down and set it up again
    (its package-scoped fixtures too): the gates hang under the session, not the package.
    """
    gates = sorted(
        (item for item in items if isinstance(item, CodehealthItem)), key=lambda item: item.nodeid
    )
    whole = [item for item in items if isinstance(item, ProjectItem | CompatItem)]
    tests = [
        item for item in items if not isinstance(item, CodehealthItem | ProjectItem | CompatItem)
    ]
    items[:] = [*tests, *gates, *whole]


class CodehealthFile(pytest.File):
    """One checked file; holds the single `codehealth` item."""

    def collect(self) -> Iterator[pytest.Item]:
        yield CodehealthItem.from_parent(self, name=ITEM_NAME)


class CodehealthItem(pytest.Item):
    """Runs every selected gate on one file; fails with the findings as its report."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]  # pytest passes node kwargs
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
        data = read(target.path, target.display)  # once: the bytes checked are the bytes hashed
        digest = content_digest(data, settings) if isinstance(data, bytes) else None
        if digest is not None and state.cache.is_clean(self.nodeid, digest):
            self.user_properties.append((CACHED_PROPERTY, True))
            return
        findings, any_known = state.known(target.display, check_target(target, settings, data))
        failing = warn_about(findings)
        if failing:
            raise CodehealthFailure(failing)
        if digest is not None and not any_known:  # a baselined file stays re-checked
            self.user_properties.append((CLEAN_PROPERTY, digest))

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
