"""The package map: a treemap of the checked files, area = lines, colour = worst complexity.

squarify lays the rectangles out (largest first): the folders, then each folder's files inside
its outlined rectangle. matplotlib draws the files as one collection, coloured on a scale that
starts at 0 and reaches at least 10 (the default complexity limit), so a calm package looks
calm. Rectangles large enough for it carry the file's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from pytest_codehealth.core.libraries import import_installed
from pytest_codehealth.scorecard.html_doc import FileRow
from pytest_codehealth.scorecard.plots import amount, drawing, figure, to_svg

WIDTH, HEIGHT = 160.0, 90.0  # the layout's units; the figure keeps the same aspect
CHAR_WIDTH, LINE_HEIGHT = 1.1, 3.0  # a 6-point character and line in the layout's units
MAX_LABELS = 80
DARK = 0.6  # past this share of the scale a tile is dark enough for white text
PAD = 0.4  # the margin inside a folder's outline, in the layout's units
FOLDER = "#334e68"
Box = tuple[float, float, float, float]  # x, y, width, height in the layout's units
Tile = tuple[FileRow, Box]


def treemap(files: Sequence[FileRow], limit: float = 10) -> str | None:
    """The treemap as SVG, or None when no file has lines."""
    shown = sorted((row for row in files if row.lines > 0), key=lambda row: (-row.lines, row.path))
    if not shown:
        return None
    tiles, folders = layout(shown)
    with drawing():
        return _draw(tiles, folders, limit)


def layout(shown: Sequence[FileRow]) -> tuple[list[Tile], list[tuple[str, Box]]]:
    """Folders first (area = their lines), then each folder's files inside its rectangle."""
    squarify = import_installed("squarify")
    folders: dict[str, list[FileRow]] = {}
    for row in shown:
        folders.setdefault(row.path.rpartition("/")[0], []).append(row)
    ordered = sorted(folders.items(), key=lambda item: (-_lines(item[1]), item[0]))
    outer = _squarify(squarify, [_lines(rows) for _, rows in ordered], (0, 0, WIDTH, HEIGHT))
    tiles: list[Tile] = []
    for (_, rows), box in zip(ordered, outer, strict=True):
        inner = _squarify(squarify, [row.lines for row in rows], _inset(box))
        tiles.extend(zip(rows, inner, strict=True))
    return tiles, [(name, box) for (name, _), box in zip(ordered, outer, strict=True)]


def _lines(rows: list[FileRow]) -> float:
    return sum(row.lines for row in rows)


def _squarify(squarify: ModuleType, values: list[float], box: Box) -> list[Box]:
    """squarify's rectangles for `values` (largest first) inside `box`."""
    x, y, dx, dy = box
    sizes = squarify.normalize_sizes(values, dx, dy)
    return [
        (got["x"], got["y"], got["dx"], got["dy"]) for got in squarify.squarify(sizes, x, y, dx, dy)
    ]


def _inset(box: Box) -> Box:
    """A folder's rectangle less a margin, so that its outline shows between folders."""
    x, y, dx, dy = box
    pad = min(PAD, dx / 4, dy / 4)
    return (x + pad, y + pad, dx - 2 * pad, dy - 2 * pad)


def _draw(tiles: list[Tile], folders: list[tuple[str, Box]], limit: float) -> str:
    from matplotlib.collections import PatchCollection  # noqa: PLC0415  # the extra
    from matplotlib.colors import Normalize  # noqa: PLC0415
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    fig = figure(9, 5.2)
    axes = fig.add_subplot()
    colours = [row.max_complexity for row, _ in tiles]
    top = max([*colours, limit])
    rectangles = PatchCollection(
        [Rectangle((x, y), dx, dy) for _, (x, y, dx, dy) in tiles],
        cmap="YlOrRd",
        norm=Normalize(vmin=0, vmax=top),
        edgecolor="white",
        linewidth=0.6,
    )
    rectangles.set_array(colours)
    rectangles.set_gid("tiles")
    axes.add_collection(rectangles)
    outlines = [Rectangle((x, y), dx, dy) for _, (x, y, dx, dy) in folders]
    axes.add_collection(
        PatchCollection(outlines, facecolor="none", edgecolor=FOLDER, linewidth=0.9)
    )
    for row, label, box in _labelled(tiles):
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
    return to_svg(fig, "treemap", {"tiles": [_title(row) for row, _ in tiles]})


def _title(row: FileRow) -> str:
    return (
        f"{row.path}: {amount(row.lines)} lines, worst complexity {amount(row.max_complexity)}, "
        f"{amount(row.findings)} findings"
    )


def _labelled(tiles: list[Tile]) -> list[tuple[FileRow, str, Box]]:
    """Labels for the rectangles that can hold one: `sub/mod.py`, else `mod.py`, else none."""
    found = []
    for row, box in tiles:
        label = next((name for name in _names(row.path) if _fits(name, box)), None)
        if label is not None:
            found.append((row, label, box))
    return found[:MAX_LABELS]


def _names(path: str) -> tuple[str, str]:
    """`pkg/sub/mod.py` -> (`sub/mod.py`, `mod.py`): the parts that tell files apart on a map."""
    parts = path.split("/")
    return "/".join(parts[-2:]), parts[-1]


def _fits(label: str, box: Box) -> bool:
    return box[2] >= CHAR_WIDTH * (len(label) + 1) and box[3] >= LINE_HEIGHT
