"""Load each file once, run the selected rules on the one tree, collect findings.

`run` adds what a whole run needs: the content-hash cache, a process pool when enough files
changed, severities, and the whole-project rules, which run after the per-file pass on the
facts it collected. A rule that crashes on a file becomes a CH000 finding for that file.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core import recorder
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.reading import LOAD_ERROR_CODE, read
from pytest_codehealth.core.record import Record, field
from pytest_codehealth.engine import ahead
from pytest_codehealth.engine.batch import (
    Pending,
    analyse_all,
    pooled,
    start_ahead,
    stop_ahead,
)
from pytest_codehealth.engine.cache import Cache, bytes_digest
from pytest_codehealth.engine.discovery import (
    SKIP_DIRS,
    MissingPathError,
    Target,
    discover,
    walked_folders,
)
from pytest_codehealth.engine.freshness import DEPENDS_ON
from pytest_codehealth.engine.listings import Listings
from pytest_codehealth.engine.outcome import read_target, severities, unreadable
from pytest_codehealth.engine.scope import project_paths
from pytest_codehealth.engine.warm import Warm

if TYPE_CHECKING:
    from pytest_codehealth.engine.analysis import (
        analyse,
        analyse_bytes,
        check_source,
        check_target,
        check_target_result,
    )
    from pytest_codehealth.engine.project import project_findings
    from pytest_codehealth.rules.base import Rule

# imported on first use (`__getattr__`): a run served from the cache analyses nothing
_ANALYSIS = frozenset(
    {"analyse", "analyse_bytes", "check_source", "check_target", "check_target_result"}
)
_PROJECT = frozenset({"project_findings"})

__all__ = [
    "DEPENDS_ON",
    "SKIP_DIRS",
    "MissingPathError",
    "Report",
    "Target",
    "analyse",
    "analyse_bytes",
    "check_source",
    "check_target",
    "check_target_result",
    "discover",
    "project_findings",
    "read",
    "run",
]


def __getattr__(name: str) -> Any:
    """The analysis (and the whole-project pass), imported when first needed."""
    if name in _ANALYSIS:
        from pytest_codehealth.engine import analysis  # noqa: PLC0415  # a file to analyse

        return getattr(analysis, name)
    if name in _PROJECT:
        from pytest_codehealth.engine import project  # noqa: PLC0415  # whole-project rules

        return getattr(project, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _this(name: str) -> Any:
    """A name of this module as callers see it (tests replace `analyse_bytes`, ...)."""
    return getattr(sys.modules[__name__], name)


class Report(Record, frozen=False):
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


def _read(target: Target, limit: int | None) -> bytes | Finding:
    """The file's bytes, or CH000: a folder that could not be listed, a file not read."""
    if target.problem is None:
        return read(target.path, target.display, limit)
    return read_target(target, limit)


def _read_now_or_later(
    target: Target, limit: int | None, store: Cache | None
) -> bytes | Path | Finding:
    """`_read`, unless no cache needs the bytes first: then the path, and the file is read when
    it is analysed (by the pool worker, if there is one), so no process holds every file's
    bytes."""
    if store is None and target.problem is None:
        return target.path
    return _read(target, limit)


def run(
    paths: Sequence[str], settings: Settings, cwd: Path, *, jobs: int = 1, cache: bool = False
) -> Report:
    """Check every file under `paths`; never raises for a bad file.

    Whole-project rules see every file of the project (see `scope.py`) even when `paths`
    names a few, and report only findings in the files `paths` names. A selected rule whose
    optional dependency is missing raises MissingExtraError first.

    The cyclic GC is paused meanwhile: the run holds every file's result and facts, which
    hold no cycles, and each collection would walk them all again.
    """
    if not gc.isenabled():
        return _run(paths, settings, cwd, jobs, cache)
    gc.disable()
    try:
        return _run(paths, settings, cwd, jobs, cache)
    finally:
        gc.enable()


def _run(paths: Sequence[str], settings: Settings, cwd: Path, jobs: int, cache: bool) -> Report:
    whole = _project_rules(settings)
    store = Cache(settings.root) if cache else None
    listings = Listings(store) if store else None
    targets = discover(paths, settings, cwd, listings)
    everything = targets
    if whole:
        scope = project_paths(paths, settings, cwd)
        same = _absolute(scope, cwd) == _absolute(paths, cwd)  # the run's walk is the project's
        project = targets if same else discover(scope, settings, cwd, listings)
        everything = _union(targets, project)
    run_key = os.urandom(16).hex()  # what the file system says is asked once per run
    warm = Warm(store, run_key) if store else None
    walked = walked_folders(paths, cwd)
    results = _results(everything, settings, jobs, warm, walked, run_key=run_key)
    if listings:
        listings.save()
    report = _report(targets, results, settings)
    if whole:
        found = _project_pass(whole, everything, results, settings, warm)
        wanted = {target.display for target in targets}
        report.findings.extend(_shown(found, everything, wanted, settings))
    report.findings.sort()
    return report


def _report(targets: list[Target], results: dict[str, FileResult], settings: Settings) -> Report:
    """The per-file part of the report on `targets` (the files the run was asked about)."""
    files = [target.display for target in targets if target.problem is None]
    report = Report(files_checked=len(files), checked=files)
    for target in targets:
        file_settings = settings.for_parts(target.parts)
        report.scope[target.display] = file_settings.codes
        if settings.measure:
            report.results[target.display] = results[target.display]
            report.parts[target.display] = target.parts
        report.findings.extend(severities(results[target.display].findings, file_settings))
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
            shown.extend(severities([finding], where))
    return shown


def _absolute(paths: Sequence[str], cwd: Path) -> set[str]:
    return {os.path.abspath(os.path.join(cwd, path)) for path in paths}


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
    from pytest_codehealth.engine.project_cache import project_key  # noqa: PLC0415

    key = project_key(settings, targets, warm.digests) if warm else None
    cached = warm.store.get(key) if warm and key else None
    if cached is not None:
        return cached.findings
    found: list[Finding] = _this("project_findings")(rules, targets, results, settings)
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
    sent = ahead.send(targets, settings, run_key, warm.store if warm else None, wanted=jobs > 1)
    if warm:
        warm.look_up(targets, settings)
    misses = len(targets) - (warm.hits if warm else 0)
    started = start_ahead(misses, jobs, partial(_this, "analyse_bytes"))
    try:
        results, pending, analysed = _analysed(targets, settings, jobs, (warm, sent), run_key)
    finally:
        if started:
            stop_ahead()
        if sent:
            sent.end()
    for item, result in zip(pending, analysed, strict=True):  # entries written as they came
        results[item.display] = warm.stored(item, result, written=True) if warm else result
    if warm:
        warm.store.save(walked)
    return results


def _analysed(
    targets: list[Target],
    settings: Settings,
    jobs: int,
    state: tuple[Warm | None, ahead.Sent | None],
    run_key: str,
) -> tuple[dict[str, FileResult], list[Pending], list[FileResult]]:
    """The results found without analysis, the files analysed and their results (the file
    sent ahead answered by its worker, unless the files go to a pool)."""
    warm, sent = state
    results: dict[str, FileResult] = {}
    pending: list[Pending] = []
    for target in targets:
        loaded = _loaded(target, settings.for_parts(target.parts), warm, run_key)
        if isinstance(loaded, Pending):
            pending.append(loaded)
        else:
            results[target.display] = loaded
    if not pending:
        return results, pending, []
    if pooled(len(pending), jobs):  # what a worker looks at is not recorded
        recorder.refuse("files analysed in worker processes")
        sent = None
    analyse = ahead.analyser(sent, partial(_this, "analyse_bytes"))
    # the file sent ahead last: the others analysed while its worker works
    order = ahead.sent_last(pending, sent) if sent else list(range(len(pending)))
    queue = [pending[index] for index in order]
    write = partial(_write_entry, warm, queue) if warm else None
    done = dict(zip(order, analyse_all(queue, jobs, analyse, write), strict=True))
    return results, pending, [done[index] for index in range(len(pending))]


def _write_entry(warm: Warm, pending: list[Pending], index: int, result: FileResult) -> None:
    """The cache entry of a file just analysed, written as its result comes (from a worker
    process, while the others go on); it is indexed after the pool, in the files' order."""
    item = pending[index]
    if isinstance(item.data, bytes):
        warm.store.put(item.key, result)


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
        return unreadable(data)
    key = ""
    if warm and isinstance(data, bytes):
        key = Cache.key(file_settings.fingerprint, target.display, data)
        hit = warm.current(warm.store.get(key), target, file_settings)
        if hit is not None:
            return warm.remember(target.display, file_settings, hit, (bytes_digest(data), key))
    from pytest_codehealth.engine.modules import location_of  # noqa: PLC0415  # to analyse

    location = location_of(target, run_key, record=warm is not None)
    return Pending(target.display, data, file_settings, key, location)


def _project_rules(settings: Settings) -> list[tuple[Rule, Any]]:
    """The selected whole-project rules (their code imported only if there are some); a rule
    whose optional dependency is missing raises MissingExtraError here, before any work."""
    if not any(info.whole_project and info.code in settings.selected for info in CATALOGUE):
        return []
    from pytest_codehealth.engine.project import (  # noqa: PLC0415  # only when selected
        ensure_available,
        project_rules,
    )

    whole = project_rules(settings)
    ensure_available(whole)
    return whole
