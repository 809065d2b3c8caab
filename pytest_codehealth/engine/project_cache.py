"""The whole-project pass, served from the cache when no file of the project changed.

The pass's findings depend on each project file's facts (made from its bytes under its
settings), its displayed path and folder parts, its lines (suppressions), and the project
rules' options: the key digests all of these, with each file's bytes by their digest (the
index's or the one taken when the file was read). A file whose digest is unknown (one that
could not be read) leaves the pass uncached.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from pytest_codehealth import __version__
from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.config.settings import FileSettings, Settings
from pytest_codehealth.core.digests import sha256
from pytest_codehealth.engine.discovery import Target

DIGEST = 32  # hex digits of a file's digest kept, as the index keeps them


def project_key(
    settings: Settings, targets: Sequence[Target], digests: Mapping[str, str]
) -> str | None:
    """The cache key of the whole-project pass over `targets`, or None if a file's digest
    is unknown."""
    key = sha256(f"{__version__}\0project\0{_options(settings)}\n".encode())
    for target in targets:
        line = _file_line(settings, target, digests.get(target.display))
        if line is None:
            return None
        key.update(line)
    return key.hexdigest()


def _options(settings: Settings) -> str:
    """The fingerprint of the selected project rules and their options."""
    whole = [info for info in CATALOGUE if info.whole_project]
    rules = [
        (info, settings.options[info.code]) for info in whole if info.code in settings.selected
    ]
    return FileSettings(tuple(rules)).fingerprint


def _file_line(settings: Settings, target: Target, digest: str | None) -> bytes | None:
    """What the key holds of one file: path, folder parts, settings and bytes."""
    if digest is None:
        return None
    fingerprint = settings.for_parts(target.parts).fingerprint
    line = json.dumps([target.display, list(target.parts), fingerprint, digest[:DIGEST]])
    return line.encode("utf-8", "surrogatepass") + b"\n"
