"""`codehealth check` and `codehealth baseline`: run the engine, apply the baseline, report."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pytest_codehealth.cli.arguments import EXIT_CLEAN, EXIT_FINDINGS, usage_error
from pytest_codehealth.cli.output import out
from pytest_codehealth.config.catalogue import CATALOGUE, MissingExtraError
from pytest_codehealth.config.load import (
    DEFAULT_BASELINE,
    ConfigError,
    Settings,
    cli_overrides,
    find_config,
    load_settings,
)
from pytest_codehealth.core.findings import Identity
from pytest_codehealth.core.words import plural
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import MissingPathError, Report, run
from pytest_codehealth.report import renderer


def check(args: argparse.Namespace) -> int:
    return _guarded(_check, args)


def write_baseline(args: argparse.Namespace) -> int:
    return _guarded(_write_baseline, args)


def _guarded(action: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Bad input the user can fix becomes a one-line error and exit code 2, never a traceback."""
    try:
        return action(args)
    except ConfigError as exc:
        return usage_error(f"config error: {exc}")
    except baseline.BaselineError as exc:
        return usage_error(str(exc))
    except MissingPathError as exc:
        return usage_error(f"{exc}: no such file or directory")
    except MissingExtraError as exc:
        return usage_error(str(exc))


def _check(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    settings = _settings(args, cwd)
    paths = _paths(args, settings)
    diff_exit = _fix(args, paths, settings, cwd)
    if diff_exit is not None:
        return diff_exit
    report = run(paths, settings, cwd, jobs=args.jobs, cache=not args.no_cache)
    _warn_if_nothing_checked(report, paths)
    baseline_file = None if args.no_baseline else args.baseline or settings.baseline
    if baseline_file is not None:
        covers = baseline.coverage(report.scope, settings, cwd)
        report = _apply_baseline(report, baseline.load(baseline_file), baseline_file, covers)
    out(_render(args.format, report))
    if args.statistics:
        out(_statistics(report))
    if args.format == "github":
        _write_step_summary(report)
    return EXIT_FINDINGS if report.errors else EXIT_CLEAN


def _render(format_name: str, report: Report) -> str:
    if format_name == "gitlab":  # paths relative to the project's root in a GitLab job
        from pytest_codehealth.report import gitlab  # noqa: PLC0415  # only this format

        return gitlab.render(report, os.environ.get("CI_PROJECT_DIR"), os.getcwd())
    return renderer(format_name)(report)


def _write_baseline(args: argparse.Namespace) -> int:
    """`codehealth baseline`: record the current findings of what this run covers, keeping
    the entries of other files and rules; `--prune` only drops fixed entries."""
    cwd = Path.cwd()
    settings = _settings(args, cwd)
    target = args.baseline or settings.baseline or settings.root / DEFAULT_BASELINE
    paths = _paths(args, settings)
    report = run(paths, settings, cwd, jobs=args.jobs, cache=not args.no_cache)
    _warn_if_nothing_checked(report, paths)
    known = baseline.load(target) if args.prune or target.exists() else {}
    entries = _entries(report, known, baseline.coverage(report.scope, settings, cwd), args.prune)
    try:
        _atomic_write(target, baseline.render_entries(entries))
    except OSError as exc:
        return usage_error(f"cannot write baseline {target}: {exc.strerror or exc}")
    wrote = plural(len(entries), "entry", "entries")
    print(f"codehealth: wrote {wrote} to {target}", file=sys.stderr)
    return _unreadable(report)


def _unreadable(report: Report) -> int:
    """CH000 is never baselined: name the files that could not be checked, and fail."""
    unreadable = [finding for finding in report.findings if finding.code == "CH000"]
    for finding in unreadable:
        print(finding.format(), file=sys.stderr)
    return EXIT_FINDINGS if unreadable else EXIT_CLEAN


def _entries(
    report: Report, known: dict[Identity, float | None], covers: baseline.Covers, prune: bool
) -> dict[Identity, float | None]:
    """`--prune`: the known entries minus the fixed ones; else this run's findings replace
    the entries it covers."""
    if not prune:
        return baseline.replaced(known, report.findings, covers)
    result = baseline.compare(report.findings, known, covers)
    pruned = plural(len(result.fixed), "fixed entry", "fixed entries")
    print(f"codehealth: pruned {pruned}", file=sys.stderr)
    return baseline.pruned(known, result)


def _warn_if_nothing_checked(report: Report, paths: list[str]) -> None:
    """No Python file under the paths: say so (exit code unchanged, as ruff does)."""
    if not report.files_checked and not report.findings:  # an unlistable folder says so itself
        where = ", ".join(paths)
        print(f"codehealth: warning: no Python files found under {where}", file=sys.stderr)


def _apply_baseline(
    report: Report, known: dict[Identity, float | None], file: Path, covers: baseline.Covers
) -> Report:
    result = baseline.compare(report.findings, known, covers)
    for identity in result.fixed:
        where = f" in `{identity.symbol}`" if identity.symbol else ""
        note = f"{identity.path}: {identity.code}{where} is fixed; remove it from {file}"
        print(f"codehealth: {note} (`codehealth baseline --prune`)", file=sys.stderr)
    return report.replace(findings=result.reported, baselined=len(result.known))


def _statistics(report: Report) -> str:
    names = {info.code: info.name for info in CATALOGUE}
    counts = Counter(finding.code for finding in report.findings)
    lines = [f"{count:>6}  {code}  {names.get(code, '')}" for code, count in sorted(counts.items())]
    return "\n".join(lines) + "\n" if lines else ""


def _write_step_summary(report: Report) -> None:
    from pytest_codehealth.report.github import step_summary  # noqa: PLC0415  # only for github

    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    text = step_summary(report)
    if not summary_file or text is None:
        return
    try:
        with open(summary_file, "a", encoding="utf-8", errors="backslashreplace") as stream:
            stream.write(text)
    except OSError as exc:
        print(f"codehealth: note: cannot write GITHUB_STEP_SUMMARY: {exc}", file=sys.stderr)


def _atomic_write(target: Path, text: str) -> None:
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def _settings(args: argparse.Namespace, cwd: Path) -> Settings:
    """The config file (given, or found from the first path) with the flags on top."""
    overrides = cli_overrides(
        args.select,
        args.extend_select,
        args.ignore,
        args.exclude,
        args.option,
        max_file_size=args.max_file_size,
    )
    start = Path(args.paths[0]) if args.paths else cwd
    cache = not getattr(args, "no_cache", False)
    config = args.config or find_config(start, cache=cache)  # an unreadable start: its parents
    return load_settings(config, overrides, cwd, cache=cache)


def _paths(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The paths given, else the config's `paths` (relative to its folder), else `.`."""
    return args.paths or [str(settings.root / path) for path in settings.paths] or ["."]


def _fix(args: argparse.Namespace, paths: list[str], settings: Settings, cwd: Path) -> int | None:
    """`--diff`: print the fixes and return the exit code; `--fix`: write them, say how many."""
    if not (args.fix or args.diff):
        return None
    from pytest_codehealth.engine.fixing import fix_paths  # noqa: PLC0415  # only for --fix/--diff

    fixed = fix_paths(paths, settings, cwd, write=not args.diff)
    for note in fixed.notes:
        print(f"codehealth: note: {note}", file=sys.stderr)
    if args.diff:
        out(fixed.diff)
        return EXIT_FINDINGS if fixed.diff else EXIT_CLEAN
    if fixed.fixed:
        where = plural(len(fixed.files), "file")
        print(f"codehealth: fixed {plural(fixed.fixed, 'finding')} in {where}", file=sys.stderr)
    return None


def guarded(action: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """`action`, with the config, baseline, path and extra errors a run can meet as exit 2."""
    return _guarded(action, args)


def settings_for(args: argparse.Namespace, cwd: Path) -> Settings:
    """The settings a run with these flags uses (`codehealth report` shares them)."""
    return _settings(args, cwd)


def paths_for(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The paths a run with these flags checks."""
    return _paths(args, settings)
