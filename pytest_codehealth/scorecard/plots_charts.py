"""The hotspot scatter (churn x complexity) and the trend lines over recent commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pytest_codehealth.scorecard.html_doc import FileRow
from pytest_codehealth.scorecard.plots import drawing, figure, to_svg

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HOT, CALM = "#c62828", "#5c6f82"
LABELLED_HOTSPOTS = 8
BIG_SIZES = ("lines", "files")  # drawn apart: their scale would flatten the others


def hotspots(files: Sequence[FileRow], ranked: Sequence[str]) -> str | None:
    """Each file at (churn, worst complexity), sized by lines; the top hotspots named in red."""
    shown = [row for row in files if row.churn is not None]
    if not shown:
        return None
    top = set(ranked[:LABELLED_HOTSPOTS])
    with drawing():
        fig = figure(9, 4.6)
        axes = fig.add_subplot()
        largest = max(row.lines for row in shown) or 1
        xs, ys, sizes, colours = zip(*(_point(row, top, largest) for row in shown), strict=True)
        axes.scatter(xs, ys, s=sizes, c=colours, alpha=0.6, edgecolors="white", linewidths=0.5)
        _name_the_top(axes, shown, top)
        axes.set_xlabel("churn (commits touching the file)")
        axes.set_ylabel("worst function complexity")
        return to_svg(fig, "hotspots")


def _point(row: FileRow, top: set[str], largest: float) -> tuple[float, float, float, str]:
    """x, y, marker area and colour of a file."""
    colour = HOT if row.path in top else CALM
    return (row.churn or 0, row.max_complexity, 12 + 300 * row.lines / largest, colour)


def _name_the_top(axes: Axes, shown: Sequence[FileRow], top: set[str]) -> None:
    for row in shown:
        if row.path in top:
            spot = (row.churn or 0, row.max_complexity)
            axes.annotate(row.path, spot, fontsize=6, xytext=(5, 4), textcoords="offset points")


def trend(
    commits: Sequence[str],
    findings: Sequence[Mapping[str, float]],
    sizes: Sequence[Mapping[str, float]],
) -> str | None:
    """Findings per gate, the key sizes, and the lines, one point per commit (oldest first)."""
    if len(commits) < 2:
        return None
    with drawing():
        fig = figure(9.5, 3.4)
        by_gate, by_size, lines = fig.subplots(1, 3)
        _lines(by_gate, commits, findings, (), "findings per gate")
        _lines(by_size, commits, sizes, BIG_SIZES, "key sizes")
        _lines(lines, commits, sizes, tuple(key for key in _keys(sizes) if key != "lines"), "lines")
        return to_svg(fig, "trend")


def _lines(
    axes: Axes,
    commits: Sequence[str],
    points: Sequence[Mapping[str, float]],
    skip: tuple[str, ...],
    title: str,
) -> None:
    steps = range(len(commits))
    for key in _keys(points):
        if key not in skip:
            axes.plot(
                steps, [point.get(key, 0) for point in points], marker="o", markersize=3, label=key
            )
    axes.set_title(title)
    axes.set_xticks(list(steps), [commit[:7] for commit in commits], rotation=60, fontsize=6)
    if axes.lines:
        axes.legend(fontsize=6)


def _keys(points: Sequence[Mapping[str, float]]) -> list[str]:
    return sorted({key for point in points for key in point})
