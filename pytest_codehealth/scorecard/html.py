"""The scorecard as one self-contained HTML page: tables for every number, plots beside them.

`render(doc)` reads only the scorecard document (schema 1). The page opens offline: its
style is inline, its plots are inline SVG, it loads no script, font, image or stylesheet
from anywhere. Without JavaScript nothing is lost (there is none); every plot's numbers are
in a table next to it. The plots need the `report` extra (`MissingExtra` names it).
"""

from __future__ import annotations

from html import escape

from pytest_codehealth.scorecard import html_tables as tables
from pytest_codehealth.scorecard.html_doc import (
    Doc,
    check_schema,
    files,
    imports,
    mapping,
    names,
    records,
    section,
    text,
)
from pytest_codehealth.scorecard.html_style import CSS
from pytest_codehealth.scorecard.plots import MissingExtra, require

__all__ = ["MissingExtra", "render"]


def render(doc: object) -> str:
    """The page for a scorecard document (a `dict` loaded from its JSON)."""
    page = check_schema(doc)
    require()
    body = "".join(
        part(page)
        for part in (
            _header,
            _gates,
            _before_after,
            _compat,
            _package,
            _imports,
            _hotspots,
            _trend,
            _tools,
            _notes,
        )
    )
    title = escape(f"codehealth scorecard: {text(page, 'root')}")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head><body>{body}</body></html>\n"
    )


def _section(name: str, title: str, *parts: str) -> str:
    return f'<section id="{name}"><h2>{escape(title)}</h2>{"".join(parts)}</section>'


def _plot(name: str, svg: str | None, caption: str) -> str:
    """A figure holding one plot (or a note saying why there is none)."""
    if svg is None:
        return f'<p class="note">{escape(caption)}</p>'
    figcaption = f"<figcaption>{escape(caption)}</figcaption>"
    return f'<figure class="plot" id="plot-{name}">{svg}{figcaption}</figure>'


def _more(summary: str, content: str) -> str:
    return f"<details><summary>{escape(summary)}</summary>{content}</details>"


def _header(doc: Doc) -> str:
    tool, now, since = section(doc, "tool"), section(doc, "now"), section(doc, "since")
    facts = [
        ("project", text(doc, "root")),
        ("now", _ref(now)),
        ("since", _ref(since) if since else "no reference (no --since, not in git)"),
        (
            "generated",
            f"{text(doc, 'generated')} by {text(tool, 'name', 'codehealth')} "
            f"{text(tool, 'version')}",
        ),
    ]
    rows = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in facts)
    return f"<header><h1>Code-health scorecard</h1><dl>{rows}</dl></header>"


def _ref(ref: Doc) -> str:
    commit = text(ref, "commit")
    return f"{text(ref, 'ref')} ({commit[:10]})" if commit else text(ref, "ref")


def _gates(doc: Doc) -> str:
    return _section("gates", "Gates", tables.gates(doc))


def _before_after(doc: Doc) -> str:
    return _section("before-after", "Before \u2192 after", tables.before_after(doc))


def _compat(doc: Doc) -> str:
    if not records(doc, "compat"):
        return ""
    return _section("compat", "Modules split into packages: old imports", tables.compat(doc))


def _package(doc: Doc) -> str:
    from pytest_codehealth.scorecard.plots_treemap import treemap  # noqa: PLC0415  # the extra

    rows = files(doc)
    caption = "Area: lines of each file, grouped by folder (outlined); colour: its worst complexity"
    return _section(
        "package",
        "Package map",
        _plot("treemap", treemap(rows), caption if rows else "no file checked"),
        _more(f"Every file ({len(rows)})", tables.file_table(rows)),
    )


def _imports(doc: Doc) -> str:
    from pytest_codehealth.scorecard.plots_graph import chosen, import_graph  # noqa: PLC0415

    graph = imports(doc)
    drawn = len(chosen(graph))
    caption = (
        f"{drawn} of {len(graph.fan_out)} modules drawn (those in a cycle first, then the most "
        f"connected); import cycles in red; {len(graph.cycles)} cycles"
    )
    return _section(
        "imports",
        "Import graph",
        _plot("imports", import_graph(graph), caption if drawn else "no module"),
        "<h3>Import cycles</h3>",
        tables.cycle_table(graph) if graph.cycles else '<p class="note">no import cycle</p>',
        _more(f"Every module ({len(graph.fan_out)})", tables.module_table(graph)),
    )


def _hotspots(doc: Doc) -> str:
    from pytest_codehealth.scorecard.plots_charts import hotspots  # noqa: PLC0415  # the extra

    rows, ranked = files(doc), names(doc.get("hotspots"), "hotspots")
    svg = hotspots(rows, ranked)
    caption = "Churn x complexity, point size = lines; the top candidates named in red"
    return _section(
        "hotspots",
        "Hotspots",
        _plot("hotspots", svg, caption if svg else "no churn figures (not a git repository)"),
        tables.hotspot_table(rows, ranked),
    )


def _trend(doc: Doc) -> str:
    from pytest_codehealth.scorecard.plots_charts import trend  # noqa: PLC0415  # the extra

    commits = records(doc, "trend")
    if not commits:
        return _section("trend", "Trend", '<p class="note">no history asked for (--history N)</p>')
    svg = trend(
        [text(entry, "commit") for entry in commits],
        [
            mapping(entry.get("findings"), f"trend[{index}].findings")
            for index, entry in enumerate(commits)
        ],
        [
            mapping(entry.get("sizes"), f"trend[{index}].sizes")
            for index, entry in enumerate(commits)
        ],
    )
    caption = f"The last {len(commits)} commits, oldest first"
    return _section(
        "trend",
        "Trend",
        _plot("trend", svg, caption if svg else "one commit: no line to draw"),
        tables.trend_table(doc),
    )


def _tools(doc: Doc) -> str:
    if not records(doc, "tools"):
        return ""
    return _section("tools", "Other gates", tables.tools(doc))


def _notes(doc: Doc) -> str:
    notes = names(doc.get("notes"), "notes")
    if not notes:
        return ""
    items = "".join(f"<li>{tables.code(note)}</li>" for note in notes)
    return _section("notes", "Notes", f"<ul>{items}</ul>")
