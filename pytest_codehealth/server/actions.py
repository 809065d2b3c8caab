"""The editor's code actions, in our own terms: text edits for a file's findings.

A finding's quick fixes are the rule's checked fix (the one `codehealth check --fix` would
apply, offered only if the edited file still parses) and "suppress CODE on this line"; the
file's source action applies every fix `--fix` would, as one edit.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core.edits import Edit, apply_edits, edited_tree
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile, parse
from pytest_codehealth.core.suppress import noqa_edit
from pytest_codehealth.engine.fixing import fixed_text, rule_fixes
from pytest_codehealth.server.configs import Project

QUICK_FIX, FIX_ALL = "quickfix", "source.fixAll.codehealth"
TITLES = {"CH003": "Use `uuid.uuid4()` for this id", "CH005": "Add `await`"}

Place = tuple[str, int]  # a finding's code and line (1-based)


@dataclass(frozen=True)
class Action:
    title: str
    kind: str
    edits: tuple[Edit, ...]
    place: Place | None = None  # the finding it is about (None: the whole file)
    preferred: bool = False


def quick_fixes(project: Project, path: Path, text: str, places: Collection[Place]) -> list[Action]:
    """The rules' fixes for the findings at `places`, then a suppression for each."""
    loaded = _loaded(project, path, text)
    found: list[Action] = []
    if loaded is not None:
        src, settings = loaded
        for fix in rule_fixes(src, settings, {code for code, _ in places}):
            if (fix.finding.code, fix.finding.line) in places and _parses(text, fix.edits):
                title = TITLES.get(fix.finding.code, f"Fix {fix.finding.code}")
                found.append(Action(title, QUICK_FIX, fix.edits, _place(fix.finding), True))
    for code, line in sorted(places):
        edit = noqa_edit(text, line, code)
        if edit is not None:
            title = f"Suppress {code} on this line (`# noqa: {code}`)"
            found.append(Action(title, QUICK_FIX, (edit,), (code, line)))
    return found


def fix_all(project: Project, path: Path, text: str) -> Action | None:
    """Every fix `codehealth check --fix` would make to this text, as one edit."""
    loaded = _loaded(project, path, text)
    if loaded is None:
        return None
    new_text, count = fixed_text(*loaded)
    if not count:
        return None
    return Action("Fix all codehealth findings", FIX_ALL, (Edit(0, len(text), new_text),))


def _loaded(project: Project, path: Path, text: str) -> tuple[SourceFile, FileSettings] | None:
    target = project.target(path)
    if target is None:
        return None
    src = parse(text.encode("utf-8", "surrogatepass"), target.display)
    if not isinstance(src, SourceFile):
        return None
    return src, project.settings.for_parts(target.parts)


def _place(finding: Finding) -> Place:
    return finding.code, finding.line


def _parses(text: str, edits: tuple[Edit, ...]) -> bool:
    return edited_tree(apply_edits(text, edits), compiled=True) is not None
