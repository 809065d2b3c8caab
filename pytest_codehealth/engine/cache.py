"""The content-hash cache in `.codehealth_cache/`: a file's findings, keyed by what made them.

Key: the package version, the effective settings for the file, its displayed path and its
bytes (never an mtime). One small JSON file per entry, written to a temporary file and moved
into place with `os.replace`, so concurrent runs (pre-commit batches, xdist workers) never
see a torn entry. Only a regular file is opened (a FIFO would block). An entry that does not
load, or whose checksum or field types are wrong (valid JSON that is not what we wrote), is
ignored with a note and rebuilt.

In front of the entries, one index file (`INDEX`, a `marshal` document after its CRC: it loads
in half the time of the same records as JSON, and is written back in a fifth) lets a warm run
skip reading and hashing a file: it maps each displayed path to the file's stat (device, inode,
size, mtime, ctime), its settings' fingerprint, the digest of its bytes, its findings and the
files it read (`depends-on`); the facts of whole-project rules (large: duplicate-code's line
hashes) stay in the entry (its key in the record), loaded only for a file that has some. A file
is recorded only once it has settled (its mtime at least `SETTLE_NS` before the stat), so an
edit in the same clock tick as the run that recorded it cannot hide behind an unchanged stat;
such a file is read and hashed. The index is loaded on first use, merged with this run's
records, rid of the files a walked folder no longer holds, and rewritten (atomically) only when
something changed; concurrent writers lose records, never correctness.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

from pytest_codehealth import __version__
from pytest_codehealth.core import recorder
from pytest_codehealth.core.digests import bulk
from pytest_codehealth.core.files import NotRegularFileError, read_regular
from pytest_codehealth.core.findings import FileResult, Finding, Identity, Measure
from pytest_codehealth.core.recorder import SETTLE_NS  # shared with the front door's memo
from pytest_codehealth.core.sealed import sealed, unsealed

CACHE_DIR = ".codehealth_cache"
_FIELDS = ("path", "line", "col", "code", "name", "message", "fingerprint", "end_line")
_FORMAT = "checksummed"  # in the key: entries of an older layout are misses, not notes
_HEAD = '{"sha256": "'  # an entry: this, 64 hex digits of the rest's SHA-256, `", `, the rest
INDEX = "index.marshal"  # beside the entries; a build writing another layout leaves it alone
_INDEX_HEAD = b"codehealth index, marshal 4, crc32\n"  # its body sealed by a CRC-32 (`core.sealed`)
# a run on few files (a hook's) reads each one and its entry rather than load an index this
# many times bigger than the files it checks (about 22 index records cost one file's read)
INDEX_BYTES_PER_FILE = 16_000
Signature = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns
DEPENDS_ON = "depends-on"  # as `engine.modules.DEPENDS_ON` (kept in the index, not the entry)
# a record: the signature, then these
_FINGERPRINT, _SHA256, _KEY, _FINDINGS, _DEPENDS, _MORE = range(5, 11)
_RECORD = 11
_DIGEST = 32  # hex digits of a file's digest kept, as `engine.modules.DIGEST`


class Cache:
    """Entries under `<root>/.codehealth_cache/<version>/`; every failure degrades to a miss."""

    def __init__(self, root: Path) -> None:
        self.top = root / CACHE_DIR
        self.folder = self.top / __version__
        recorder.home(self.folder)
        self._writable = True
        self.started = time.time_ns()  # before any file of this run is stat'ed
        self._index: dict[str, Any] | None = None  # the index as read, on first use
        self._fresh: dict[str, list[Any]] = {}  # this run's new or changed index records
        self._seen: set[str] = set()  # the files this run looked up

    @staticmethod
    def key(settings_fingerprint: str, display: str, data: bytes) -> str:
        digest = bulk()
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
            _write_sealed(entry, json.dumps(_document(result)))
        except OSError as exc:
            self._writable = False
            print(f"codehealth: note: cache disabled, cannot write {entry}: {exc}", file=sys.stderr)

    @staticmethod
    def signature(path: Path) -> Signature | None:
        """What the file system says of a regular file, to compare with the index."""
        try:
            info = os.stat(path)
        except OSError:
            recorder.stated(path, None)
            return None
        recorder.stated(path, info)  # a checked file: for the front door's memo
        if not stat.S_ISREG(info.st_mode):
            return None
        return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)

    def known(
        self, display: str, fingerprint: str, signature: Signature | None
    ) -> tuple[FileResult, tuple[str, str]] | None:
        """The indexed result, and the digest of the bytes and the entry's key, of a file
        whose stat and settings are as recorded; else None."""
        self._seen.add(display)
        record = _matching(self._loaded().get(display), fingerprint, signature)
        if record is None:
            return None
        try:
            stored = (_text(record[_SHA256]), _text(record[_KEY]))
            findings = [_finding(item) for item in record[_FINDINGS]]
        except (ValueError, TypeError, KeyError) as exc:
            self._index = {}
            self._note_corrupt_index(exc)
            return None
        facts = self._facts(record) if record[_MORE] else {}
        if facts is None:  # the entry holding them is gone: a miss, the file is read again
            return None
        if record[_DEPENDS] is not None:
            facts = {**facts, DEPENDS_ON: record[_DEPENDS]}
        return FileResult(findings, facts), stored

    def _facts(self, record: list[Any]) -> dict[str, Any] | None:
        """The whole-project facts of an indexed file, from its entry (None if it is gone)."""
        entry = self.get(record[_KEY]) if isinstance(record[_KEY], str) else None
        return entry.facts if entry is not None else None

    def worth_indexing(self, files: int) -> bool:
        """Is the index small enough, for a run on this many files, to load? (a missing one
        is: the run starts it)"""
        try:
            size = os.stat(self.folder / INDEX).st_size
        except OSError:
            return True
        return files * INDEX_BYTES_PER_FILE >= size

    def remember(
        self,
        display: str,
        fingerprint: str,
        signature: Signature | None,
        result: FileResult,
        stored: tuple[str, str],
    ) -> None:
        """Index a file's result, if its stat can be trusted next time (see `SETTLE_NS`);
        `stored` is the digest of its bytes and its entry's key."""
        if signature is None or signature[3] > self.started - SETTLE_NS:
            return
        findings = [_record(finding) for finding in result.findings]
        more = any(code != DEPENDS_ON for code in result.facts)
        depends = result.facts.get(DEPENDS_ON)
        digest, key = stored  # the key only when the entry holds more than the index
        record = [
            *signature,
            fingerprint,
            digest[:32],
            key if more else "",
            findings,
            depends,
            more,
        ]
        if self._loaded().get(display) != record:
            self._fresh[display] = record

    def save(self, walked: tuple[str, ...] = ()) -> None:
        """Write the index merged with this run's records, when that changes anything.

        `walked`: the displayed folders (`sub/`, `""` for the current one) this run listed
        whole; a record under one of them that the run did not look up is a file gone (or
        no longer checked), and is dropped.
        """
        if not self._writable or (self._index is None and not self._fresh):
            return  # the run did not look the index up, and has nothing for it
        loaded = self._loaded()
        merged = {**loaded, **self._fresh}
        for name in loaded:
            if name not in self._seen and name.startswith(walked):
                del merged[name]
        if len(merged) == len(loaded) and not self._fresh:
            return  # nothing new, nothing gone
        try:
            self._prepare(self.folder)
            _write_whole(self.folder / INDEX, sealed(_INDEX_HEAD, {"files": merged}))
        except OSError as exc:
            self._writable = False
            print(
                f"codehealth: note: cache disabled, cannot write {exc.filename}: {exc}",
                file=sys.stderr,
            )

    def _loaded(self) -> dict[str, Any]:
        if self._index is None:
            self._index = self._read_index()
        return self._index

    def _read_index(self) -> dict[str, Any]:
        """The index's records; a missing one is empty, a damaged one a note and empty."""
        try:
            raw = read_regular(self.folder / INDEX)
        except OSError:
            return {}
        try:
            files = _index_body(raw)["files"]
            if not isinstance(files, dict):
                raise TypeError("files must be an object")
        except (ValueError, TypeError, KeyError, EOFError) as exc:
            self._note_corrupt_index(exc)
            return {}
        return files

    def _note_corrupt_index(self, reason: object) -> None:
        index = self.folder / INDEX
        print(f"codehealth: note: ignoring corrupt cache index {index} ({reason})", file=sys.stderr)

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def holds(self, key: str) -> bool:
        """Is there an entry under `key` (not read: whether it is whole is `get`'s to say)?"""
        return self._entry(key).is_file()

    def ready(self) -> bool:
        """Can this run write beside the entries? (the folder made with its tag, unless a
        write already failed: then the run has said so once, and leaves the cache alone)"""
        if not self._writable:
            return False
        try:
            self._prepare(self.folder)
        except OSError:
            return False
        return True

    def side_folder(self, name: str) -> Path | None:
        """A folder beside the entries for another cache of ours; None when it cannot be made."""
        folder = self.folder / name
        try:
            self._prepare(folder)
        except OSError:
            return None
        return folder

    def _prepare(self, folder: Path) -> None:
        if not self.top.exists():
            self.top.mkdir(parents=True, exist_ok=True)
            (self.top / ".gitignore").write_text("# created by codehealth\n*\n")
            (self.top / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
        folder.mkdir(parents=True, exist_ok=True)


def _matching(record: Any, fingerprint: str, signature: Signature | None) -> list[Any] | None:
    """`record`, if it is an index record of a file with this stat, under these settings."""
    if signature is None or not isinstance(record, list) or len(record) != _RECORD:
        return None
    if record[:5] != list(signature) or record[_FINGERPRINT] != fingerprint:
        return None
    return record


def _result(raw: bytes) -> FileResult:
    """An entry's result, once its checksum and every field's type have been checked."""
    return _from_document(json.loads(_unsealed(raw)))


def _unsealed(raw: bytes) -> bytes:
    """The bytes of an entry or the index, once their checksum has been checked."""
    start = len(_HEAD) + 64
    if raw[: len(_HEAD)] != _HEAD.encode() or _digest(raw[start + 3 :]) != raw[len(_HEAD) : start]:
        raise ValueError("checksum mismatch")
    return raw


def _index_body(raw: bytes) -> Any:
    """The index's document, once its head and checksum have been checked (`core.sealed`)."""
    document = unsealed(_INDEX_HEAD, raw)
    if document is None:
        raise ValueError("checksum mismatch")
    return document


def _write_sealed(target: Path, document: str) -> None:
    """`document` (a JSON object) with its checksum in front, moved into place whole."""
    body = document[1:].encode()
    _write_whole(target, f'{_HEAD}{_digest(body).decode()}", '.encode() + body)


def _write_whole(target: Path, data: bytes) -> None:
    """`data` in a temporary file, then moved into place whole."""
    temporary = target.with_name(f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _document(result: FileResult) -> dict[str, Any]:
    return {"findings": [_record(finding) for finding in result.findings], "facts": result.facts}


def _from_document(document: Any) -> FileResult:
    findings = [_finding(item) for item in document["findings"]]
    facts = document["facts"]
    if not isinstance(facts, dict):
        raise TypeError("facts must be an object")
    return FileResult(findings, facts)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def bytes_digest(data: bytes) -> str:
    """The digest of a file's bytes, as the index and `depends-on` record it."""
    return bulk(data).hexdigest()


def _digest(body: bytes) -> bytes:
    """The checksum of an entry's content (the JSON after it, as bytes, in hex)."""
    return bulk(body).hexdigest().encode()


def _record(finding: Finding) -> dict[str, Any]:
    record: dict[str, Any] = {name: getattr(finding, name) for name in _FIELDS}
    if finding.measure is not None:
        measure = finding.measure
        record["measure"] = [measure.value, measure.limit, measure.unit]
    if finding.identity is not None:
        identity = finding.identity
        record["identity"] = [identity.symbol, identity.construct, identity.occurrence]
    if finding.related:  # a whole-project finding's other files
        record["related"] = list(finding.related)
    return record


def _finding(record: dict[str, Any]) -> Finding:
    values = {name: record[name] for name in _FIELDS}
    for name, value in values.items():
        expected = int if name in ("line", "col", "end_line") else str
        if not isinstance(value, expected):
            raise TypeError(f"{name} is not {expected.__name__}")
    related = record.get("related", [])
    if not (isinstance(related, list) and all(isinstance(path, str) for path in related)):
        raise TypeError("related must be a list of paths")
    return Finding(
        **values,
        measure=_measure(record.get("measure")),
        identity=_identity(values["path"], values["code"], record.get("identity")),
        related=tuple(related),
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
