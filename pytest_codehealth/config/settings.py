"""Frozen settings: what the config says, and what is in force for one file."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from pytest_codehealth.config.catalogue import CATALOGUE, RuleInfo
from pytest_codehealth.config.compat import CompatSettings
from pytest_codehealth.config.globs import Glob
from pytest_codehealth.config.schema import OptionSchema
from pytest_codehealth.config.selection import Layer, select_codes
from pytest_codehealth.core import recorder
from pytest_codehealth.core.digests import sha256
from pytest_codehealth.core.record import Record, field

# bytes: dense generated code of this size takes about 25 s and 0.8 GB (docs/benchmarks.md)
MAX_FILE_SIZE = 5_000_000


class PathOverride(NamedTuple):
    glob: Glob
    layer: Layer
    options: Mapping[str, Mapping[str, Any]]  # rule code -> {field: value}
    severity: Mapping[str, str]  # rule code -> level


class FileSettings(Record):
    """The rules and options in force for one file."""

    rules: tuple[tuple[RuleInfo, Any], ...]
    warnings: frozenset[str] = frozenset()  # codes reported as warnings: they never fail a run
    max_file_size: int | None = None  # bytes; a larger file is CH000, never read
    measure: bool = False  # also record the file's sizes and scores (`codehealth report`)

    @cached_property
    def codes(self) -> frozenset[str]:
        """The codes of the rules in force."""
        return frozenset(info.code for info, _ in self.rules)

    @cached_property
    def fingerprint(self) -> str:
        """A stable hash of the rules in force and their option values (for caches)."""
        payload: list[Any] = [[rule.code, _canonical(options)] for rule, options in self.rules]
        libraries = sorted({LIBRARY_OF[code] for code in self.codes if code in LIBRARY_OF})
        payload.extend(f"{name}=={library_version(name)}" for name in libraries)
        for name in libraries if recorder.armed() else ():
            recorder.seen(_installed_in(name))  # an install or removal there moves its mtime
        if self.measure:  # a measured result holds more facts: it is another entry
            payload.append("measure")
        text = json.dumps(payload, sort_keys=True, default=repr)
        return sha256(text.encode()).hexdigest()


# rules whose verdicts come from a library's code: its version keys their cached results
LIBRARY_OF = {"CH012": "radon", "CH030": "pylint"}


@functools.cache
def library_version(name: str) -> str:
    """The installed version of `name` ("absent" if it is not installed)."""
    from importlib import metadata  # noqa: PLC0415  # only when such a rule is selected

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def _installed_in(name: str) -> str:
    """The folder `name`'s metadata is installed in (`-` if it is not installed)."""
    from importlib import metadata  # noqa: PLC0415  # only when such a rule is selected

    try:
        return str(metadata.distribution(name).locate_file(""))
    except metadata.PackageNotFoundError:
        return "-"


def _canonical(value: Any) -> Any:
    """JSON-ready data that does not depend on set order or hash seeds."""
    fields = _fields(value)
    if fields is not None:
        return {name: _canonical(item) for name, item in fields.items()}
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, set | frozenset | list | tuple):
        return _canonical_items(value)
    return _scalar(value)


def _fields(value: Any) -> dict[str, Any] | None:
    """The fields of an options record (ours, or a plain dataclass), by name; else None."""
    if isinstance(value, OptionSchema):
        return value.as_dict()
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return {name: getattr(value, name) for name in value.__dataclass_fields__}
    return None


def _canonical_items(value: set[Any] | frozenset[Any] | list[Any] | tuple[Any, ...]) -> Any:
    """A collection's items, canonical; a set's in an order that no hash seed decides."""
    items = [_canonical(item) for item in value]
    return sorted(items, key=repr) if isinstance(value, set | frozenset) else items


def _scalar(value: Any) -> Any:
    return value if value is None or isinstance(value, str | int | float | bool) else repr(value)


class Settings(Record):
    root: Path
    source: str | None = None
    selected: frozenset[str] = frozenset(rule.code for rule in CATALOGUE if rule.default)
    options: Mapping[str, Any] = field(default_factory=dict)  # code -> Options
    exclude: tuple[Glob, ...] = ()
    paths: tuple[str, ...] = ()
    per_path: tuple[PathOverride, ...] = ()
    cli_layers: tuple[Layer, ...] = ()  # kept to have the last word over per-path tables
    cli_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    warnings: frozenset[str] = frozenset()
    baseline: Path | None = None
    compat: CompatSettings = field(default_factory=CompatSettings)
    config_file: Path | None = None  # None: defaults and flags only
    max_file_size: int = MAX_FILE_SIZE
    measure: bool = False  # see FileSettings.measure
    _memo: dict[tuple[int, ...], FileSettings] = field(
        default_factory=dict, compare=False, repr=False
    )

    def for_parts(self, parts: tuple[str, ...]) -> FileSettings:
        """Effective rules for a file, given its path components relative to `root`."""
        matched = tuple(i for i, item in enumerate(self.per_path) if item.glob.matches(parts))
        if matched not in self._memo:
            self._memo[matched] = self._resolve([self.per_path[i] for i in matched])
        return self._memo[matched]

    def _resolve(self, overrides: list[PathOverride]) -> FileSettings:
        options, warnings = dict(self.options), set(self.warnings)
        for override in overrides:
            for code, values in override.options.items():
                options[code] = options[code].replace(**values)
            for code, level in override.severity.items():
                (warnings.add if level == "warning" else warnings.discard)(code)
        layers = [override.layer for override in overrides]
        selected = self.selected
        if layers:
            selected = _limit(select_codes(CATALOGUE, selected, layers), self.cli_layers)
            for code, values in self.cli_options.items():
                options[code] = options[code].replace(**values)
        return FileSettings(
            tuple((rule, options[rule.code]) for rule in CATALOGUE if rule.code in selected),
            frozenset(warnings),
            self.max_file_size,
            self.measure,
        )

    def excluded(self, parts: tuple[str, ...]) -> bool:
        return any(glob.matches(parts) for glob in self.exclude)


def _limit(codes: frozenset[str], cli: Sequence[Layer]) -> frozenset[str]:
    """The command line bounds what per-path tables add (`--select CH001` runs one gate)."""
    limited = set(codes)
    for layer in cli:
        if layer.select is not None:
            limited &= {*layer.select, *layer.extend_select}
        limited.difference_update(layer.ignore)
    return frozenset(limited)
