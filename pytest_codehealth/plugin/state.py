"""What the hooks and items of one `pytest --codehealth` run share; it lives in `config.stash`."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.compat.sources import Gathered
from pytest_codehealth.config.load import ConfigError, Settings, find_config, load_settings
from pytest_codehealth.core.findings import Finding, Identity
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import Target, discover
from pytest_codehealth.plugin.cache import CleanCache


class RunState:
    """The settings, the clean-result cache, the baseline and the old APIs of one run."""

    def __init__(self, config: pytest.Config, *, gates: bool) -> None:
        self.gates = gates  # file and project gates on (`--codehealth`), else compat items only
        self.settings = _settings(config)
        self.cwd = config.invocation_params.dir
        self.cache = CleanCache.for_config(config)
        self.cached = 0  # items passed from the cache, unchecked (counted where reports arrive)
        self.baseline = _baseline(self.settings)
        self.gathered: Gathered | None = None  # the old APIs, when the compat check runs

    def known(self, findings: list[Finding]) -> tuple[list[Finding], bool]:
        """The findings the baseline does not hold, and whether it held any."""
        if self.baseline is None or not findings:
            return findings, False
        result = baseline.compare(findings, self.baseline)
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


STATE = pytest.StashKey[RunState]()


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


def _baseline(settings: Settings) -> dict[Identity, float | None] | None:
    if settings.baseline is None:
        return None
    try:
        return baseline.load(settings.baseline)
    except baseline.BaselineError as exc:
        raise pytest.UsageError(f"codehealth: {exc}") from None
