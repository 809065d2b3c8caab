"""What the editor shows for one file: the engine on its unsaved text, then the baseline.

Per-file findings come from the same engine, settings and suppressions as `codehealth check`
(the text as bytes, so that a coding cookie or a NUL byte is seen as on disk); the
whole-project findings come from the last project pass (see `passes.py`). Both go through
the baseline together, as in a run of the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import over_limit
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import check_target_result
from pytest_codehealth.server.configs import Project

WHOLE_PROJECT = frozenset(info.code for info in CATALOGUE if info.whole_project)


@dataclass(frozen=True)
class Checked:
    """One version of a file, checked: its displayed path and its per-file findings."""

    display: str
    findings: tuple[Finding, ...]


def check_text(project: Project, path: Path, text: str) -> Checked | None:
    """The per-file findings on the editor's text; None when the config excludes the file."""
    target = project.target(path)
    if target is None:
        return None
    settings = project.settings.for_parts(target.parts)
    data = text.encode("utf-8", "surrogatepass")
    big = over_limit(data, target.display, settings.max_file_size)
    if big is not None:
        return Checked(target.display, (big,))
    result = check_target_result(target, settings, data)
    return Checked(target.display, tuple(result.findings))


def shown(
    checked: Checked, project: Project, whole: Mapping[str, Iterable[Finding]]
) -> list[Finding]:
    """The file's findings and the last project pass's, less what the baseline knows."""
    found = [*checked.findings, *whole.get(checked.display, ())]
    return sorted(baseline.compare(found, project.known).reported)
