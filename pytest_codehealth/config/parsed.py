"""Config files parsed once per content: `tomllib` (and the regexes it compiles at import, about
8 ms of CPU) only for bytes no earlier run parsed.

The document parsed from a config file's bytes is kept with those bytes in the cache folder of
the config's project (`.codehealth_cache/<version>/toml.marshal`, a `marshal` file after its
CRC-32, written only when that folder exists: the run's cache makes it). A run whose config
holds the same bytes, compared whole, takes the document as it was parsed. A document `marshal`
cannot hold (TOML dates and times) is parsed every run; a damaged file is an empty one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pytest_codehealth import __version__
from pytest_codehealth.core.files import read_regular
from pytest_codehealth.core.sealed import sealed, unsealed

PARSED = "toml.marshal"
CACHE_DIR = ".codehealth_cache"  # as `engine.cache.CACHE_DIR` (tests/test_config_parsed.py)
KEPT = 4  # config files per project (a pyproject.toml, and a few given with `--config`)
_HEAD = b"codehealth parsed toml, marshal 4, crc32\n"


def known(path: os.PathLike[str], data: bytes) -> dict[str, Any] | None:
    """The document parsed from `data` by an earlier run, if it kept one for this file."""
    found = _read(_file(path)).get(os.fspath(path))
    if isinstance(found, tuple) and len(found) == 2 and found[0] == data:
        document = found[1]
        return document if isinstance(document, dict) else None
    return None


def keep(path: os.PathLike[str], data: bytes, document: dict[str, Any]) -> None:
    """Keep the document parsed from `data` for the next run, when the cache folder exists."""
    file = _file(path)
    if not os.path.isdir(os.path.dirname(file)):
        return
    documents = {name: item for name, item in _read(file).items() if name != os.fspath(path)}
    documents[os.fspath(path)] = (data, document)
    try:
        written = sealed(_HEAD, dict(list(documents.items())[-KEPT:]))
    except ValueError:  # a date or time: parsed again next time
        return
    temporary = f"{file}.tmp-{os.getpid()}-{os.urandom(6).hex()}"
    try:
        with open(temporary, "wb") as stream:
            stream.write(written)
        os.replace(temporary, file)
    except OSError:  # only speed is lost
        _remove(temporary)


def _file(path: os.PathLike[str]) -> str:
    folder = os.path.dirname(os.path.realpath(path))
    return os.path.join(folder, CACHE_DIR, __version__, PARSED)


def _read(file: str) -> dict[str, Any]:
    try:
        raw = read_regular(Path(file))  # a FIFO in its place must not block the run
    except OSError:
        return {}
    documents = unsealed(_HEAD, raw)
    return documents if isinstance(documents, dict) else {}


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:  # never made, or moved into place
        return
