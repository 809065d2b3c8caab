"""`[tool.codehealth.compat]`: where the old API comes from and how strict the checks are.

```toml
[tool.codehealth.compat]
ref = "v1.4.0"                      # or --codehealth-compat-ref; modules split since then
ref-modules = ["pkg.legacy"]        # also read at `ref` (e.g. modules deleted since)
source-roots = ["src"]              # folders that are not part of dotted names
snapshot-dir = ".codehealth/api"    # where `codehealth snapshot` writes, the plugin reads
patch-targets = "warn"              # or "error": stale mock.patch("pkg.mod.name") strings

[tool.codehealth.compat.modules]
"pkg.redis_cache" = ["RedisCache", "connect"]
```
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, cast

from pytest_codehealth.config.wording import toml, unknown_key
from pytest_codehealth.core.record import Record, field

KEYS = ("ref", "ref-modules", "source-roots", "snapshot-dir", "patch-targets", "modules")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")


class CompatConfigError(ValueError):
    """A bad value under `compat`; `key` is the dotted key below `compat`."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key, self.reason = key, reason


class CompatSettings(Record):
    ref: str | None = None
    modules: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ref_modules: tuple[str, ...] = ()
    source_roots: tuple[str, ...] = ("src",)
    snapshot_dir: str = ".codehealth/api"
    patch_targets: Literal["warn", "error"] = "warn"


def parse_compat(raw: Any) -> CompatSettings:
    """Validate the `compat` table; every problem names its key."""
    if not isinstance(raw, dict):
        raise CompatConfigError("compat", f"expected a table, got {toml(raw)}")
    for key in raw:
        if key not in KEYS:
            raise CompatConfigError(f"compat.{key}", unknown_key(key, KEYS))
    ref = raw.get("ref")
    if ref is not None and (not isinstance(ref, str) or not ref.strip()):
        raise CompatConfigError("compat.ref", f"expected a git revision, got {toml(ref)}")
    patch = raw.get("patch-targets", "warn")
    if patch not in ("warn", "error"):
        raise CompatConfigError(
            "compat.patch-targets", f'expected "warn" or "error", got {toml(patch)}'
        )
    snapshot_dir = raw.get("snapshot-dir", ".codehealth/api")
    if not isinstance(snapshot_dir, str) or not snapshot_dir:
        raise CompatConfigError(
            "compat.snapshot-dir", f"expected a folder, got {toml(snapshot_dir)}"
        )
    return CompatSettings(
        ref=ref,
        modules=_modules(raw.get("modules", {})),
        ref_modules=tuple(_dotted(raw.get("ref-modules", []), "compat.ref-modules")),
        source_roots=tuple(_strings(raw.get("source-roots", ["src"]), "compat.source-roots")),
        snapshot_dir=snapshot_dir,
        patch_targets=cast(Literal["warn", "error"], patch),
    )


def _modules(raw: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise CompatConfigError("compat.modules", f"expected a table, got {toml(raw)}")
    modules = {}
    for module, names in raw.items():
        key = f'compat.modules."{module}"'
        if not _DOTTED.fullmatch(module):
            raise CompatConfigError(key, "expected a dotted module name")
        listed = _strings(names, key)
        bad = [name for name in listed if not name.isidentifier()]
        if bad:
            raise CompatConfigError(key, f"not a Python name: {toml(bad[0])}")
        modules[module] = tuple(listed)
    return modules


def _dotted(raw: Any, key: str) -> list[str]:
    names = _strings(raw, key)
    bad = [name for name in names if not _DOTTED.fullmatch(name)]
    if bad:
        raise CompatConfigError(key, f"not a dotted module name: {toml(bad[0])}")
    return names


def _strings(raw: Any, key: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise CompatConfigError(key, f"expected a list of strings, got {toml(raw)}")
    return raw
