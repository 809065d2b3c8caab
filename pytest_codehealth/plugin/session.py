"""What `pytest --codehealth` adds once it is on: the collection and reporting hooks.

Imported only when the plugin is switched on, so a plain `pytest` run pays nothing for it.
Every item of ours hangs directly under the session: a `Package` node imports its
`__init__.py` in its setup, and the gates never import the code they check.
"""

from __future__ import annotations

import os
from collections.abc import Generator
from pathlib import Path

import pytest

from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.compat.isolated import Checkout
from pytest_codehealth.compat.items import CompatItem, compat_collector
from pytest_codehealth.compat.sources import Gathered, gather
from pytest_codehealth.engine.run import MissingPathError
from pytest_codehealth.plugin.cache import CACHED_PROPERTY, CLEAN_PROPERTY
from pytest_codehealth.plugin.items import ITEM_NAME, CodehealthFile, CodehealthItem
from pytest_codehealth.plugin.project import ProjectItem, project_collector
from pytest_codehealth.plugin.state import STATE, RunState


def switch_on(config: pytest.Config, *, gates: bool) -> None:
    """Load the settings and register the hooks: all gates, or (`gates=False`) compat only."""
    config.stash[STATE] = RunState(config, gates=gates)
    config.pluginmanager.register(_Hooks(config), "codehealth-hooks")


def _whole_project(config: pytest.Config) -> bool:
    """pytest was run without explicit paths (explicit ones: check only what pytest visits)."""
    return config.args_source != pytest.Config.ArgsSource.ARGS


class _Hooks:
    """Collection and reporting hooks, registered only when the plugin is on."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @property
    def state(self) -> RunState:
        return self.config.stash[STATE]

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Read the old APIs before collection: under xdist a bad ref stops the controller."""
        ref = self.config.getoption("codehealth_compat_ref")
        if ref or (self.state.gates and _whole_project(self.config)):
            self.state.gathered = _gather(self.state, ref)

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.File | None:
        if not self.state.gates or file_path.suffix != ".py":
            return None
        if self.state.target(file_path) is None:
            return None
        file: pytest.File = CodehealthFile.from_parent(parent.session, path=file_path)
        return file

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(
        self, collector: pytest.Collector
    ) -> Generator[None, pytest.CollectReport, pytest.CollectReport]:
        report = yield
        if self.state.gates and isinstance(collector, pytest.Directory) and report.passed:
            report.result.extend(self._unreadable_entries(collector))
        return report

    def _unreadable_entries(self, directory: pytest.Directory) -> list[pytest.File]:
        """`*.py` entries that are no regular file (a FIFO, a broken or looping link, a folder):
        pytest never offers them to `pytest_collect_file`; the CLI reports them as CH000."""
        found: list[pytest.File] = []
        for name in sorted(os.listdir(directory.path)):
            path = directory.path / name
            if not name.endswith(".py") or path.is_file():  # `is_file` is False for a loop
                continue
            if directory.ihook.pytest_ignore_collect(collection_path=path, config=self.config):
                continue
            if self.state.target(path) is not None:
                found.append(CodehealthFile.from_parent(directory.session, path=path))
        return found

    @pytest.hookimpl(tryfirst=True)  # before `-m`/`-k` deselection sees the items
    def pytest_collection_modifyitems(
        self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        if self.state.gates and _whole_project(config):
            self._add_default_paths(session, items)
            collector = project_collector(session, self.state.settings)
            if collector is not None:
                items.extend(session.genitems(collector))
        gathered = self.state.gathered
        if gathered is not None and gathered.modules():
            compat = self.state.settings.compat
            checkout = Checkout.at(self.state.settings.root, compat.source_roots)
            strict = compat.patch_targets == "error"
            items.extend(session.genitems(compat_collector(session, gathered, checkout, strict)))
        _gates_after_tests(items)

    def _add_default_paths(self, session: pytest.Session, items: list[pytest.Item]) -> None:
        try:
            targets = self.state.default_targets()
        except MissingPathError as exc:
            raise pytest.UsageError(f"codehealth: {exc}: no such file or directory") from None
        seen = {item.path for item in items if isinstance(item, CodehealthItem)}
        for target in targets:
            if target.path not in seen:
                seen.add(target.path)
                items.extend(
                    session.genitems(CodehealthFile.from_parent(session, path=target.path))
                )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":
            return
        properties = dict(report.user_properties)
        digest = properties.get(CLEAN_PROPERTY)
        if report.passed and isinstance(digest, str):
            self.state.cache.record(report.nodeid, digest)
        elif report.passed and properties.get(CACHED_PROPERTY) is True:
            self.state.cached += 1
        elif report.failed and report.nodeid.endswith(f"::{ITEM_NAME}"):
            self.state.cache.forget(report.nodeid)

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if hasattr(self.config, "workerinput"):  # said once, by the controller
            return
        for line in _summary(self.state):
            terminalreporter.write_line(f"codehealth: {line}")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not hasattr(session.config, "workerinput"):  # xdist workers never write
            self.state.cache.save()


def _gather(state: RunState, ref: str | None) -> Gathered:
    settings = state.settings
    try:
        return gather(settings.root, settings.compat, ref)
    except GitError as exc:
        raise pytest.UsageError(f"codehealth: compat ref: {exc}") from None


def _summary(state: RunState) -> list[str]:
    lines = []
    if state.cached:
        lines.append(
            f"{state.cached} files passed from the cache (unchanged since their last clean check)"
        )
    note = state.gathered.note() if state.gathered is not None else None
    if note is not None:
        lines.append(note)
    return lines


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
