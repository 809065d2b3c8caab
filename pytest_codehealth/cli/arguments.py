"""The flags of `codehealth check` and `codehealth baseline`, and the exit codes.

Cheap to import: `codehealth --help` and argument errors never load the engine or the rules.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pytest_codehealth.config.names import DEFAULT_BASELINE
from pytest_codehealth.report import FORMAT_NAMES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FALLBACK_COLUMNS = 80  # as `shutil.get_terminal_size` when neither COLUMNS nor a terminal says


def terminal_columns() -> int:
    """The width help wraps to: `COLUMNS`, else the terminal's, else 80 (as `shutil` says)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stdout = sys.__stdout__
    if stdout is None:
        return FALLBACK_COLUMNS
    try:
        size = os.get_terminal_size(stdout.fileno())
    except (AttributeError, ValueError, OSError):  # not a terminal, or stdout closed or replaced
        return FALLBACK_COLUMNS
    return size.columns or FALLBACK_COLUMNS


class _Formatter(argparse.HelpFormatter):
    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        width = terminal_columns() - 2 if width is None else width  # argparse's margin
        super().__init__(prog, indent_increment, max_help_position, width)


class Parser(argparse.ArgumentParser):
    """argparse's parser, its help width found with `os`: argparse asks `shutil`, which costs
    every run the import of `bz2`, `lzma` and `zlib` (its subcommands' parsers are Parsers too)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


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
    parser.add_argument(
        "--baseline",
        type=Path,
        help=f"baseline file (default: the config's `baseline`, else {DEFAULT_BASELINE} in the "
        "config's folder when it is there)",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument(
        "--jobs", type=_jobs, default=default_jobs(), help="processes (default: the cores)"
    )


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=sorted(FORMAT_NAMES), default="text")
    parser.add_argument("--statistics", action="store_true", help="print counts per rule")
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes, then report")
    parser.add_argument("--diff", action="store_true", help="print the safe fixes as a diff only")
    parser.add_argument(
        "--no-baseline", action="store_true", help="report every finding, ignoring any baseline"
    )


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


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def usage_error(message: str) -> int:
    print(f"codehealth: error: {message}", file=sys.stderr)
    return EXIT_USAGE
