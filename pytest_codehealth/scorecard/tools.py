"""The other gates the team runs: ruff and mypy counts, when installed and configured.

Each tool runs once per tree, in the project's folder with its own config, as the team runs
it: ruff on its folder, mypy on the config's `files` (else on the report's paths). Its result
is cached by a content key (the files' hashes, or the commit's tree, plus the tool's version).
A tool that is missing, not configured or failing is a note, never a crash. Their own caches
go to our cache folder, not the user's tree.
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT = 900  # seconds a tool may take before it is left out with a note
_MYPY_ERROR = re.compile(r"^.+?:\d+(?::\d+)?: error: ", re.MULTILINE)
_PREFIX = re.compile(r"^[A-Z]+")


class ToolError(Exception):
    """The tool ran but gave no usable answer."""


@dataclass(frozen=True)
class Tool:
    name: str
    executable: str
    version: str

    def command(self, paths: Sequence[str], cache: Path) -> list[str]:
        if self.name == "ruff":
            return [
                self.executable, "check", "--output-format", "json", "--exit-zero",
                "--cache-dir", str(cache / "ruff"), *paths,
            ]  # fmt: skip
        return [self.executable, "--cache-dir", str(cache / "mypy"), *paths]

    def counts(self, done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
        """`{"total": n}` (and `by_prefix` for ruff) from the tool's output."""
        if self.name == "ruff":
            return _ruff_counts(done)
        if done.returncode not in (0, 1):  # 2: mypy could not run (bad config, bad paths)
            raise ToolError(_last_line(done))
        return {"total": len(_MYPY_ERROR.findall(done.stdout))}


def _ruff_counts(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    try:
        found = json.loads(done.stdout)
    except ValueError:
        raise ToolError(_last_line(done)) from None
    if not isinstance(found, list):
        raise ToolError("unexpected output")
    prefixes: Counter[str] = Counter()
    for item in found:
        code = item.get("code") if isinstance(item, dict) else None
        match = _PREFIX.match(code or "")
        prefixes[match.group() if match else "syntax"] += 1
    return {"total": len(found), "by_prefix": dict(sorted(prefixes.items()))}


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    """What the tool said went wrong: its first `error` line, else its last line."""
    lines = [line.strip() for line in f"{done.stdout}\n{done.stderr}".splitlines() if line.strip()]
    errors = [line for line in lines if ": error:" in line]
    return (errors or lines or [f"exit code {done.returncode}"])[0 if errors else -1]


def configured(name: str, root: Path) -> bool:
    """Whether the project at `root` configures the tool (never run it otherwise)."""
    return tool_config(name, root) is not None


def tool_config(name: str, root: Path) -> dict[str, Any] | None:
    """The tool's settings in the project at `root`, found where the tool looks; None if none."""
    if name == "ruff":
        if any((root / file).is_file() for file in ("ruff.toml", ".ruff.toml")):
            return {}
        return _table(root, "ruff")
    for file in ("mypy.ini", ".mypy.ini"):
        section = _ini_section(root / file, "mypy")
        if section is not None:
            return section
    table = _table(root, "mypy")
    return table if table is not None else _ini_section(root / "setup.cfg", "mypy")


def targets(name: str, folder: Path, paths: Sequence[str]) -> list[str]:
    """What to name on the command line: nothing when the config says what to check (ruff
    always does: its folder; mypy with `files`), else the report's paths."""
    if name == "ruff":
        return []
    config = tool_config(name, folder) or {}
    return [] if "files" in config else list(paths)


def _table(root: Path, name: str) -> dict[str, Any] | None:
    try:
        data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    tool = data.get("tool")
    table = tool.get(name) if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _ini_section(path: Path, name: str) -> dict[str, Any] | None:
    parser = configparser.ConfigParser(interpolation=None)  # a `%` in a value is text
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    return dict(parser.items(name)) if parser.has_section(name) else None


def installed(name: str) -> Tool | None:
    """The tool on PATH, else beside the running Python (its virtual environment)."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        return None
    try:
        done = subprocess.run(
            [found, "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Tool(name, found, done.stdout.strip()) if done.returncode == 0 else None


def run_tool(tool: Tool, folder: Path, paths: Sequence[str], cache: Path) -> dict[str, Any]:
    """The tool's counts on `folder`; ToolError when it cannot run or answers nothing usable."""
    try:
        done = subprocess.run(
            tool.command(targets(tool.name, folder, paths), cache),
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(f"took more than {TIMEOUT} s") from None
    except OSError as exc:
        raise ToolError(str(exc.strerror or exc)) from None
    return tool.counts(done)
