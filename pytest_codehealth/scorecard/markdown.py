"""The scorecard as GitHub-flavoured Markdown: for a PR comment and `$GITHUB_STEP_SUMMARY`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MAX_HOTSPOTS = 10
MARKERS = {"improved": "↓", "worse": "↑", "same": "=", "new": "new"}


def render(doc: dict[str, Any]) -> str:
    """Headline, gates, before/after, compat, hotspots, trend, other tools, notes."""
    sections = [
        _headline(doc),
        _gates(doc["gates"]),
        _rows(doc["rows"], doc["since"]),
        _compat(doc["compat"]),
        _hotspots(doc),
        _trend(doc["trend"]),
        _tools(doc["tools"]),
        _notes(doc["notes"]),
    ]
    return "\n".join(section for section in sections if section)


def _table(header: Sequence[str], align: str, body: list[list[Any]]) -> str:
    """A GFM table; `align` has one letter per column: l(eft) or r(ight)."""
    rule = ["---:" if letter == "r" else "---" for letter in align]
    lines = [header, rule, *([_cell(value) for value in row] for row in body)]
    return "".join(f"| {' | '.join(line)} |\n" for line in lines)


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _short(commit: str | None) -> str:
    return f" (`{commit[:10]}`)" if commit else ""


def _headline(doc: dict[str, Any]) -> str:
    failed = [gate for gate in doc["gates"] if not gate["passed"]]
    verdict = f"{len(failed)} of {len(doc['gates'])} gates fail" if failed else "all gates pass"
    now = f"working tree{_short(doc['now']['commit'])}"
    since = doc["since"]
    against = f" against `{since['ref']}`{_short(since['commit'])}" if since else ""
    return f"## codehealth scorecard\n\n{now}{against}: {verdict}\n"


def _gates(gates: list[dict[str, Any]]) -> str:
    body = [
        [f"{g['code']} `{g['name']}`", g["findings"], g["baselined"], _status(g["passed"])]
        for g in gates
    ]
    return "### Gates\n\n" + _table(["Gate", "Findings", "Baselined", "Status"], "lrrl", body)


def _status(passed: bool) -> str:
    return "✅ pass" if passed else "❌ fail"


def _rows(rows: list[dict[str, Any]], since: dict[str, Any] | None) -> str:
    body = [[r["label"], r["before"], r["after"], _change(r)] for r in rows]
    title = f"### Before → after (since `{since['ref']}`)" if since else "### Now"
    return f"{title}\n\n" + _table(["Measure", "Before", "After", "Change"], "lrrl", body)


def _change(row: dict[str, Any]) -> str:
    trend = row["trend"]
    if row["delta"] is None or trend == "new":
        return MARKERS.get(trend, trend) if row["after"] is not None else ""
    if trend == "same":
        return "="
    return f"{MARKERS[trend]} {row['delta']:+d} ({trend})"


def _compat(compat: list[dict[str, Any]]) -> str:
    if not compat:
        return ""
    body = [[f"`{c['module']}`", c["status"], "; ".join(c["problems"])] for c in compat]
    return "### Backward compatibility\n\n" + _table(["Module", "Status", "Problems"], "lll", body)


def _hotspots(doc: dict[str, Any]) -> str:
    files = {item["path"]: item for item in doc["files"]}
    body = [
        [
            f"`{path}`",
            files[path]["churn"],
            files[path]["max_complexity"],
            files[path]["lines"],
            files[path]["findings"],
        ]
        for path in doc["hotspots"][:MAX_HOTSPOTS]
    ]
    if not body:
        return ""
    header = ["File", "Commits", "Max complexity", "Lines", "Findings"]
    return "### Hotspots (commits times worst complexity)\n\n" + _table(header, "lrrrr", body)


def _trend(trend: list[dict[str, Any]]) -> str:
    if not trend:
        return ""
    codes = sorted({code for point in trend for code in point["findings"]})
    header = ["Commit", "Subject", "Files", "Lines", "Over limit", "Max cc", *codes]
    body = [
        [
            f"`{point['commit'][:10]}`",
            point["subject"][:60],
            point["sizes"]["files"],
            point["sizes"]["lines"],
            point["sizes"]["files_over_limit"],
            point["sizes"]["max_complexity"],
            *(point["findings"].get(code, 0) for code in codes),
        ]
        for point in trend
    ]
    return f"### Trend (last {len(trend)} commits)\n\n" + _table(
        header, "llrrrr" + "r" * len(codes), body
    )


def _tools(tools: list[dict[str, Any]]) -> str:
    if not tools:
        return ""
    body = [[tool["name"], _counts(tool["now"]), _counts(tool["since"])] for tool in tools]
    return "### Other tools\n\n" + _table(["Tool", "Now", "Since"], "lll", body)


def _counts(result: dict[str, Any] | None) -> str | None:
    if result is None:
        return None
    prefixes = result.get("by_prefix") or {}
    detail = ", ".join(f"{prefix} {count}" for prefix, count in sorted(prefixes.items()))
    return f"{result['total']} ({detail})" if detail else str(result["total"])


def _notes(notes: list[str]) -> str:
    return "".join(f"- {note}\n" for note in notes) if notes else ""
