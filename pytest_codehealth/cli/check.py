"""`codehealth check` and `codehealth baseline`: run the engine, apply the baseline, report."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pytest_codehealth.config.load import (
    ConfigError,
    Settings,
    cli_overrides,
    find_config,
    load_settings,
)
from pytest_codehealth.core.findings import Identity
from pytest_codehealth.engine import baseline
from pytest_codehealth.engine.run import MissingPathError, Report, default_jobs, run
from pytest_codehealth.report import FORMATS
from pytest_codehealth.report.github import step_summary
from pytest_codehealth.rules.registry import RULES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_BASELINE = ".codehealth-baseline.json"


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags shared by `check` and `baseline`: what to check and with which rules."""
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--config", type=Path, help="a TOML file instead of the nearest one")
    parser.add_argument(
        "--select", type=_selection, help="only these rules (codes, names, prefixes)"
    )
    parser.add_argument("--extend-select", type=_codes, default=[], help="add these rules")
    parser.add_argument("--ignore", type=_codes, default=[], help="turn these rules off")
    parser.add_argument("--exclude", action="append", default=[], help="also skip this glob")
    parser.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="RULE.KEY=VALUE",
        help="set a rule option, e.g. max-lines.max=300",
    )
    parser.add_argument(
        "--max-file-size", type=_size, metavar="BYTES", help="a larger file is not checked (CH000)"
    )
    parser.add_argument("--baseline", type=Path, help=f"baseline file (default {DEFAULT_BASELINE})")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--jobs", type=_jobs, default=default_jobs(), help="processes (default: the cores)"
    )


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(FORMATS), default="text")
    parser.add_argument("--statistics", action="store_true", help="print counts per rule")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes, then report")
    parser.add_argument("--diff", action="store_true", help="print the safe fixes as a diff only")


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _selection(value: str) -> list[str]:
    """`--select`: at least one rule; an empty selection would run nothing and pass."""
    codes = _codes(value)
    if not codes:
        raise argparse.ArgumentTypeError(f"expected rule codes, names or prefixes, got {value!r}")
    return codes


def _size(value: str) -> int:
    digits = value.replace("_", "")
    if not digits.isdigit() or int(digits) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of bytes >= 1, got {value!r}")
    return int(digits)


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes >= 1, got {value!r}")
    return int(value)


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


def _check(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    settings = _settings(args, cwd)
    paths = _paths(args, settings)
    diff_exit = _fix(args, paths, settings, cwd)
    if diff_exit is not None:
        return diff_exit
    report = run(paths, settings, cwd, jobs=args.jobs, cache=not args.no_cache)
    baseline_file = args.baseline or settings.baseline
    if baseline_file is not None:
        report = _apply_baseline(report, baseline.load(baseline_file), baseline_file)
    _out(FORMATS[args.format](report))
    if args.statistics:
        _out(_statistics(report))
    if args.format == "github":
        _write_step_summary(report)
    return EXIT_FINDINGS if report.errors else EXIT_CLEAN


def _write_baseline(args: argparse.Namespace) -> int:
    """`codehealth baseline`: record every current finding; `--prune` only drops fixed ones."""
    cwd = Path.cwd()
    settings = _settings(args, cwd)
    target = args.baseline or settings.baseline or cwd / DEFAULT_BASELINE
    report = run(_paths(args, settings), settings, cwd, jobs=args.jobs, cache=not args.no_cache)
    text = _prune(report, target) if args.prune else baseline.render(report.findings)
    try:
        _atomic_write(target, text)
    except OSError as exc:
        return usage_error(f"cannot write baseline {target}: {exc.strerror or exc}")
    entries = text.count('"occurrence"')
    print(f"codehealth: wrote {entries} entries to {target}", file=sys.stderr)
    unreadable = [finding for finding in report.findings if finding.code == "CH000"]
    for finding in unreadable:
        print(finding.format(), file=sys.stderr)
    return EXIT_FINDINGS if unreadable else EXIT_CLEAN


def _prune(report: Report, target: Path) -> str:
    known = baseline.load(target)
    result = baseline.compare(report.findings, known, _checked(report))
    print(f"codehealth: pruned {len(result.fixed)} fixed entries", file=sys.stderr)
    return baseline.render_entries(baseline.pruned(known, result))


def _checked(report: Report) -> set[str]:
    return set(report.checked)


def _apply_baseline(report: Report, known: dict[Identity, float | None], file: Path) -> Report:
    result = baseline.compare(report.findings, known, _checked(report))
    for identity in result.fixed:
        where = f" in `{identity.symbol}`" if identity.symbol else ""
        note = f"{identity.path}: {identity.code}{where} is fixed; remove it from {file}"
        print(f"codehealth: {note} (`codehealth baseline --prune`)", file=sys.stderr)
    return Report(
        findings=result.reported, files_checked=report.files_checked, checked=report.checked
    )


def _statistics(report: Report) -> str:
    names = {rule.code: rule.name for rule in RULES}
    counts = Counter(finding.code for finding in report.findings)
    lines = [f"{count:>6}  {code}  {names.get(code, '')}" for code, count in sorted(counts.items())]
    return "\n".join(lines) + "\n" if lines else ""


def _write_step_summary(report: Report) -> None:
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
    config = args.config or find_config(start)  # a missing or unreadable start: its parents
    return load_settings(config, overrides, cwd)


def _paths(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The paths given, else the config's `paths` (relative to its folder), else `.`."""
    return args.paths or [str(settings.root / path) for path in settings.paths] or ["."]


def _fix(args: argparse.Namespace, paths: list[str], settings: Settings, cwd: Path) -> int | None:
    """`--diff`: print the fixes and return the exit code; `--fix`: write them, say how many."""
    if not (args.fix or args.diff):
        return None
    from pytest_codehealth.engine.fixing import fix_paths  # noqa: PLC0415  # only for --fix/--diff

    fixed = fix_paths(paths, settings, cwd, write=not args.diff)
    if args.diff:
        _out(fixed.diff)
        return EXIT_FINDINGS if fixed.diff else EXIT_CLEAN
    if fixed.fixed:
        files = len(fixed.files)
        print(f"codehealth: fixed {fixed.fixed} finding(s) in {files} file(s)", file=sys.stderr)
    return None


def _out(text: str) -> None:
    """Write to stdout; what its encoding cannot take (a file name that is not UTF-8, a
    non-ASCII name on a legacy console) is escaped, as stderr does, never a traceback."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))


def usage_error(message: str) -> int:
    print(f"codehealth: error: {message}", file=sys.stderr)
    return EXIT_USAGE
