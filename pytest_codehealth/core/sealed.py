"""A `marshal` document sealed by a head and a CRC-32: how the cache keeps what it reads back
on the warm path (the stat index, the kept walks, the parsed config files).

The layout is the head (which names the kind and the `marshal` version), the body's CRC-32 in
eight hex digits and a newline, then the body. A document is loaded only when its head is the
one asked for and its checksum holds: `marshal` builds anything from bytes we did not write,
and a torn or damaged file must read as absent, never as a wrong document. CRC-32 needs no
`hashlib` (OpenSSL), which a warm run does not otherwise load.
"""

from __future__ import annotations

import marshal
import zlib
from typing import Any

MARSHAL_VERSION = 4  # the newest every Python we support reads and writes


def sealed(head: bytes, document: Any) -> bytes:
    """The bytes of `document` under `head` (ValueError for what `marshal` cannot hold)."""
    body = marshal.dumps(document, MARSHAL_VERSION)
    return head + b"%08x\n" % zlib.crc32(body) + body


def unsealed(head: bytes, raw: bytes) -> object | None:
    """The document `sealed(head, ...)` wrote, or None when `raw` is not one whole."""
    start = len(head) + 9
    if raw[: len(head)] != head or raw[len(head) : start] != b"%08x\n" % zlib.crc32(raw[start:]):
        return None
    try:
        document: object = marshal.loads(raw[start:])
    except (EOFError, ValueError, TypeError):  # sealed, yet not a document: not ours
        return None
    return document
