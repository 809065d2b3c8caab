"""`codehealth check --fix` / `--diff`: apply the rules' checked edits, file by file."""

from __future__ import annotations

import contextlib
import difflib
import io
import os
import stat
import tempfile
import tokenize
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core.edits import Edit, Fix, apply_edits, compatible, edited_tree
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile, parse, read
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.discovery import discover
from pytest_codehealth.rules.base import FixFn
from pytest_codehealth.rules.registry import rule as registered


@dataclass
class FixReport:
    """What `--fix` changed (or `--diff` would change), and the files it left alone, why."""

    fixed: int = 0
    files: list[str] = field(default_factory=list)
    diff: str = ""
    notes: list[str] = field(default_factory=list)  # `path why`, e.g. `a.py not fixed: ...`


def fix_paths(paths: Sequence[str], settings: Settings, cwd: Path, *, write: bool) -> FixReport:
    """Fix every file under `paths`; write the files only when `write` is true.

    A file is read once; its fixed text replaces it atomically, and only while the bytes on
    disk are still the ones analysed. A symlink is fixed through to its target only when the
    target is inside the project.
    """
    report = FixReport()
    for target in discover(paths, settings, cwd):
        real = Path(os.path.realpath(target.path))
        if not _inside(real, target.path, settings.root):
            where = f"it links to a file outside the project ({real})"
            report.notes.append(f"{target.display} not fixed: {where}")
            continue
        file_settings = settings.for_parts(target.parts)
        data = read(real, target.display, file_settings.max_file_size)
        src = data if isinstance(data, Finding) else parse(data, target.display)
        if isinstance(src, Finding) or isinstance(data, Finding):
            continue  # `check` reports it as CH000 (unreadable, too large, does not parse)
        new_text, count = fixed_text(src, file_settings)
        problem = _replace(real, data, new_text) if count and write else None
        if problem is not None:
            report.notes.append(f"{target.display} {problem}")
        elif count:
            report.fixed += count
            report.files.append(target.display)
            report.diff += _diff(src, new_text)
    return report


def _inside(real: Path, path: Path, root: Path) -> bool:
    """A path through no symlink is the user's to name; a link must stay in the project."""
    if real == Path(os.path.abspath(path)):
        return True
    return real.is_relative_to(os.path.realpath(root))


def fixed_text(src: SourceFile, settings: FileSettings) -> tuple[str, int]:
    """The file's text with every compatible, unsuppressed fix applied, and how many."""
    suppressions = Suppressions(src.text, src.lines)
    edits: list[Edit] = []
    count = 0
    for fix in rule_fixes(src, settings):
        if _wanted(fix, suppressions) and compatible(edits, fix.edits):
            edits.extend(fix.edits)
            count += 1
    if not count:
        return src.text, 0
    new_text = apply_edits(src.text, edits)
    return (new_text, count) if edited_tree(new_text) is not None else (src.text, 0)


def rule_fixes(
    src: SourceFile, settings: FileSettings, codes: Collection[str] | None = None
) -> Iterator[Fix]:
    """The fixes the file's rules (those of `codes`, if given) offer, in rule order; a rule
    whose fixer fails offers none."""
    for info, options in settings.rules:
        rule = registered(info.code)
        if rule.fix is not None and (codes is None or info.code in codes):
            yield from _fixes(rule.fix, src, options)


def _fixes(fixer: FixFn, src: SourceFile, options: Any) -> list[Fix]:
    try:
        return list(fixer(src, options))
    except Exception:  # a bug of ours: leave the file alone; `check` reports it as CH000
        return []


def _wanted(fix: Fix, suppressions: Suppressions) -> bool:
    return bool(fix.edits) and not suppressions.hides(fix.finding)


def _diff(src: SourceFile, new_text: str) -> str:
    lines = difflib.unified_diff(
        src.text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile=f"a/{src.path}",
        tofile=f"b/{src.path}",
    )
    return "".join(line if line.endswith(("\n", "\r")) else f"{line}\n" for line in lines)


def _replace(path: Path, analysed: bytes, text: str) -> str | None:
    """Write `text` over `path` in the file's own encoding (a BOM stays), atomically, with its
    mode bits, and only if its bytes are still `analysed`; else say why not."""
    status = path.stat()
    if not status.st_mode & stat.S_IWUSR:
        return "not fixed: the file is read-only"
    encoding, _ = tokenize.detect_encoding(io.BytesIO(analysed).readline)
    temporary: Path | None = None
    try:
        temporary = _temporary(path)
        temporary.write_bytes(text.encode(encoding))
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        with contextlib.suppress(PermissionError):  # only root may give a file away
            os.chown(temporary, status.st_uid, status.st_gid)
        if path.read_bytes() != analysed:
            return "changed while it was being fixed; left as it is"
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        return f"not fixed: {exc.strerror or exc}"
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return None


def _temporary(path: Path) -> Path:
    """A new empty file beside `path` (same folder, so that the replace is atomic)."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".codehealth", dir=path.parent)
    os.close(handle)
    return Path(name)
