"""SHA-256 without loading OpenSSL into every process that checks files.

`hashlib` imports `_hashlib`, which maps OpenSSL's `libcrypto`: about 3.5 MiB of resident
memory in each process, more than a small file's tree. Fingerprints, fingerprints of settings
and the digests of the modules a check reads are short or few: CPython's own SHA-256 (the same
digests, no OpenSSL) serves them (`sha256`). Whole files hashed for the cache's keys, in the
process that keeps the cache, use OpenSSL's faster code, loaded on the first call (`bulk`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import import_module
from typing import Protocol, cast

_OWN = "_sha2" if sys.version_info >= (3, 12) else "_sha256"  # CPython's own SHA-256


class Hash(Protocol):
    def update(self, data: bytes, /) -> object: ...

    def hexdigest(self) -> str: ...


Constructor = Callable[[bytes], Hash]


def _own() -> Constructor:
    """CPython's built-in SHA-256, else `hashlib`'s (a build without it)."""
    try:
        return cast("Constructor", import_module(_OWN).sha256)
    except ImportError:  # a Python built without its own hashes: OpenSSL's, then
        return bulk


def sha256(data: bytes = b"") -> Hash:
    """A SHA-256 hash of `data` (to `update` further), computed without OpenSSL."""
    return _SHA256(data)


def bulk(data: bytes = b"") -> Hash:
    """A SHA-256 hash of `data` by OpenSSL (`hashlib`), for whole files hashed in bulk."""
    import hashlib  # noqa: PLC0415  # maps libcrypto: only in a process that hashes files

    return hashlib.sha256(data)


_SHA256 = _own()  # after `bulk`: its fallback
