"""The page's tables: every number of the scorecard, readable without a plot or a script.

Every value from the document is escaped here (`cell`); only markup built by this module
(`Raw`) passes as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from pytest_codehealth.scorecard.html_doc import (
    Doc,
    FileRow,
    Imports,
    mapping,
    names,
    number,
    records,
    text,
)

MARKERS = {"improved": "improved", "worse": "worse", "same": "same", "new": "new"}
HOTSPOT_ROWS = 20
SHOWN_PROBLEMS = 3
BACKTICKED = re.compile(r"`([^`]+)`")


class Raw(str):
    """Markup made by this module: not escaped again."""

    __slots__ = ()


def fmt(value: object) -> str:
    """A number as the page shows it: integers plain, other floats to one decimal."""
    if value is None:
        return "\u2014"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    return str(value)


def signed(value: float | None) -> str:
    """A delta with its sign: `+3`, `-8`, `0`."""
    if value is None:
        return "\u2014"
    return f"+{fmt(value)}" if value > 0 else fmt(value)


def cell(value: object) -> str:
    """One cell's content, escaped unless it is our own markup."""
    return (
        value if isinstance(value, Raw) else escape(value if isinstance(value, str) else fmt(value))
    )


def table(name: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A table with an id (`table-<name>`) and a header row; numbers right-aligned."""
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    body = "".join("<tr>" + "".join(_td(value) for value in row) + "</tr>" for row in rows)
    return f'<table id="table-{name}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _td(value: object) -> str:
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    return f'<td class="num">{cell(value)}</td>' if numeric else f"<td>{cell(value)}</td>"


def gates(doc: Doc) -> str:
    """Per gate: findings now, how many the baseline holds back, pass or fail."""
    rows = []
    for index, gate in enumerate(records(doc, "gates")):
        where = f"gates[{index}]"
        passed = gate.get("passed")
        verdict = Raw(
            '<span class="pass">pass</span>' if passed else '<span class="fail">fail</span>'
        )
        rows.append(
            (
                text(gate, "code"),
                text(gate, "name"),
                _num(number(gate, "findings", where)),
                _num(number(gate, "baselined", where)),
                verdict,
            )
        )
    return table("gates", ("code", "gate", "findings", "baselined", "result"), rows)


def before_after(doc: Doc) -> str:
    """The before -> after rows, each with its delta and an up/down marker."""
    rows = []
    for index, row in enumerate(records(doc, "rows")):
        where = f"rows[{index}]"
        delta = number(row, "delta", where)
        rows.append(
            (
                text(row, "label", text(row, "key")),
                _num(number(row, "before", where)),
                _num(number(row, "after", where)),
                Raw(f'<span class="num">{escape(signed(delta))}</span>'),
                _marker(text(row, "trend"), delta),
            )
        )
    return table("before-after", ("measure", "before", "after", "delta", "trend"), rows)


def _marker(trend: str, delta: float | None) -> Raw:
    arrow = "\u25b2" if delta and delta > 0 else "\u25bc" if delta and delta < 0 else "="
    kind = MARKERS.get(trend, "same")
    return Raw(f'<span class="{kind}">{arrow} {escape(trend or "same")}</span>')


def compat(doc: Doc) -> str:
    """Modules that became packages since the ref, and whether their old API still holds."""
    rows = []
    for index, entry in enumerate(records(doc, "compat")):
        where = f"compat[{index}]"
        rows.append(
            (
                text(entry, "module"),
                text(entry, "status"),
                problems(names(entry.get("problems"), f"{where}.problems")),
                problems(names(entry.get("warnings"), f"{where}.warnings")),
            )
        )
    return table("compat", ("module", "status", "problems", "warnings"), rows)


def problems(found: Sequence[str]) -> Raw:
    """A module's compat problems (or warnings): the first few listed, the rest folded away."""
    if not found:
        return Raw("")
    shown = _items(found[:SHOWN_PROBLEMS])
    if len(found) <= SHOWN_PROBLEMS:
        return Raw(shown)
    rest = f"{len(found) - SHOWN_PROBLEMS} more"
    return Raw(
        f"{shown}<details><summary>{rest}</summary>{_items(found[SHOWN_PROBLEMS:])}</details>"
    )


def _items(found: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{code(item)}</li>" for item in found) + "</ul>"


def code(message: str) -> str:
    """A message escaped, its `backticked` names set as code (as our messages write them)."""
    return BACKTICKED.sub(r"<code>\1</code>", escape(message))


def file_table(files: Sequence[FileRow]) -> str:
    """Every checked file, largest first."""
    ordered = sorted(files, key=lambda row: (-row.lines, row.path))
    rows = [
        (row.path, row.lines, row.max_complexity, row.findings, _num(row.churn), _num(row.hotspot))
        for row in ordered
    ]
    return table(
        "files", ("file", "lines", "worst complexity", "findings", "churn", "hotspot"), rows
    )


def hotspot_table(files: Sequence[FileRow], ranked: Sequence[str]) -> str:
    """The best refactoring candidates first, as the document ranks them."""
    by_path = {row.path: row for row in files}
    rows = [
        (rank, path, _num(row.churn), row.max_complexity, row.lines, _num(row.hotspot))
        for rank, path in enumerate(ranked[:HOTSPOT_ROWS], start=1)
        if (row := by_path.get(path)) is not None
    ]
    return table("hotspots", ("#", "file", "churn", "worst complexity", "lines", "score"), rows)


def cycle_table(graph: Imports) -> str:
    """Each import cycle: its size and members."""
    rows = [
        (index, len(cycle), ", ".join(cycle)) for index, cycle in enumerate(graph.cycles, start=1)
    ]
    return table("cycles", ("#", "modules", "members"), rows)


def module_table(graph: Imports) -> str:
    """Every module: its file, fan-out, and whether it sits in a cycle."""
    cyclic = {member for cycle in graph.cycles for member in cycle}
    rows = [
        (name, graph.paths.get(name, ""), fan_out, "yes" if name in cyclic else "")
        for name, fan_out in sorted(graph.fan_out.items(), key=lambda item: (-item[1], item[0]))
    ]
    return table("modules", ("module", "file", "fan-out", "in a cycle"), rows)


def trend_table(doc: Doc) -> str:
    """One row per commit, oldest first: findings per gate, then the sizes."""
    commits = records(doc, "trend")
    findings = [
        mapping(entry.get("findings"), f"trend[{index}].findings")
        for index, entry in enumerate(commits)
    ]
    sizes = [
        mapping(entry.get("sizes"), f"trend[{index}].sizes") for index, entry in enumerate(commits)
    ]
    gate_keys = sorted({key for point in findings for key in point})
    size_keys = sorted({key for point in sizes for key in point})
    rows = [
        (
            text(entry, "commit")[:10],
            text(entry, "date"),
            text(entry, "subject"),
            *(_num(found.get(key)) for key in gate_keys),
            *(_num(size.get(key)) for key in size_keys),
        )
        for entry, found, size in zip(commits, findings, sizes, strict=True)
    ]
    return table("trend", ("commit", "date", "subject", *gate_keys, *size_keys), rows)


def tools(doc: Doc) -> str:
    """The other gates the team runs: totals now and at the ref, by rule prefix."""
    rows = []
    for index, tool in enumerate(records(doc, "tools")):
        now, since = tool.get("now"), tool.get("since")
        rows.append(
            (
                text(tool, "name"),
                _total(now, f"tools[{index}].now"),
                _total(since, f"tools[{index}].since"),
                _prefixes(now, f"tools[{index}].now"),
                _prefixes(since, f"tools[{index}].since"),
            )
        )
    headers = ("tool", "now", "at the ref", "now by prefix", "at the ref by prefix")
    return table("tools", headers, rows)


def _total(result: object, where: str) -> Raw | float:
    if not isinstance(result, dict):
        return Raw("\u2014")
    return _num(number(result, "total", where))


def _prefixes(result: object, where: str) -> str:
    if not isinstance(result, dict):
        return ""
    counts = mapping(result.get("by_prefix"), f"{where}.by_prefix")
    return ", ".join(f"{prefix} {fmt(count)}" for prefix, count in sorted(counts.items()))


def _num(value: float | None) -> Raw | float:
    """A number cell, or a dash for null (kept right-aligned)."""
    return Raw('<span class="none">\u2014</span>') if value is None else value
