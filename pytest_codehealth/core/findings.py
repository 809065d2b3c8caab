"""The one shape every rule reports in."""

from __future__ import annotations

from typing import Any, NamedTuple

from pytest_codehealth.core.digests import sha256
from pytest_codehealth.core.record import Record, field


class Measure(NamedTuple):
    """What a size or score rule measured, for the baseline's ratchet: `1140 lines`, limit 400."""

    value: float
    limit: float
    unit: str


class Identity(NamedTuple):
    """A finding without line numbers: path, rule, enclosing symbol, construct, occurrence."""

    path: str
    code: str
    symbol: str
    construct: str  # hash of the normalised source of the flagged construct ("" if measured)
    occurrence: int

    @property
    def fingerprint(self) -> str:
        key = "\0".join((self.path, self.code, self.symbol, self.construct, str(self.occurrence)))
        # surrogatepass: a file name that is not UTF-8 reaches us with lone surrogates
        return sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Finding(Record, order=True):
    """One problem at one place: `path:line:col: CODE message` (line and col are 1-based)."""

    path: str
    line: int
    col: int
    code: str
    name: str
    message: str
    fingerprint: str = ""
    severity: str = "error"  # "error" fails the run; "warning" is reported only
    end_line: int = field(default=0, compare=False)  # last line of the flagged construct
    measure: Measure | None = field(default=None, compare=False)  # for a size or a score
    identity: Identity | None = field(default=None, compare=False, repr=False)
    # whole-project findings: the other files the finding is about (an import cycle's modules)
    related: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class FileResult(Record):
    """One file's findings, and the facts whole-project rules collected from it (by code)."""

    findings: list[Finding]
    facts: dict[str, Any] = field(default_factory=dict)
