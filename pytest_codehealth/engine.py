"""Find files, load each once, run the selected rules on the one tree, collect findings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pytest_codehealth.config import FileSettings, Settings
from pytest_codehealth.findings import Finding
from pytest_codehealth.identity import identify
from pytest_codehealth.source import SourceFile, load
from pytest_codehealth.suppress import Suppressions

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "build",
        "dist",
        "__pycache__",
        "node_modules",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".codehealth_cache",
        ".eggs",
    }
)


class MissingPathError(Exception):
    """A path named on the command line that does not exist."""


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0


@dataclass(frozen=True)
class Target:
    """A file to check: where it is, how to show it, its parts relative to the config root."""

    path: Path
    display: str
    parts: tuple[str, ...]


def discover(paths: Sequence[str], settings: Settings, cwd: Path) -> list[Target]:
    """Files under `paths`: folders are walked; files named explicitly are kept unless excluded."""
    targets: dict[str, Target] = {}
    for raw in paths:
        path = Path(raw)
        full = path if path.is_absolute() else cwd / path
        if not full.exists() and not full.is_symlink():
            raise MissingPathError(raw)
        if full.is_dir() and not raw.endswith(".py"):
            found: Iterable[Path] = _walk(full, settings)
        elif not settings.excluded(_parts(full, settings.root)):
            found = [full]
        else:
            found = []
        for file in found:
            target = Target(file, _display(file, cwd), _parts(file, settings.root))
            targets.setdefault(target.display, target)
    return sorted(targets.values(), key=lambda target: target.display)


def _walk(top: Path, settings: Settings) -> Iterator[Path]:
    for folder, dirs, files in os.walk(top):
        base = Path(folder)
        # a folder named `x.py` is reported as unreadable (CH000), not walked
        candidates = sorted([*files, *(name for name in dirs if name.endswith(".py"))])
        dirs[:] = sorted(
            name
            for name in dirs
            if not name.endswith(".py") and not _skip_dir(base / name, settings)
        )
        for name in candidates:
            if name.endswith(".py") and not settings.excluded(_parts(base / name, settings.root)):
                yield base / name


def _skip_dir(path: Path, settings: Settings) -> bool:
    if path.name in SKIP_DIRS or (path / "pyvenv.cfg").exists():
        return True
    return settings.excluded(_parts(path, settings.root))


def _parts(path: Path, root: Path) -> tuple[str, ...]:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).parts
    except ValueError:
        return absolute.parts[1:]


def _display(path: Path, cwd: Path) -> str:
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()


def check_target(target: Target, settings: FileSettings) -> list[Finding]:
    """All findings for one file: CH000 if it cannot be loaded, else every selected rule's."""
    loaded = load(target.path, target.display)
    if isinstance(loaded, Finding):
        return identify([loaded], [], None)
    return check_source(loaded, settings)


def check_source(src: SourceFile, settings: FileSettings) -> list[Finding]:
    found: list[Finding] = []
    for rule, options in settings.rules:
        if rule.check is not None:
            found.extend(rule.check(src, options))
    if not found:
        return []
    suppressions = Suppressions(src.text, src.lines)
    kept = [finding for finding in found if not suppressions.hides(finding)]
    return identify(kept, src.lines, src.tree)


def run(paths: Sequence[str], settings: Settings, cwd: Path) -> Report:
    """Check every file under `paths`; never raises for a bad file."""
    report = Report()
    for target in discover(paths, settings, cwd):
        report.findings.extend(check_target(target, settings.for_parts(target.parts)))
        report.files_checked += 1
    report.findings.sort()
    return report
