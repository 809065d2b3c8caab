"""The one shape every rule reports in."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place: `path:line:col: CODE message` (line and col are 1-based)."""

    path: str
    line: int
    col: int
    code: str
    name: str
    message: str
    fingerprint: str = ""

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


def with_fingerprints(findings: Iterable[Finding], lines: list[str]) -> list[Finding]:
    """Give each finding an id that survives line shifts: path, code, flagged text, occurrence."""
    seen: Counter[tuple[str, str, str]] = Counter()
    result = []
    for finding in sorted(findings):
        text = lines[finding.line - 1].strip() if 0 < finding.line <= len(lines) else ""
        key = (finding.path, finding.code, " ".join(text.split()))
        index = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(index))).encode()).hexdigest()[:16]
        result.append(replace(finding, fingerprint=digest))
    return result
