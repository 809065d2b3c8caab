"""The package map: a treemap of the checked files, area = lines, colour = worst complexity.

squarify lays the rectangles out (largest first); matplotlib draws them as one collection,
coloured on a scale that starts at 0 and reaches at least 10 (the default complexity limit),
so a calm package looks calm. Rectangles large enough for it carry the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from pytest_codehealth.core.libraries import import_installed
from pytest_codehealth.scorecard.html_doc import FileRow
from pytest_codehealth.scorecard.plots import drawing, figure, to_svg

WIDTH, HEIGHT = 160.0, 90.0  # the layout's units; the figure keeps the same aspect
CHAR_WIDTH, LINE_HEIGHT = 1.1, 3.0  # a 6-point character and line in the layout's units
MAX_LABELS = 80
DARK = 0.6  # past this share of the scale a tile is dark enough for white text


def treemap(files: Sequence[FileRow], limit: float = 10) -> str | None:
    """The treemap as SVG, or None when no file has lines."""
    shown = sorted((row for row in files if row.lines > 0), key=lambda row: (-row.lines, row.path))
    if not shown:
        return None
    squarify = import_installed("squarify")
    sizes = squarify.normalize_sizes([row.lines for row in shown], WIDTH, HEIGHT)
    boxes = [
        (box["x"], box["y"], box["dx"], box["dy"])
        for box in squarify.squarify(sizes, 0, 0, WIDTH, HEIGHT)
    ]
    with drawing():
        return _draw(shown, boxes, limit)


def _draw(
    shown: list[FileRow], boxes: list[tuple[float, float, float, float]], limit: float
) -> str:
    from matplotlib.collections import PatchCollection  # noqa: PLC0415  # the extra
    from matplotlib.colors import Normalize  # noqa: PLC0415
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    fig = figure(9, 5.2)
    axes = fig.add_subplot()
    colours = [row.max_complexity for row in shown]
    top = max([*colours, limit])
    rectangles = PatchCollection(
        [Rectangle((x, y), dx, dy) for x, y, dx, dy in boxes],
        cmap="YlOrRd",
        norm=Normalize(vmin=0, vmax=top),
        edgecolor="white",
        linewidth=0.6,
    )
    rectangles.set_array(colours)
    axes.add_collection(rectangles)
    for row, label, box in _labelled(shown, boxes):
        x, y, dx, dy = box
        axes.text(
            x + dx / 2,
            y + dy / 2,
            label,
            ha="center",
            va="center",
            fontsize=6,
            clip_on=True,
            color="white" if row.max_complexity > DARK * top else "black",  # readable on its tile
        )
    axes.set_xlim(0, WIDTH)
    axes.set_ylim(HEIGHT, 0)
    axes.set_axis_off()
    fig.colorbar(rectangles, ax=axes, label="worst function complexity", shrink=0.8)
    return to_svg(fig, "treemap")


def _labelled(
    shown: list[FileRow], boxes: list[tuple[float, float, float, float]]
) -> list[tuple[FileRow, str, tuple[float, float, float, float]]]:
    """Labels for the rectangles that can hold one: `sub/mod.py`, else `mod.py`, else none."""
    found = []
    for row, box in zip(shown, boxes, strict=True):
        label = next((name for name in _names(row.path) if _fits(name, box)), None)
        if label is not None:
            found.append((row, label, box))
    return found[:MAX_LABELS]


def _names(path: str) -> tuple[str, str]:
    """`pkg/sub/mod.py` -> (`sub/mod.py`, `mod.py`): the parts that tell files apart on a map."""
    parts = path.split("/")
    return "/".join(parts[-2:]), parts[-1]


def _fits(label: str, box: tuple[float, float, float, float]) -> bool:
    return box[2] >= CHAR_WIDTH * (len(label) + 1) and box[3] >= LINE_HEIGHT
