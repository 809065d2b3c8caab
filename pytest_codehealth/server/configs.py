"""The settings in force for each file the editor shows, loaded once per config file.

A file's config is found as the CLI finds it (the nearest `pyproject.toml` with a
`[tool.codehealth]` table); displayed paths are relative to that file's folder, as a CLI run
from there shows them, so that baselines match. A config that cannot be used is kept as its
`ConfigError`, until the file changes: the server shows it and never stops for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.config.load import ConfigError, Settings, find_config, load_settings
from pytest_codehealth.core.findings import Identity
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.discovery import MissingPathError, Target, discover, parts_of

CONFIG_NAME = "pyproject.toml"


@dataclass(frozen=True)
class Project:
    """One config's settings and the baseline they name (empty when unreadable)."""

    settings: Settings
    known: dict[Identity, float | None]
    baseline_error: str | None = None

    @property
    def root(self) -> Path:
        return self.settings.root

    def target(self, path: Path) -> Target | None:
        """The file as a run from the root shows it; None when the config excludes it."""
        try:
            found = discover([str(path)], self.settings, self.root)
        except MissingPathError:  # a buffer not saved yet: checked all the same
            parts = parts_of(path, self.root)
            if self.settings.excluded(parts):
                return None
            return Target(path, _display(path, self.root), parts)
        return found[0] if found else None


def _display(path: Path, root: Path) -> str:
    absolute = Path(os.path.abspath(path))
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else str(path)


class Configs:
    """Settings by config file (None: no config, the workspace folder's defaults)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._loaded: dict[Path | None, Project | ConfigError] = {}

    def project_of(self, path: Path) -> Project | ConfigError:
        """The project a file belongs to, or the error that its config has."""
        try:
            config = find_config(path)
        except ConfigError as exc:  # an unreadable pyproject.toml on the way up
            return exc
        if config not in self._loaded:
            self._loaded[config] = self._load(config)
        return self._loaded[config]

    def _load(self, config: Path | None) -> Project | ConfigError:
        cwd = config.parent if config is not None else self.folder
        try:
            settings = load_settings(config, {}, cwd)
        except ConfigError as exc:
            return exc
        if settings.baseline is None or not settings.baseline.exists():
            return Project(settings, {})
        try:
            return Project(settings, baseline.load(settings.baseline))
        except baseline.BaselineError as exc:
            return Project(settings, {}, str(exc))

    def forget(self) -> None:
        """Load every config again when next asked (one was saved or changed on disk)."""
        self._loaded.clear()

    def projects(self) -> list[Project]:
        return [loaded for loaded in self._loaded.values() if isinstance(loaded, Project)]

    def errors(self) -> list[ConfigError]:
        return [loaded for loaded in self._loaded.values() if isinstance(loaded, ConfigError)]
