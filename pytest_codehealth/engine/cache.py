"""The content-hash cache in `.codehealth_cache/`: a file's findings, keyed by what made them.

Key: the package version, the effective settings for the file, its displayed path and its
bytes (never an mtime). One small JSON file per entry, written to a temporary file and moved
into place with `os.replace`, so concurrent runs (pre-commit batches, xdist workers) never
see a torn entry. Only a regular file is opened (a FIFO would block). An entry that does not
load, or whose checksum or field types are wrong (valid JSON that is not what we wrote), is
ignored with a note and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from pytest_codehealth import __version__
from pytest_codehealth.core.files import NotRegularFileError, read_regular
from pytest_codehealth.core.findings import FileResult, Finding, Identity, Measure

CACHE_DIR = ".codehealth_cache"
_FIELDS = ("path", "line", "col", "code", "name", "message", "fingerprint", "end_line")
_FORMAT = "checksummed"  # in the key: entries of an older layout are misses, not notes
_HEAD = '{"sha256": "'  # an entry: this, 64 hex digits of the rest's SHA-256, `", `, the rest


class Cache:
    """Entries under `<root>/.codehealth_cache/<version>/`; every failure degrades to a miss."""

    def __init__(self, root: Path) -> None:
        self.top = root / CACHE_DIR
        self.folder = self.top / __version__
        self._writable = True

    @staticmethod
    def key(settings_fingerprint: str, display: str, data: bytes) -> str:
        digest = hashlib.sha256()
        for part in (__version__, _FORMAT, settings_fingerprint, display):
            digest.update(part.encode("utf-8", "surrogatepass") + b"\0")  # any file name
        digest.update(data)
        return digest.hexdigest()

    def get(self, key: str) -> FileResult | None:
        """The entry's result; a missing entry is a miss, a damaged one a note and a miss."""
        entry = self._entry(key)
        try:
            return _result(read_regular(entry))
        except NotRegularFileError as exc:  # a FIFO would have hung the run: replaced on put
            reason: object = exc.strerror
        except OSError:  # missing, or not ours to read: a plain miss
            return None
        except RecursionError:
            reason = "nested too deeply"
        except (ValueError, TypeError, KeyError) as exc:
            reason = exc
        print(f"codehealth: note: ignoring corrupt cache entry {entry} ({reason})", file=sys.stderr)
        return None

    def put(self, key: str, result: FileResult) -> None:
        if not self._writable:
            return
        entry = self._entry(key)
        try:
            self._prepare(entry.parent)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                findings = [_record(finding) for finding in result.findings]
                body = json.dumps({"findings": findings, "facts": result.facts})[1:]
                stream.write(f'{_HEAD}{_digest(body.encode()).decode()}", {body}')
            os.replace(temporary, entry)
        except OSError as exc:
            self._writable = False
            print(f"codehealth: note: cache disabled, cannot write {entry}: {exc}", file=sys.stderr)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _prepare(self, folder: Path) -> None:
        if not self.top.exists():
            self.top.mkdir(parents=True, exist_ok=True)
            (self.top / ".gitignore").write_text("# created by codehealth\n*\n")
            (self.top / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
        folder.mkdir(parents=True, exist_ok=True)


def _result(raw: bytes) -> FileResult:
    """An entry's result, once its checksum and every field's type have been checked."""
    start = len(_HEAD) + 64
    if raw[: len(_HEAD)] != _HEAD.encode() or _digest(raw[start + 3 :]) != raw[len(_HEAD) : start]:
        raise ValueError("checksum mismatch")
    document = json.loads(raw)
    findings = [_finding(item) for item in document["findings"]]
    facts = document["facts"]
    if not isinstance(facts, dict):
        raise TypeError("facts must be an object")
    return FileResult(findings, facts)


def _digest(body: bytes) -> bytes:
    """The checksum of an entry's content (the JSON after it, as bytes, in hex)."""
    return hashlib.sha256(body).hexdigest().encode()


def _record(finding: Finding) -> dict[str, Any]:
    record: dict[str, Any] = {name: getattr(finding, name) for name in _FIELDS}
    if finding.measure is not None:
        measure = finding.measure
        record["measure"] = [measure.value, measure.limit, measure.unit]
    if finding.identity is not None:
        identity = finding.identity
        record["identity"] = [identity.symbol, identity.construct, identity.occurrence]
    return record


def _finding(record: dict[str, Any]) -> Finding:
    values = {name: record[name] for name in _FIELDS}
    for name, value in values.items():
        expected = int if name in ("line", "col", "end_line") else str
        if not isinstance(value, expected):
            raise TypeError(f"{name} is not {expected.__name__}")
    return Finding(
        **values,
        measure=_measure(record.get("measure")),
        identity=_identity(values["path"], values["code"], record.get("identity")),
    )


def _measure(raw: Any) -> Measure | None:
    if raw is None:
        return None
    value, limit, unit = raw
    if not (isinstance(value, int | float) and isinstance(limit, int | float)):
        raise TypeError("measure value and limit must be numbers")
    if not isinstance(unit, str):
        raise TypeError("measure unit must be a string")
    return Measure(value, limit, unit)


def _identity(path: str, code: str, raw: Any) -> Identity | None:
    if raw is None:
        return None
    symbol, construct, occurrence = raw
    if not (isinstance(symbol, str) and isinstance(construct, str) and isinstance(occurrence, int)):
        raise TypeError("identity must be [symbol, construct, occurrence]")
    return Identity(path, code, symbol, construct, occurrence)
