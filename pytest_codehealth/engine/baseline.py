"""Baseline files: the known findings a run tolerates, and the ratchet on sizes and scores.

The file is sorted, diff-friendly JSON: `{"version": 1, "tool": "codehealth", "entries": [...]}`,
one entry per known finding, identified without line numbers (see `engine.identity`). A measured
finding (a size or a score) may stay at its recorded value but not grow.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pytest_codehealth.config.settings import Settings
from pytest_codehealth.core import recorder
from pytest_codehealth.core.files import read_regular
from pytest_codehealth.core.findings import Finding, Identity
from pytest_codehealth.core.record import Record, field
from pytest_codehealth.engine.discovery import parts_of

VERSION = 1
_KEYS = ("path", "code", "symbol", "construct", "occurrence")


class BaselineError(Exception):
    """A baseline file that cannot be used: which file, what is wrong."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


class Comparison(Record, frozen=False):
    """A run's findings split against a baseline."""

    reported: list[Finding] = field(default_factory=list)  # new, or grown past the record
    known: list[Finding] = field(default_factory=list)
    fixed: list[Identity] = field(default_factory=list)  # entries nothing matched any more


def render(findings: Iterable[Finding]) -> str:
    """The baseline document for these findings (CH000 is never baselined)."""
    return render_entries(replaced({}, findings, lambda _: True))


def render_entries(entries: dict[Identity, float | None]) -> str:
    records = []
    for identity in sorted(entries):
        record: dict[str, Any] = dict(zip(_KEYS, _fields(identity), strict=True))
        if entries[identity] is not None:
            record["value"] = entries[identity]
        records.append(record)
    document = {"version": VERSION, "tool": "codehealth", "entries": records}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def pruned(known: dict[Identity, float | None], result: Comparison) -> dict[Identity, float | None]:
    """The entries minus the fixed ones, with measures tightened to what they are now."""
    fixed = set(result.fixed)
    entries = {identity: value for identity, value in known.items() if identity not in fixed}
    for finding in result.known:
        if finding.identity is not None and finding.measure is not None:
            entries[finding.identity] = finding.measure.value
    return entries


def load(path: Path) -> dict[Identity, float | None]:
    """Identity -> recorded value; any problem with the file is a BaselineError."""
    document = _document(path)
    if not isinstance(document, dict) or document.get("tool") != "codehealth":
        raise BaselineError(path, 'not a codehealth baseline (no "tool": "codehealth")')
    if document.get("version") != VERSION:
        found = document.get("version")
        raise BaselineError(path, f"unsupported baseline version {found!r} (expected {VERSION})")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(path, '"entries" must be a list')
    return dict(_entry(path, position, raw) for position, raw in enumerate(entries))


def _document(path: Path) -> Any:
    """The file's JSON; only a regular file is opened (a FIFO would block)."""
    recorder.seen(path)
    try:
        return json.loads(read_regular(path).decode("utf-8"))
    except OSError as exc:
        raise BaselineError(path, f"cannot read baseline: {exc.strerror or exc}") from None
    except RecursionError:
        raise BaselineError(path, "not a codehealth baseline (nested too deeply)") from None
    except ValueError as exc:  # not UTF-8, not JSON, an integer over 4,300 digits
        known = isinstance(exc, json.JSONDecodeError | UnicodeDecodeError)
        detail = exc if known else str(exc).split(":", 1)[0]
        raise BaselineError(path, f"not a codehealth baseline (invalid JSON: {detail})") from None


_TYPES = {"path": str, "code": str, "symbol": str, "construct": str, "occurrence": int}


def _entry(path: Path, position: int, raw: Any) -> tuple[Identity, float | None]:
    where = f"entries[{position}]"
    if not isinstance(raw, dict) or set(raw) - {*_KEYS, "value"}:
        raise BaselineError(path, f"{where}: expected an object with keys {', '.join(_KEYS)}")
    for key, kind in _TYPES.items():
        if not isinstance(raw.get(key), kind) or isinstance(raw.get(key), bool):
            raise BaselineError(path, f"{where}: bad or missing field {key!r}")
    value = raw.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise BaselineError(path, f"{where}: value must be a number")
    identity = Identity(
        raw["path"], raw["code"], raw["symbol"], raw["construct"], raw["occurrence"]
    )
    return identity, value


def _fields(identity: Identity) -> tuple[str, str, str, str, int]:
    return identity.path, identity.code, identity.symbol, identity.construct, identity.occurrence


Covers = Callable[[Identity], bool]


def coverage(scope: Mapping[str, frozenset[str]], settings: Settings, cwd: Path) -> Covers:
    """Whether a run speaks for an entry: it checked the entry's file and ran its rule there.

    `scope` is the run's displayed path -> codes run on that file. A file that no longer exists
    is covered for the rules that would run on its path; a file the run did not check is not.
    """

    def covers(identity: Identity) -> bool:
        codes = scope.get(identity.path)
        if codes is None:
            path = cwd / identity.path
            parts = parts_of(path, settings.root)
            recorder.seen(path)
            if path.exists() or settings.excluded(parts):
                return False
            codes = settings.for_parts(parts).codes
        return identity.code in codes

    return covers


def compare(
    findings: Iterable[Finding], known: dict[Identity, float | None], covers: Covers | None = None
) -> Comparison:
    """New findings and grown measures are reported; matched ones are known; the rest fixed.

    Only entries the run covers (all without `covers`) can be fixed: a narrower run (fewer
    files, fewer rules) says nothing of the others.
    """
    result, matched = Comparison(), set()
    for finding in findings:
        identity = finding.identity
        if identity is None or identity not in known or finding.code == "CH000":
            result.reported.append(finding)
            continue
        matched.add(identity)
        grown = _grown(finding, known[identity])
        (result.known if grown is None else result.reported).append(grown or finding)
    unmatched = set(known) - matched
    result.fixed = sorted(i for i in unmatched if covers is None or covers(i))
    return result


def replaced(
    known: dict[Identity, float | None], findings: Iterable[Finding], covers: Covers
) -> dict[Identity, float | None]:
    """The entries a run does not cover, kept as they are, and the run's own findings."""
    entries = {identity: value for identity, value in known.items() if not covers(identity)}
    for finding in findings:
        if finding.identity is not None and finding.code != "CH000":
            entries[finding.identity] = finding.measure.value if finding.measure else None
    return entries


def _grown(finding: Finding, recorded: float | None) -> Finding | None:
    """The finding, reworded, if its measure grew past the recorded value; else None."""
    measure = finding.measure
    if measure is None or recorded is None or measure.value <= recorded:
        return None
    symbol = finding.identity.symbol if finding.identity else ""
    subject = f"`{symbol}` " if symbol else "module "
    message = (
        f"{subject}was {_number(recorded)} {measure.unit} when baselined, "
        f"now {_number(measure.value)} (limit {_number(measure.limit)})"
    )
    return finding.replace(message=message)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
