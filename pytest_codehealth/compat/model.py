"""The old public API of a module, as data: names, kinds, signatures, `__all__`; JSON both ways."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

SCHEMA_VERSION = 1
POSITIONAL_ONLY, POSITIONAL = "positional-only", "positional-or-keyword"
VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD = "var-positional", "keyword-only", "var-keyword"
KINDS = (POSITIONAL_ONLY, POSITIONAL, VAR_POSITIONAL, KEYWORD_ONLY, VAR_KEYWORD)
METHOD, STATIC_METHOD, CLASS_METHOD = "method", "staticmethod", "classmethod"


class ApiFormatError(ValueError):
    """A snapshot file that does not hold an API record."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # one of KINDS
    default: str | None = None  # the default's source text; None when required

    def render(self) -> str:
        prefix = {VAR_POSITIONAL: "*", VAR_KEYWORD: "**"}.get(self.kind, "")
        return f"{prefix}{self.name}" + ("" if self.default is None else f"={self.default}")


@dataclass(frozen=True)
class Signature:
    params: tuple[Param, ...]

    def render(self) -> str:
        parts: list[str] = []
        previous: str | None = None
        for param in self.params:
            parts += [*_separators(previous, param.kind), param.render()]
            previous = param.kind
        return f"({', '.join([*parts, *_separators(previous, None)])})"


def _separators(previous: str | None, kind: str | None) -> list[str]:
    """`/` after the positional-only parameters, `*` before keyword-only ones."""
    marks = []
    if previous == POSITIONAL_ONLY and kind != POSITIONAL_ONLY:
        marks.append("/")
    if kind == KEYWORD_ONLY and previous not in (KEYWORD_ONLY, VAR_POSITIONAL):
        marks.append("*")
    return marks


@dataclass(frozen=True)
class Name:
    """One public name: what it was (function, class, variable, module, import, unknown)."""

    name: str
    kind: str = "unknown"
    signature: Signature | None = None
    methods: Mapping[str, Signature] = field(default_factory=dict)
    method_kinds: Mapping[str, str] = field(default_factory=dict)  # static/class methods only

    def method_kind(self, method: str) -> str:
        return self.method_kinds.get(method, METHOD)


@dataclass(frozen=True)
class ModuleApi:
    """The public API a module had, and where that record came from."""

    module: str
    names: tuple[Name, ...]
    all: tuple[str, ...] | None = None
    outside_all: tuple[str, ...] = ()  # public-looking names the old module left out of __all__
    runs_as_script: bool = False
    origin: str = ""

    def name(self, key: str) -> Name | None:
        return next((item for item in self.names if item.name == key), None)


def merge(apis: Iterable[ModuleApi]) -> ModuleApi:
    """One record from several sources of the same module; the first that knows a name wins."""
    records = list(apis)
    names = _merged_names(records)
    return replace(
        records[0],
        names=tuple(names.values()),
        all=next((api.all for api in records if api.all is not None), None),
        outside_all=tuple(sorted({n for api in records for n in api.outside_all} - set(names))),
        runs_as_script=any(api.runs_as_script for api in records),
        origin="; ".join(dict.fromkeys(api.origin for api in records if api.origin)),
    )


def _merged_names(records: list[ModuleApi]) -> dict[str, Name]:
    names: dict[str, Name] = {}
    for item in (item for api in records for item in api.names):
        known = names.get(item.name)
        if known is None or known.kind == "unknown":
            names[item.name] = item if known is None or item.kind != "unknown" else known
    return names


def to_json(api: ModuleApi) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "module": api.module,
        "all": None if api.all is None else list(api.all),
        "outside_all": list(api.outside_all),
        "runs_as_script": api.runs_as_script,
        "names": {item.name: _name_json(item) for item in api.names},
    }


def _name_json(item: Name) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": item.kind}
    if item.signature is not None:
        data["signature"] = _signature_json(item.signature)
    if item.methods:
        data["methods"] = {key: _signature_json(sig) for key, sig in sorted(item.methods.items())}
    if item.method_kinds:
        data["method_kinds"] = dict(sorted(item.method_kinds.items()))
    return data


def _signature_json(signature: Signature) -> list[dict[str, Any]]:
    return [
        {"name": p.name, "kind": p.kind, **({} if p.default is None else {"default": p.default})}
        for p in signature.params
    ]


def from_json(data: Any, origin: str) -> ModuleApi:
    """Read a snapshot; anything malformed is an ApiFormatError saying what."""
    if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION:
        raise ApiFormatError(f"not a version {SCHEMA_VERSION} API snapshot")
    module, names, all_names = data.get("module"), data.get("names"), data.get("all")
    if not isinstance(module, str) or not isinstance(names, dict):
        raise ApiFormatError("expected `module` (a string) and `names` (an object)")
    return ModuleApi(
        module=module,
        names=tuple(_name(key, value) for key, value in names.items()),
        all=None if all_names is None else tuple(_strings(all_names, "all")),
        outside_all=tuple(_strings(data.get("outside_all", []), "outside_all")),
        runs_as_script=data.get("runs_as_script") is True,
        origin=origin,
    )


def _name(key: str, value: Any) -> Name:
    if not isinstance(value, dict) or not isinstance(value.get("kind"), str):
        raise ApiFormatError(f"names.{key}: expected an object with a `kind`")
    raw_sig, raw_methods = value.get("signature"), value.get("methods", {})
    if not isinstance(raw_methods, dict):
        raise ApiFormatError(f"names.{key}.methods: expected an object")
    return Name(
        key,
        value["kind"],
        None if raw_sig is None else _signature(raw_sig, f"names.{key}.signature"),
        {m: _signature(sig, f"names.{key}.methods.{m}") for m, sig in raw_methods.items()},
        _method_kinds(value.get("method_kinds", {}), f"names.{key}.method_kinds"),
    )


def _method_kinds(raw: Any, where: str) -> dict[str, str]:
    kinds = (STATIC_METHOD, CLASS_METHOD)
    if not isinstance(raw, dict) or not all(kind in kinds for kind in raw.values()):
        raise ApiFormatError(f'{where}: expected an object of "staticmethod" or "classmethod"')
    return raw


def _signature(raw: Any, where: str) -> Signature:
    if not isinstance(raw, list):
        raise ApiFormatError(f"{where}: expected a list of parameters")
    params = []
    for item in raw:
        if not (isinstance(item, dict) and isinstance(item.get("name"), str)):
            raise ApiFormatError(f"{where}: expected parameters with a `name`")
        if item.get("kind") not in KINDS:
            raise ApiFormatError(f"{where}: unknown parameter kind {item.get('kind')!r}")
        default = item.get("default")
        params.append(Param(item["name"], item["kind"], None if default is None else str(default)))
    return Signature(tuple(params))


def _strings(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ApiFormatError(f"{where}: expected a list of strings")
    return raw
