"""The flags of `codehealth check` and `codehealth baseline`, and the exit codes.

Cheap to import: `codehealth --help` and argument errors never load the engine or the rules.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pytest_codehealth.config.names import DEFAULT_BASELINE
from pytest_codehealth.report import FORMAT_NAMES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


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
