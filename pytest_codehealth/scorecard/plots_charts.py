"""The hotspot scatter (churn x complexity) and the trend lines over recent commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from pytest_codehealth.scorecard.html_doc import FileRow
from pytest_codehealth.scorecard.plots import amount, drawing, figure, to_svg

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HOT, CALM = "#c62828", "#5c6f82"
LABELLED_HOTSPOTS = 8
SIZE_STEPS = 8  # marker areas come in 9 sizes (0 to 8 eighths of the largest file's lines)
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
        titles = _scatter(axes, shown, top)
        _name_the_top(axes, shown, top)
        axes.set_xlabel("churn (commits touching the file)")
        axes.set_ylabel("worst function complexity")
        return to_svg(fig, "hotspots", titles)


def _scatter(axes: Axes, shown: Sequence[FileRow], top: set[str]) -> dict[str, list[str]]:
    """One scatter per marker size (the SVG then defines each size once and reuses it); the
    tooltips of each one's points, by its gid."""
    titles = {}
    for step, rows in _by_size(shown):
        points = axes.scatter(
            [row.churn or 0 for row in rows],
            [row.max_complexity for row in rows],
            s=12 + 300 * step / SIZE_STEPS,
            c=[HOT if row.path in top else CALM for row in rows],
            alpha=0.6,
            edgecolors="white",
            linewidths=0.5,
        )
        points.set_gid(f"files{step}")
        titles[f"files{step}"] = [_title(row) for row in rows]
    return titles


def _title(row: FileRow) -> str:
    return (
        f"{row.path}: churn {amount(row.churn or 0)}, worst complexity "
        f"{amount(row.max_complexity)}, {amount(row.lines)} lines"
    )


def _by_size(shown: Sequence[FileRow]) -> list[tuple[int, list[FileRow]]]:
    """The files grouped by marker size step (lines in eighths of the largest file's)."""
    largest = max(row.lines for row in shown) or 1
    steps: dict[int, list[FileRow]] = {}
    for row in shown:
        steps.setdefault(round(SIZE_STEPS * row.lines / largest), []).append(row)
    return sorted(steps.items())


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
