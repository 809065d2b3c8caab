"""`codehealth check --fix` / `--diff`: apply the rules' checked edits, file by file."""

from __future__ import annotations

import ast
import difflib
import io
import tokenize
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core.edits import Edit, Fix, apply_edits, compatible
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile, load
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.discovery import discover
from pytest_codehealth.rules.base import FixFn
from pytest_codehealth.rules.registry import BY_CODE


@dataclass
class FixReport:
    """What `--fix` changed (or `--diff` would change)."""

    fixed: int = 0
    files: list[str] = field(default_factory=list)
    diff: str = ""


def fix_paths(paths: Sequence[str], settings: Settings, cwd: Path, *, write: bool) -> FixReport:
    """Fix every file under `paths`; write the files only when `write` is true."""
    report = FixReport()
    for target in discover(paths, settings, cwd):
        src = load(target.path, target.display)
        if isinstance(src, Finding):
            continue
        new_text, count = fixed_text(src, settings.for_parts(target.parts))
        if count == 0:
            continue
        report.fixed += count
        report.files.append(target.display)
        report.diff += _diff(src, new_text)
        if write:
            _write(target.path, new_text)
    return report


def fixed_text(src: SourceFile, settings: FileSettings) -> tuple[str, int]:
    """The file's text with every compatible, unsuppressed fix applied, and how many."""
    suppressions = Suppressions(src.text, src.lines)
    edits: list[Edit] = []
    count = 0
    for info, options in settings.rules:
        rule = BY_CODE[info.code]
        if rule.fix is None:
            continue
        for fix in _fixes(rule.fix, src, options):
            if _wanted(fix, suppressions) and compatible(edits, fix.edits):
                edits.extend(fix.edits)
                count += 1
    if not count:
        return src.text, 0
    new_text = apply_edits(src.text, edits)
    return (new_text, count) if _parses(new_text) else (src.text, 0)


def _fixes(fixer: FixFn, src: SourceFile, options: Any) -> list[Fix]:
    try:
        return list(fixer(src, options))
    except Exception:  # a bug of ours: leave the file alone; `check` reports it as CH000
        return []


def _wanted(fix: Fix, suppressions: Suppressions) -> bool:
    return bool(fix.edits) and not suppressions.hides(fix.finding)


def _parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _diff(src: SourceFile, new_text: str) -> str:
    lines = difflib.unified_diff(
        src.text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=f"a/{src.path}",
        tofile=f"b/{src.path}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else f"{line}\n" for line in lines)


def _write(path: Path, text: str) -> None:
    """Write back in the file's own encoding (a BOM stays), line endings untouched."""
    data = path.read_bytes()
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    path.write_bytes(text.encode(encoding))
