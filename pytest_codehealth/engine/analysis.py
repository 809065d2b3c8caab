"""Load one file, run the selected rules on its one tree, collect findings and facts.

Imported only when a file has to be analysed: a run served from the cache never loads the
parser's helpers, the rule records or any rule module. A rule that crashes on a file becomes
a CH000 finding for that file.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, cast

from pytest_codehealth.config.settings import FileSettings
from pytest_codehealth.core import compiler  # noqa: F401  # imported before any tree: `_prepare`
from pytest_codehealth.core.deep import gc_paused, with_room
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE, LOAD_ERROR_NAME, SourceFile, parse, read
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.discovery import Target
from pytest_codehealth.engine.identity import identify
from pytest_codehealth.engine.metrics import METRICS, measured
from pytest_codehealth.engine.modules import Imports, Location, Views, location_of
from pytest_codehealth.engine.outcome import read_target, severities, unreadable
from pytest_codehealth.rules.base import CheckFn, ImportsCheckFn
from pytest_codehealth.rules.registry import rule as registered


def check_target(
    target: Target, settings: FileSettings, data: bytes | Finding | None = None
) -> list[Finding]:
    """All per-file findings for one file: CH000 if it cannot be loaded, else the rules'.

    `data` is the file as `read` returned it, for a caller that keys a cache on those bytes.
    """
    result = check_target_result(target, settings, data)
    return result.findings


def check_target_result(
    target: Target, settings: FileSettings, data: bytes | Finding | None = None
) -> FileResult:
    """`check_target`, with the facts: the other files the verdict read (`DEPENDS_ON`)."""
    if data is None or target.problem is not None:
        data = read_target(target, settings.max_file_size)
    if isinstance(data, Finding):
        return unreadable(data)
    result = analyse_bytes(target.display, data, settings, location_of(target))
    return FileResult(severities(result.findings, settings), result.facts)


def analyse_bytes(
    display: str, data: bytes | Path, settings: FileSettings, location: Location | None = None
) -> FileResult:
    """The file's result from its bytes, or from its path: read here, just before the analysis
    (in a pool worker if there is one), so that no process holds every file's bytes."""
    _prepare(settings)
    read_once = read(data, display, settings.max_file_size) if isinstance(data, Path) else data
    if isinstance(read_once, Finding):
        return unreadable(read_once)
    del data
    with gc_paused():  # a tree is acyclic: refcounting frees it, the cyclic GC only re-walks it
        loaded = parse(read_once, display)
        del read_once  # the text decoded from it is all the rules need
        if isinstance(loaded, Finding):
            return unreadable(loaded)
        result = analyse(loaded, settings, location)
        del loaded  # freed here, by reference counting, before the cyclic GC is back on
    return result


def _prepare(settings: FileSettings) -> None:
    """Import the selected rules (and the compile screen) before the first tree is built: the
    objects of a module imported while a tree is alive sit among the tree's and, once it is
    freed, keep its memory mapped (blocks of the allocator's arenas), under every later tree.
    Measured on Django's largest files: a pool worker's peak 0.5-1.2 MiB lower."""
    for info, _ in settings.rules:
        registered(info.code)


def check_source(src: SourceFile, settings: FileSettings) -> list[Finding]:
    return analyse(src, settings).findings


def analyse(
    src: SourceFile, settings: FileSettings, location: Location | None = None
) -> FileResult:
    """Every selected rule on the one tree: per-file findings, and facts for project rules.

    Rules with `exports` also see the project modules the file imports (found from
    `location`, when given); the files they read are recorded under `DEPENDS_ON`.
    """
    found: list[Finding] = []
    facts: dict[str, Any] = {}
    views = Views(location)
    for info, options in settings.rules:
        rule = registered(info.code)
        try:  # a rule that recursed too deep runs again with room (see `core.deep`)
            if rule.check is not None:
                view = views.of(rule, options)
                found.extend(with_room(partial(_listed, rule.check, src, options, view)))
            if rule.collect is not None:
                facts[rule.code] = with_room(partial(rule.collect, src, options))
        except Exception as exc:  # a bug of ours must not hide the other gates' findings
            reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            message = f"rule {rule.code} ({rule.name}) failed on this file: {reason}"
            found.append(src.finding_at(1, 1, LOAD_ERROR_CODE, LOAD_ERROR_NAME, message))
    facts.update(views.recorded())
    if settings.measure:
        facts[METRICS] = measured(src, settings)
    if not found:
        return FileResult([], facts)
    suppressions = Suppressions(src.text, src.lines, src)
    kept = [finding for finding in found if not suppressions.hides(finding)]
    return FileResult(identify(kept, src.lines, src.tree, src.nodes), facts)


def _listed(check: CheckFn, src: SourceFile, options: Any, view: Imports | None) -> list[Finding]:
    if view is None:
        return list(check(src, options))
    return list(cast("ImportsCheckFn", check)(src, options, view))  # a rule with `exports`
