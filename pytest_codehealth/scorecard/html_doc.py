"""Reading the scorecard document (schema 1) for the page: typed views, clear errors.

The page renders only from the document (a `dict` loaded from the JSON). A wrong type is a
`DocumentError` naming the key path (`rows[2].before`); a section that is absent is empty.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

SCHEMA = 1
Doc = Mapping[str, Any]


class DocumentError(ValueError):
    """The scorecard document is not one this page can render."""


def check_schema(doc: object) -> Doc:
    """The document itself, once its `schema` is one this page knows."""
    if not isinstance(doc, Mapping):
        raise DocumentError(f"scorecard document is a {_kind(doc)}, expected an object")
    if doc.get("schema") != SCHEMA:
        raise DocumentError(
            f"scorecard document has `schema` {doc.get('schema')!r} (this page reads {SCHEMA})"
        )
    return doc


def records(doc: Doc, key: str) -> list[Doc]:
    """The list of objects under `key` (empty when absent or null)."""
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"scorecard document: `{key}` is a {_kind(value)}, expected a list")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise DocumentError(
                f"scorecard document: `{key}[{index}]` is a {_kind(item)}, expected an object"
            )
    return value


def section(doc: Doc, key: str) -> Doc:
    """The object under `key` (empty when absent or null)."""
    value = doc.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise DocumentError(f"scorecard document: `{key}` is a {_kind(value)}, expected an object")
    return value


def number(record: Doc, key: str, where: str) -> float | None:
    """A number (or null) from a record; `where` names the record in an error."""
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DocumentError(
            f"scorecard document: `{where}.{key}` is a {_kind(value)}, expected a number"
        )
    return value


def text(record: Doc, key: str, default: str = "") -> str:
    """A value shown as text (anything but null is turned into a string)."""
    value = record.get(key)
    return default if value is None else str(value)


def names(value: object, where: str) -> list[str]:
    """A list of strings (a cycle's members, an edge, the hotspot paths)."""
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise DocumentError(f"scorecard document: `{where}` is a {_kind(value)}, expected a list")
    return [str(item) for item in value]


def mapping(value: object, where: str) -> dict[str, float]:
    """A `{name: number}` object (findings per gate, sizes per commit)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise DocumentError(
            f"scorecard document: `{where}` is a {_kind(value)}, expected an object"
        )
    return {str(key): got for key in value if (got := number(value, key, where)) is not None}


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


class FileRow(NamedTuple):
    """One checked file, as the treemap, the scatter and the files table read it."""

    path: str
    lines: float
    max_complexity: float
    findings: float
    churn: float | None
    hotspot: float | None


def files(doc: Doc) -> list[FileRow]:
    """The document's `files`, numbers checked (absent ones 0, churn and hotspot may be null)."""
    rows = []
    for index, record in enumerate(records(doc, "files")):
        where = f"files[{index}]"
        rows.append(
            FileRow(
                path=text(record, "path"),
                lines=number(record, "lines", where) or 0,
                max_complexity=number(record, "max_complexity", where) or 0,
                findings=number(record, "findings", where) or 0,
                churn=number(record, "churn", where),
                hotspot=number(record, "hotspot", where),
            )
        )
    return rows


class Imports(NamedTuple):
    """The import graph: modules with their fan-out, edges, cycles (lists of members)."""

    fan_out: dict[str, float]
    paths: dict[str, str]
    edges: list[tuple[str, str]]
    cycles: list[list[str]]


def imports(doc: Doc) -> Imports:
    """The document's `imports`, checked."""
    graph = section(doc, "imports")
    modules = records(graph, "modules")
    fan_out = {
        text(module, "name"): number(module, "fan_out", f"imports.modules[{index}]") or 0
        for index, module in enumerate(modules)
    }
    paths = {text(module, "name"): text(module, "path") for module in modules}
    edges = []
    for index, edge in enumerate(_items(graph.get("edges"), "imports.edges")):
        pair = names(edge, f"imports.edges[{index}]")
        if len(pair) != 2:
            raise DocumentError(
                f"scorecard document: `imports.edges[{index}]` is not a pair of module names"
            )
        edges.append((pair[0], pair[1]))
    cycles = [
        names(cycle, f"imports.cycles[{index}]")
        for index, cycle in enumerate(_items(graph.get("cycles"), "imports.cycles"))
    ]
    return Imports(fan_out, paths, edges, cycles)


def _items(value: object, where: str) -> list[object]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DocumentError(f"scorecard document: `{where}` is a {_kind(value)}, expected a list")
    return value
