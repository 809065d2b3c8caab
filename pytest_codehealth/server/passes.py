"""The whole-project pass behind CH020 (cycles), CH021 (fan-out) and CH030 (duplicates).

It is a `codehealth check` of the config's `paths` (the content-hash cache on, as the CLI
has it), of which the editor keeps the whole-project findings, by displayed path. It runs in
the background after a save, never on a keystroke: its findings are those of the files as
saved.
"""

from __future__ import annotations

from collections import defaultdict

from pytest_codehealth.core.findings import Finding
from pytest_codehealth.engine.project import project_rules
from pytest_codehealth.engine.run import MissingPathError, run
from pytest_codehealth.rules.base import MissingExtraError
from pytest_codehealth.server.analysis import WHOLE_PROJECT
from pytest_codehealth.server.configs import Project

Found = dict[str, list[Finding]]


class PassError(Exception):
    """A project pass that could not run: a configured path is missing, an extra is not
    installed. Said once in the editor's log; the per-file gates go on."""


def project_pass(project: Project) -> Found:
    """Whole-project findings by displayed path ({} when no whole-project rule is selected)."""
    settings = project.settings
    if not project_rules(settings):
        return {}
    paths = [str(settings.root / path) for path in settings.paths] or [str(settings.root)]
    try:
        report = run(paths, settings, settings.root, cache=True)
    except MissingPathError as exc:
        raise PassError(f"project pass: `{exc}` in `paths` does not exist") from None
    except MissingExtraError as exc:
        raise PassError(f"project pass: {exc}") from None
    found: Found = defaultdict(list)
    for finding in report.findings:
        if finding.code in WHOLE_PROJECT:
            found[finding.path].append(finding)
    return dict(found)
