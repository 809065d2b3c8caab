"""Load each file once, run the selected rules on the one tree, collect findings.

`run` adds what a whole run needs: the content-hash cache, a process pool when enough files
changed, severities, and the whole-project rules, which run after the per-file pass on the
facts it collected. A rule that crashes on a file becomes a CH000 finding for that file.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, cast

from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core.deep import gc_paused, with_room
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.source import LOAD_ERROR_CODE, LOAD_ERROR_NAME, SourceFile, parse, read
from pytest_codehealth.core.suppress import Suppressions
from pytest_codehealth.engine.batch import Pending, analyse_all
from pytest_codehealth.engine.cache import Cache, bytes_digest
from pytest_codehealth.engine.discovery import (
    SKIP_DIRS,
    MissingPathError,
    Target,
    discover,
    walked_folders,
)
from pytest_codehealth.engine.identity import identify
from pytest_codehealth.engine.metrics import METRICS, measured
from pytest_codehealth.engine.modules import DEPENDS_ON, Imports, Location, Views, location_of
from pytest_codehealth.engine.project import ensure_available, project_findings, project_rules
from pytest_codehealth.engine.project_cache import project_key
from pytest_codehealth.engine.scope import project_paths
from pytest_codehealth.engine.warm import Warm
from pytest_codehealth.rules.base import CheckFn, ImportsCheckFn, Rule
from pytest_codehealth.rules.registry import rule as registered

__all__ = [
    "DEPENDS_ON",
    "SKIP_DIRS",
    "MissingPathError",
    "Report",
    "Target",
    "check_target",
    "check_target_result",
    "discover",
    "run",
]


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    checked: list[str] = field(default_factory=list)  # the displayed path of every file
    # what ran: each checked file's displayed path -> the codes of the rules run on it
    scope: dict[str, frozenset[str]] = field(default_factory=dict)
    baselined: int = 0  # findings the baseline held back (not in `findings`)
    # with `Settings.measure`: each checked file's result, findings and facts (for the report)
    results: dict[str, FileResult] = field(default_factory=dict)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # theirs, as discovered

    @property
    def errors(self) -> list[Finding]:
        """The findings that fail a run (warnings do not)."""
        return [finding for finding in self.findings if finding.severity != "warning"]


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
        data = _read(target, settings.max_file_size)
    if isinstance(data, Finding):
        return FileResult(identify([data], [], None))
    result = analyse_bytes(target.display, data, settings, location_of(target))
    return FileResult(_severities(result.findings, settings), result.facts)


def _read(target: Target, limit: int | None) -> bytes | Finding:
    """The file's bytes, or CH000: a folder that could not be listed, a file not read."""
    if target.problem is not None:
        return Finding(target.display, 1, 1, LOAD_ERROR_CODE, LOAD_ERROR_NAME, target.problem)
    return read(target.path, target.display, limit)


def _read_now_or_later(
    target: Target, limit: int | None, store: Cache | None
) -> bytes | Path | Finding:
    """`_read`, unless no cache needs the bytes first: then the path, and the file is read when
    it is analysed (by the pool worker, if there is one), so no process holds every file's
    bytes."""
    if store is None and target.problem is None:
        return target.path
    return _read(target, limit)


def analyse_bytes(
    display: str, data: bytes | Path, settings: FileSettings, location: Location | None = None
) -> FileResult:
    """The file's result from its bytes, or from its path: read here, just before the analysis
    (in a pool worker if there is one), so that no process holds every file's bytes."""
    read_once = read(data, display, settings.max_file_size) if isinstance(data, Path) else data
    if isinstance(read_once, Finding):
        return FileResult(identify([read_once], [], None))
    del data
    with gc_paused():  # a tree is acyclic: refcounting frees it, the cyclic GC only re-walks it
        loaded = parse(read_once, display)
        del read_once  # the text decoded from it is all the rules need
        if isinstance(loaded, Finding):
            return FileResult(identify([loaded], [], None))
        result = analyse(loaded, settings, location)
        del loaded  # freed here, by reference counting, before the cyclic GC is back on
    return result


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


def run(
    paths: Sequence[str], settings: Settings, cwd: Path, *, jobs: int = 1, cache: bool = False
) -> Report:
    """Check every file under `paths`; never raises for a bad file.

    Whole-project rules see every file of the project (see `scope.py`) even when `paths`
    names a few, and report only findings in the files `paths` names. A selected rule whose
    optional dependency is missing raises MissingExtraError first.
    """
    whole = project_rules(settings)
    ensure_available(whole)
    targets = discover(paths, settings, cwd)
    files = [target.display for target in targets if target.problem is None]
    report = Report(files_checked=len(files), checked=files)
    everything = targets
    if whole:
        everything = _union(targets, discover(project_paths(paths, settings, cwd), settings, cwd))
    run_key = os.urandom(16).hex()  # what the file system says is asked once per run
    warm = Warm(Cache(settings.root), run_key) if cache else None
    walked = walked_folders(paths, cwd)
    results = _results(everything, settings, jobs, warm, walked, run_key=run_key)
    wanted = {target.display for target in targets}
    for target in everything:
        if target.display in wanted:
            file_settings = settings.for_parts(target.parts)
            report.scope[target.display] = file_settings.codes
            if settings.measure:
                report.results[target.display] = results[target.display]
                report.parts[target.display] = target.parts
            report.findings.extend(_severities(results[target.display].findings, file_settings))
    if whole:
        found = _project_pass(whole, everything, results, settings, warm)
        report.findings.extend(_shown(found, everything, wanted, settings))
    report.findings.sort()
    return report


def _shown(
    found: list[Finding], everything: list[Target], wanted: set[str], settings: Settings
) -> list[Finding]:
    """The project findings about a checked file (or saying a rule failed), with severities."""
    parts = {target.display: target.parts for target in everything}
    shown = []
    for finding in found:
        touches = finding.path in wanted or not wanted.isdisjoint(finding.related)
        if touches or finding.code == LOAD_ERROR_CODE:
            where = settings.for_parts(parts.get(finding.path, ()))
            shown.extend(_severities([finding], where))
    return shown


def _union(first: list[Target], second: list[Target]) -> list[Target]:
    by_display = {target.display: target for target in (*second, *first)}
    return sorted(by_display.values(), key=lambda target: target.display)


def _project_pass(
    rules: list[tuple[Rule, Any]],
    targets: list[Target],
    results: dict[str, FileResult],
    settings: Settings,
    warm: Warm | None,
) -> list[Finding]:
    """The whole-project findings, from the cache when no file of the project changed."""
    key = project_key(settings, targets, warm.digests) if warm else None
    cached = warm.store.get(key) if warm and key else None
    if cached is not None:
        return cached.findings
    found = project_findings(rules, targets, results, settings)
    if warm and key:
        warm.store.put(key, FileResult(found))
    return found


def _results(
    targets: list[Target],
    settings: Settings,
    jobs: int,
    warm: Warm | None,
    walked: tuple[str, ...],
    *,
    run_key: str,
) -> dict[str, FileResult]:
    """Each file's result: unreadable files and cache hits directly, the rest analysed.

    With the cache on, a file whose stat is as the index recorded is not even read; the
    index forgets the files the `walked` folders no longer hold.
    """
    if warm:
        warm.look_up(targets, settings)
    results: dict[str, FileResult] = {}
    pending: list[Pending] = []
    for target in targets:
        loaded = _loaded(target, settings.for_parts(target.parts), warm, run_key)
        if isinstance(loaded, Pending):
            pending.append(loaded)
        else:
            results[target.display] = loaded
    for item, result in zip(pending, analyse_all(pending, jobs, analyse_bytes), strict=True):
        results[item.display] = warm.stored(item, result) if warm else result
    if warm:
        warm.store.save(walked)
    return results


def _loaded(
    target: Target, file_settings: FileSettings, warm: Warm | None, run_key: str
) -> FileResult | Pending:
    """The file's result from the index, CH000 or the cache's entry, else the file to analyse
    (without the cache, its path: it is read just before it is analysed)."""
    known = warm.indexed(target, file_settings) if warm else None
    if known is not None:
        return known
    data = _read_now_or_later(target, file_settings.max_file_size, warm.store if warm else None)
    if isinstance(data, Finding):
        return FileResult(identify([data], [], None))
    key = ""
    if warm and isinstance(data, bytes):
        key = Cache.key(file_settings.fingerprint, target.display, data)
        hit = warm.current(warm.store.get(key), target, file_settings)
        if hit is not None:
            return warm.remember(target.display, file_settings, hit, (bytes_digest(data), key))
    location = location_of(target, run_key)
    return Pending(target.display, data, file_settings, key, location)


def _severities(findings: list[Finding], settings: FileSettings) -> list[Finding]:
    if not settings.warnings:
        return findings
    return [
        replace(finding, severity="warning")
        if finding.code in settings.warnings and finding.code != LOAD_ERROR_CODE
        else finding
        for finding in findings
    ]
