"""Baseline files: the known findings a run tolerates, and the ratchet on sizes and scores.

The file is sorted, diff-friendly JSON: `{"version": 1, "tool": "codehealth", "entries": [...]}`,
one entry per known finding, identified without line numbers (see identity.py). A measured
finding (a size or a score) may stay at its recorded value but not grow.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pytest_codehealth.findings import Finding
from pytest_codehealth.identity import Identity

VERSION = 1
_KEYS = ("path", "code", "symbol", "construct", "occurrence")


class BaselineError(Exception):
    """A baseline file that cannot be used: which file, what is wrong."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


@dataclass
class Comparison:
    """A run's findings split against a baseline."""

    reported: list[Finding] = field(default_factory=list)  # new, or grown past the record
    known: list[Finding] = field(default_factory=list)
    fixed: list[Identity] = field(default_factory=list)  # entries nothing matched any more


def render(findings: Iterable[Finding]) -> str:
    """The baseline document for these findings (CH000 is never baselined)."""
    entries = []
    for finding in findings:
        if finding.identity is None or finding.code == "CH000":
            continue
        entry: dict[str, Any] = dict(zip(_KEYS, _fields(finding.identity), strict=True))
        if finding.measure is not None:
            entry["value"] = finding.measure.value
        entries.append(entry)
    entries.sort(key=lambda entry: tuple(entry[key] for key in _KEYS))
    document = {"version": VERSION, "tool": "codehealth", "entries": entries}
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def load(path: Path) -> dict[Identity, float | None]:
    """Identity -> recorded value; any problem with the file is a BaselineError."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(path, f"cannot read baseline: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(path, f"not a codehealth baseline (invalid JSON: {exc})") from None
    if not isinstance(document, dict) or document.get("tool") != "codehealth":
        raise BaselineError(path, 'not a codehealth baseline (no "tool": "codehealth")')
    if document.get("version") != VERSION:
        found = document.get("version")
        raise BaselineError(path, f"unsupported baseline version {found!r} (expected {VERSION})")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise BaselineError(path, '"entries" must be a list')
    return dict(_entry(path, position, raw) for position, raw in enumerate(entries))


def _entry(path: Path, position: int, raw: Any) -> tuple[Identity, float | None]:
    where = f"entries[{position}]"
    if not isinstance(raw, dict) or set(raw) - {*_KEYS, "value"}:
        raise BaselineError(path, f"{where}: expected an object with keys {', '.join(_KEYS)}")
    path_, code, symbol, construct = (raw.get(key) for key in _KEYS[:4])
    occurrence, value = raw.get("occurrence"), raw.get("value")
    if not (
        isinstance(path_, str)
        and isinstance(code, str)
        and isinstance(symbol, str)
        and isinstance(construct, str)
        and isinstance(occurrence, int)
        and not isinstance(occurrence, bool)
        and occurrence >= 0
    ):
        raise BaselineError(path, f"{where}: bad or missing field")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise BaselineError(path, f"{where}: value must be a number")
    return Identity(path_, code, symbol, construct, occurrence), value


def _fields(identity: Identity) -> tuple[str, str, str, str, int]:
    return identity.path, identity.code, identity.symbol, identity.construct, identity.occurrence


def compare(findings: Iterable[Finding], known: dict[Identity, float | None]) -> Comparison:
    """New findings and grown measures are reported; matched ones are known; the rest fixed."""
    result, matched = Comparison(), set()
    for finding in findings:
        identity = finding.identity
        if identity is None or identity not in known or finding.code == "CH000":
            result.reported.append(finding)
            continue
        matched.add(identity)
        recorded = known[identity]
        if (
            finding.measure is not None
            and recorded is not None
            and finding.measure.value > recorded
        ):
            result.reported.append(_grown(finding, recorded))
            continue
        result.known.append(finding)
    result.fixed = sorted(set(known) - matched)
    return result


def _grown(finding: Finding, recorded: float) -> Finding:
    assert finding.measure is not None
    measure = finding.measure
    symbol = finding.identity.symbol if finding.identity else ""
    subject = f"`{symbol}` " if symbol else "module "
    message = (
        f"{subject}was {_number(recorded)} {measure.unit} when baselined, "
        f"now {_number(measure.value)} (limit {_number(measure.limit)})"
    )
    return replace(finding, message=message)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
