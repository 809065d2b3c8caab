"""The `codehealth` command: check, baseline, rule, rules, snapshot, compat, server."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from pytest_codehealth import __version__
from pytest_codehealth.cli.arguments import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    Parser,
    add_check_arguments,
    add_run_arguments,
    usage_error,
)
from pytest_codehealth.cli.output import drop_stdout, flush, interrupted, out
from pytest_codehealth.cli.report import add_report_arguments


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="codehealth", description="Code-health gates.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="check files and folders (default: .)")
    add_run_arguments(check)
    add_check_arguments(check)
    record = commands.add_parser("baseline", help="write the baseline of current findings")
    add_run_arguments(record)
    record.add_argument(
        "--prune", action="store_true", help="only drop fixed entries; never add new ones"
    )
    rule = commands.add_parser("rule", help="print a rule's documentation")
    rule.add_argument("rule", metavar="CODE|NAME")
    commands.add_parser("rules", help="list every rule")
    snapshot = commands.add_parser("snapshot", help="record a module's public API before a split")
    snapshot.add_argument("modules", nargs="+", metavar="MODULE", help="dotted name, e.g. pkg.mod")
    snapshot.add_argument("--output-dir", type=Path, help="default: compat.snapshot-dir")
    compat = commands.add_parser(
        "compat", help="check that modules split into packages keep their old API"
    )
    compat.add_argument(
        "modules", nargs="*", metavar="MODULE", help="dotted names (default: every module found)"
    )
    compat.add_argument("--ref", help="git revision before the split (default: compat.ref)")
    commands.add_parser(
        "server", help="run the language server (LSP over stdio; needs pytest-codehealth[server])"
    )
    add_report_arguments(
        commands.add_parser("report", help="the before/after scorecard (Markdown, JSON, HTML)")
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; a closed stdout pipe ends its output quietly (see cli.output)."""
    try:
        return _main(argv)
    except BrokenPipeError:  # a write that did not go through `out` (`print` in snapshot)
        drop_stdout()
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        return interrupted()
    finally:
        flush()  # argparse's --help and --version, and anything else still buffered


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "rules":
        return _list_rules()
    if args.command == "rule":
        return _show_rule(args.rule)
    if args.command == "server":
        from pytest_codehealth.server.entry import main as serve  # noqa: PLC0415  # an extra

        return serve()
    if not _cwd_exists():
        return usage_error("the current folder no longer exists; `cd` to an existing one")
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    """The subcommands that check files; the rarely used ones are imported only when asked."""
    from pytest_codehealth.cli.check import check, write_baseline  # noqa: PLC0415  # not for --help

    if args.command == "baseline":
        return write_baseline(args)
    if args.command == "snapshot":
        from pytest_codehealth.compat.snapshot import run  # noqa: PLC0415  # only for snapshots

        return run(args)
    if args.command == "compat":
        from pytest_codehealth.cli.compat import run as compat  # noqa: PLC0415  # only for compat

        return compat(args)
    if args.command == "report":
        from pytest_codehealth.cli.report import run as report  # noqa: PLC0415  # only for reports

        return report(args)
    return check(args)


def _cwd_exists() -> bool:
    """False when the folder the command runs from was deleted (paths resolve against it)."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return False
    return True


def _list_rules() -> int:
    from pytest_codehealth.rules.registry import all_rules  # noqa: PLC0415  # every rule module

    rules = all_rules()
    width = max(len(rule.name) for rule in rules)
    lines = [
        f"{rule.code}  {rule.name:<{width}}  {'on ' if rule.default else 'off'}  {rule.summary}"
        for rule in rules
    ]
    out("\n".join(lines) + "\n")
    return EXIT_CLEAN


def _show_rule(key: str) -> int:
    from pytest_codehealth.config.catalogue import (  # noqa: PLC0415  # not for other commands
        CATALOGUE,
        UnknownRuleError,
        lookup,
    )
    from pytest_codehealth.config.wording import unknown_rule  # noqa: PLC0415
    from pytest_codehealth.rules.registry import rule as registered  # noqa: PLC0415

    try:
        infos = lookup(CATALOGUE, key)
    except UnknownRuleError:
        return usage_error(unknown_rule(key, [(info.code, info.name) for info in CATALOGUE]))
    if len(infos) != 1:
        return usage_error(f"`{key}` names {len(infos)} rules; give one code or name")
    rule = registered(infos[0].code)
    out(f"# {rule.code} {rule.name}\n\n{rule.doc}\n")
    return EXIT_CLEAN


if __name__ == "__main__":
    raise SystemExit(main())
