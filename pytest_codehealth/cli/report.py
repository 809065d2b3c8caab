"""`codehealth report`: the scorecard as Markdown, JSON or an HTML page (the `[report]` extra).

Same config, excludes, baseline and suppressions as `codehealth check`. Exit 0 once written,
2 for usage or config errors (a bad `--since`, no git for `--history`), 1 only with
`--fail-on-findings` when a gate fails. Cheap to import: the engine loads when it runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_codehealth.cli.arguments import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    add_run_arguments,
    usage_error,
)

FORMATS = ("html", "markdown", "json")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json"}


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_arguments(parser)
    parser.add_argument(
        "--since",
        metavar="REF",
        help="compare with this git revision (default: the merge base with the default branch)",
    )
    parser.add_argument(
        "--history",
        type=_count,
        default=0,
        metavar="N",
        help="trend over the last N commits (default: none)",
    )
    parser.add_argument(
        "--churn-days",
        type=_count,
        default=365,
        metavar="DAYS",
        help="hotspots count the commits of the last DAYS days (default: 365)",
    )
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: stdout")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="default: from the -o suffix (.html, .md, .json), else markdown",
    )
    parser.add_argument("--no-baseline", action="store_true", help="ignore any baseline")
    parser.add_argument("--no-tools", action="store_true", help="do not run ruff or mypy")
    parser.add_argument(
        "--fail-on-findings",
        action="store_true",
        help="exit 1 when a gate fails (a report alone never fails)",
    )


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value!r}")
    return int(value)


def run(args: argparse.Namespace) -> int:
    """Build the scorecard and write it; bad input is one line and exit 2."""
    from pytest_codehealth.cli.check import guarded  # noqa: PLC0415  # the engine, on demand
    from pytest_codehealth.scorecard.build import (  # noqa: PLC0415
        BadRefError,
        GitError,
        NotARepositoryError,
    )

    try:
        return guarded(_report, args)
    except BadRefError as exc:
        return usage_error(f"--since: {exc}")
    except NotARepositoryError as exc:
        return usage_error(f"{exc}: --since and --history need git history")
    except GitError as exc:  # git itself failed on a history it had answered for
        return usage_error(f"git failed: {exc}")


def format_of(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None:
        return SUFFIXES.get(args.output.suffix.lower(), "markdown")
    return "markdown"


def _html() -> ModuleType:
    """The page's renderer, `render(doc) -> str`, once the `report` extra is known to be
    installed: without it, `MissingExtraError` (a usage error) before any work is done."""
    from pytest_codehealth.scorecard.plots import require  # noqa: PLC0415

    require()
    return importlib.import_module("pytest_codehealth.scorecard.html")


def _report(args: argparse.Namespace) -> int:
    from pytest_codehealth.cli.check import paths_for, settings_for  # noqa: PLC0415
    from pytest_codehealth.scorecard.build import Request, build  # noqa: PLC0415
    from pytest_codehealth.scorecard.json_doc import document  # noqa: PLC0415

    chosen = format_of(args)
    html = _html() if chosen == "html" else None
    cwd = Path.cwd()
    settings = settings_for(args, cwd)
    request = Request(
        paths=paths_for(args, settings),
        cwd=cwd,
        since=args.since,
        history=args.history,
        churn_days=args.churn_days,
        jobs=args.jobs,
        cache=not args.no_cache,
        baseline=None if args.no_baseline else args.baseline or settings.baseline,
        tools=not args.no_tools,
    )
    card, _ = build(request, settings)
    doc = document(card)
    written = _write(args.output, _render(chosen, doc, html))
    if written is not None:
        return written
    failed = any(not gate["passed"] for gate in doc["gates"])
    return EXIT_FINDINGS if args.fail_on_findings and failed else EXIT_CLEAN


def _render(chosen: str, doc: dict[str, Any], html: ModuleType | None) -> str:
    if html is not None:
        return str(html.render(doc))
    if chosen == "json":
        from pytest_codehealth.scorecard.json_doc import dumps  # noqa: PLC0415

        return dumps(doc)
    from pytest_codehealth.scorecard.markdown import render  # noqa: PLC0415

    return render(doc)


def _write(target: Path | None, text: str) -> int | None:
    """The text to `target` (atomically) or stdout; exit 2 when it cannot be written."""
    from pytest_codehealth.cli.output import out  # noqa: PLC0415

    if target is None:
        out(text)
        return None
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        return usage_error(f"cannot write {target}: {exc.strerror or exc}")
    return None
