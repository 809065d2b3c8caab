"""The import graph: modules as points, imports as arrows, import cycles in red.

A large project has too many modules to draw legibly, so the graph holds every module in a
cycle first, then the most connected ones, up to `MAX_NODES`; the page's tables list them
all. networkx places the modules (spring layout, fixed seed: the same document, the same
picture); matplotlib draws.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pytest_codehealth.core.libraries import import_installed
from pytest_codehealth.scorecard.html_doc import Imports
from pytest_codehealth.scorecard.plots import amount, drawing, figure, to_svg

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MAX_NODES = 60
CYCLE, PLAIN = "#c62828", "#5c6f82"
SHORTEN = 0.035  # how far an arrow stops from the points it joins, in layout units


def chosen(graph: Imports, limit: int = MAX_NODES) -> list[str]:
    """The modules drawn: those in a cycle, then by number of imports in and out."""
    degree = dict.fromkeys(graph.fan_out, 0)
    for source, target in graph.edges:
        degree[source] = degree.get(source, 0) + 1
        degree[target] = degree.get(target, 0) + 1
    cyclic = {member for cycle in graph.cycles for member in cycle}
    ranked = sorted(degree, key=lambda name: (name not in cyclic, -degree[name], name))
    return ranked[:limit]


def import_graph(graph: Imports) -> str | None:
    """The graph as SVG, or None when there is no module."""
    names = chosen(graph)
    if not names:
        return None
    networkx = import_installed("networkx")
    drawn = networkx.DiGraph()
    drawn.add_nodes_from(names)
    kept = set(names)
    drawn.add_edges_from(edge for edge in graph.edges if kept.issuperset(edge))
    places = networkx.spring_layout(drawn, seed=17)
    spots = {name: (float(x), float(y)) for name, (x, y) in places.items()}
    with drawing():
        return _draw(graph, names, spots)


def _draw(graph: Imports, names: list[str], spots: dict[str, tuple[float, float]]) -> str:
    group = {member: index for index, cycle in enumerate(graph.cycles) for member in cycle}
    fig = figure(9, 6)
    axes = fig.add_subplot()
    plain: list[tuple[tuple[float, float], tuple[float, float]]] = []
    looped: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for source, target in graph.edges:
        if source in spots and target in spots:
            closes = source in group and group.get(target) == group[source]
            (looped if closes else plain).append((spots[source], spots[target]))
    _arrows(axes, plain, False)
    _arrows(axes, looped, True)
    _modules(axes, graph, names, spots, set(group))
    axes.set_axis_off()
    titles = [f"{name}: imports {amount(graph.fan_out.get(name, 0))}" for name in names]
    return to_svg(fig, "imports", {"modules": titles})


def _modules(
    axes: Axes,
    graph: Imports,
    names: list[str],
    spots: dict[str, tuple[float, float]],
    cyclic: set[str],
) -> None:
    """One point per module, sized by fan-out, red when in a cycle; its last name beside it."""
    xs, ys = zip(*(spots[name] for name in names), strict=True)
    sizes = [20 + 6 * graph.fan_out.get(name, 0) for name in names]
    colours = [CYCLE if name in cyclic else PLAIN for name in names]
    points = axes.scatter(xs, ys, s=sizes, c=colours, zorder=3, edgecolors="white", linewidths=0.5)
    points.set_gid("modules")
    for name in names:
        label = name.rsplit(".", 1)[-1]
        axes.annotate(label, spots[name], fontsize=6, xytext=(4, 3), textcoords="offset points")


def _arrows(
    axes: Axes, edges: list[tuple[tuple[float, float], tuple[float, float]]], looped: bool
) -> None:
    """The imports as one set of arrows (one artist, however many: a drawn arrow each costs
    a millisecond), red and heavier when they close a cycle; each stops short of its ends."""
    if not edges:
        return
    starts, deltas = zip(*(_shortened(*edge) for edge in edges), strict=True)
    xs, ys = zip(*starts, strict=True)
    us, vs = zip(*deltas, strict=True)
    colour, alpha, width = (CYCLE, 0.9, 0.0025) if looped else (PLAIN, 0.35, 0.0012)
    axes.quiver(
        xs,
        ys,
        us,
        vs,
        angles="xy",
        scale_units="xy",
        scale=1,
        color=colour,
        alpha=alpha,
        width=width,
        headwidth=5,
        headlength=6,
        zorder=2 if looped else 1,
    )


def _shortened(
    start: tuple[float, float], end: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the arrow from `start` to `end` begins, and its vector, `SHORTEN` off each end."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cut = min(SHORTEN / max((dx * dx + dy * dy) ** 0.5, 1e-9), 0.4)
    return (x0 + cut * dx, y0 + cut * dy), (dx * (1 - 2 * cut), dy * (1 - 2 * cut))
