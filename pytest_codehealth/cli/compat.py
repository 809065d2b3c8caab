"""`codehealth compat [--ref REF] [MODULE...]`: the split-safety check without pytest.

For CI jobs that do not run pytest, and for packages a test runner cannot be started next to
(a checkout holding its own copy of pytest or of one of its dependencies). The old APIs are
gathered as `pytest --codehealth-compat-ref` gathers them (modules split since the ref,
snapshots, `compat.modules`); MODULE names limit the check to those modules and are also read
at the ref when they were not split. Each module is checked in a child process (see
`compat.isolated`). Prints, per module with a break, the header and one line per break in
the pytest item's form; warnings follow as `warning: MODULE: ...`. Exit 0 clean, 1 on a break, 2 for
usage (no git, a bad ref, nothing to check, a bad config).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pytest_codehealth.cli.arguments import EXIT_CLEAN, EXIT_FINDINGS, usage_error
from pytest_codehealth.cli.output import out
from pytest_codehealth.compat.gitref import GitError
from pytest_codehealth.compat.isolated import Checkout
from pytest_codehealth.compat.sources import Gathered, gather
from pytest_codehealth.compat.verify import Outcome, verify
from pytest_codehealth.config.load import ConfigError, Settings, find_config, load_settings
from pytest_codehealth.core.words import plural

NOTHING_TO_CHECK = (
    "nothing to check: give --ref REF (or compat.ref), or record a snapshot "
    "(`codehealth snapshot MODULE`), or list names in compat.modules"
)


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    try:
        settings = load_settings(find_config(cwd), {}, cwd)
    except ConfigError as exc:
        return usage_error(f"config error: {exc}")
    compat = settings.compat
    if args.modules:
        compat = compat.replace(ref_modules=(*compat.ref_modules, *args.modules))
    try:
        gathered = gather(settings.root, compat, args.ref)
    except GitError as exc:
        return usage_error(f"compat ref: {exc}")
    modules = args.modules or gathered.modules()
    unknown = [module for module in modules if module not in gathered.modules()]
    if unknown:
        return usage_error(f"no old API for {unknown[0]}: {NOTHING_TO_CHECK}")
    if not modules:
        return _nothing(gathered)
    return _check(modules, gathered, settings.replace(compat=compat))


def _nothing(gathered: Gathered) -> int:
    note = gathered.note()
    if note is None:
        return usage_error(NOTHING_TO_CHECK)
    print(f"codehealth: {note}", file=sys.stderr)
    return EXIT_CLEAN


def _check(modules: list[str], gathered: Gathered, settings: Settings) -> int:
    checkout = Checkout.at(settings.root, settings.compat.source_roots)
    strict = settings.compat.patch_targets == "error"
    breaks = failed = 0
    for module in modules:
        outcome = verify(gathered, module, checkout, strict)
        out(_report(outcome))
        breaks += len(outcome.errors)
        failed += bool(outcome.errors)
    checked = plural(len(modules), "module")
    if failed:
        print(f"codehealth: {plural(breaks, 'break')} in {failed} of {checked}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"codehealth: {checked} checked, no break", file=sys.stderr)
    return EXIT_CLEAN


def _report(outcome: Outcome) -> str:
    lines = [outcome.header, *outcome.errors] if outcome.errors else []
    lines += [f"warning: {outcome.module}: {message}" for message in outcome.warnings]
    return "".join(f"{line}\n" for line in lines)
