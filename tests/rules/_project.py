"""Small projects on disk for the whole-project rules, checked through `engine.run`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.engine.run import Report, run


def write(root: Path, files: dict[str, str], table: str = "") -> Path:
    """A git checkout with a `[tool.codehealth]` table (plus `table`) and these files."""
    (root / ".git").mkdir(exist_ok=True)
    (root / "pyproject.toml").write_text(f"[tool.codehealth]\n{textwrap.dedent(table)}")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def report(root: Path, *paths: str, select: str) -> Report:
    """`codehealth check --select <select> [paths]` run from `root`."""
    cli = cli_overrides([select], [], [], [], [])
    settings = load_settings(root / "pyproject.toml", cli, root)
    return run(list(paths) or ["."], settings, root)


def lines(root: Path, *paths: str, select: str) -> list[str]:
    """The findings as `path:line:col: CODE message`."""
    return [finding.format() for finding in report(root, *paths, select=select).findings]


def places(root: Path, *paths: str, select: str) -> list[str]:
    """The findings as `path:line CODE`."""
    found = report(root, *paths, select=select).findings
    return [f"{finding.path}:{finding.line} {finding.code}" for finding in found]
