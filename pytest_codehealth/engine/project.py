"""The whole-project pass: rules that need every file run on the facts each file yielded."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pytest_codehealth.config.catalogue import CATALOGUE, MissingExtraError
from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.source import (
    LOAD_ERROR_CODE,
    LOAD_ERROR_NAME,
    decode,
    read,
    split_lines,
)
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.identity import identify
from pytest_codehealth.rules.base import ProjectFile, Rule
from pytest_codehealth.rules.registry import rule as registered


def project_rules(settings: Settings) -> list[tuple[Rule, Any]]:
    """The selected whole-project rules with their (project-level) options."""
    return [
        (registered(info.code), settings.options[info.code])
        for info in CATALOGUE
        if info.whole_project and info.code in settings.selected
    ]


def ensure_available(rules: Sequence[tuple[Rule, Any]]) -> None:
    """Raise MissingExtraError before any work when a selected rule cannot run here."""
    for rule, _ in rules:
        if rule.ensure_available is not None:
            rule.ensure_available()


def project_findings(
    rules: Sequence[tuple[Rule, Any]],
    targets: Sequence[Target],
    results: Mapping[str, FileResult],
    settings: Settings,
    sources: Mapping[str, bytes] | None = None,
) -> list[Finding]:
    """Each project rule over the files that collected facts for it; suppressions applied.

    `sources`: each file's bytes by displayed path, for a tree not on disk (a commit's).
    """
    found: list[Finding] = []
    for rule, options in rules:
        files = [
            ProjectFile(target.display, target.parts, results[target.display].facts[rule.code])
            for target in targets
            if rule.code in results[target.display].facts
        ]
        found.extend(_checked(rule, files, options))
    by_path = {target.display: target for target in targets}
    return _suppressed_and_identified(found, by_path, sources)


def _checked(rule: Rule, files: list[ProjectFile], options: Any) -> list[Finding]:
    """The rule's findings; a crash of the rule becomes one CH000 finding, never a traceback."""
    if rule.check_project is None:
        return []
    try:
        return list(rule.check_project(files, options))
    except MissingExtraError:
        raise  # a usage error, not a finding
    except Exception as exc:  # a bug of ours must not hide the per-file findings
        message = f"rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}"
        where = files[0].display if files else "."
        return [Finding(where, 1, 1, LOAD_ERROR_CODE, LOAD_ERROR_NAME, message)]


def _suppressed_and_identified(
    found: list[Finding], targets: Mapping[str, Target], sources: Mapping[str, bytes] | None
) -> list[Finding]:
    """Project findings honour the same comments, and get the same identity, as the others."""
    by_path: dict[str, list[Finding]] = {}
    for finding in found:  # grouped in one pass, not the findings scanned once per path
        by_path.setdefault(finding.path, []).append(finding)
    kept: list[Finding] = []
    for path, mine in sorted(by_path.items()):
        if sources is not None:
            lines = _decoded(sources.get(path, b""))
        else:
            lines = _lines(targets[path]) if path in targets else []
        suppressions = Suppressions("\n".join(lines), lines)
        visible = [finding for finding in mine if not suppressions.hides(finding)]
        kept.extend(identify(visible, lines, None))
    return kept


def _lines(target: Target) -> list[str]:
    data = read(target.path, target.display)
    if isinstance(data, Finding):
        return []
    return _decoded(data)


def _decoded(data: bytes) -> list[str]:
    try:
        return split_lines(decode(data))
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return []
