"""The `codehealth` command: check, rule, rules."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_codehealth import __version__
from pytest_codehealth.config import (
    ConfigError,
    Settings,
    cli_overrides,
    find_config,
    load_settings,
)
from pytest_codehealth.engine import MissingPathError, run
from pytest_codehealth.fixing import fix_paths
from pytest_codehealth.registry import UnknownRuleError, lookup
from pytest_codehealth.report import FORMATS
from pytest_codehealth.rules import RULES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="codehealth", description="Code-health gates.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check files and folders (default: .)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.add_argument("--config", type=Path, help="a TOML file instead of the nearest one")
    check.add_argument("--select", type=_codes, help="only these rules (codes, names, prefixes)")
    check.add_argument("--extend-select", type=_codes, default=[], help="add these rules")
    check.add_argument("--ignore", type=_codes, default=[], help="turn these rules off")
    check.add_argument("--exclude", action="append", default=[], help="also skip this glob")
    check.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="RULE.KEY=VALUE",
        help="set a rule option, e.g. max-lines.max=300",
    )
    check.add_argument("--format", choices=sorted(FORMATS), default="text")
    check.add_argument("--fix", action="store_true", help="apply the safe fixes, then report")
    check.add_argument("--diff", action="store_true", help="print the safe fixes as a diff only")
    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("rule", metavar="CODE|NAME")
    commands.add_parser("rules", help="list every rule")
    return parser


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        return _list_rules()
    if args.command == "rule":
        return _show_rule(args.rule)
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    try:
        settings = _settings(args, cwd)
        paths = _paths(args, settings)
        diff_exit = _fix(args, paths, settings, cwd)
        if diff_exit is not None:
            return diff_exit
        report = run(paths, settings, cwd)
    except ConfigError as exc:
        return _usage_error(f"config error: {exc}")
    except MissingPathError as exc:
        return _usage_error(f"{exc}: no such file or directory")
    sys.stdout.write(FORMATS[args.format](report))
    return EXIT_FINDINGS if report.findings else EXIT_CLEAN


def _settings(args: argparse.Namespace, cwd: Path) -> Settings:
    """The config file (given, or found from the first path) with the flags on top."""
    overrides = cli_overrides(
        args.select, args.extend_select, args.ignore, args.exclude, args.option
    )
    start = Path(args.paths[0]) if args.paths else cwd
    config = args.config or find_config(start if start.exists() else cwd)
    return load_settings(config, overrides, cwd)


def _paths(args: argparse.Namespace, settings: Settings) -> list[str]:
    """The paths given, else the config's `paths` (relative to its folder), else `.`."""
    return args.paths or [str(settings.root / path) for path in settings.paths] or ["."]


def _fix(args: argparse.Namespace, paths: list[str], settings: Settings, cwd: Path) -> int | None:
    """`--diff`: print the fixes and return the exit code; `--fix`: write them, say how many."""
    if not (args.fix or args.diff):
        return None
    fixed = fix_paths(paths, settings, cwd, write=not args.diff)
    if args.diff:
        sys.stdout.write(fixed.diff)
        return EXIT_FINDINGS if fixed.diff else EXIT_CLEAN
    if fixed.fixed:
        files = len(fixed.files)
        print(f"codehealth: fixed {fixed.fixed} finding(s) in {files} file(s)", file=sys.stderr)
    return None


def _usage_error(message: str) -> int:
    print(f"codehealth: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _list_rules() -> int:
    width = max(len(rule.name) for rule in RULES)
    for rule in RULES:
        state = "on " if rule.default else "off"
        print(f"{rule.code}  {rule.name:<{width}}  {state}  {rule.summary}")
    return EXIT_CLEAN


def _show_rule(key: str) -> int:
    try:
        rules = lookup(RULES, key)
    except UnknownRuleError:
        return _usage_error(f"unknown rule {key!r} (see `codehealth rules`)")
    if len(rules) != 1:
        return _usage_error(f"{key!r} names {len(rules)} rules; give one code or name")
    rule = rules[0]
    print(f"# {rule.code} {rule.name}\n\n{rule.doc}")
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
