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
    for source, target in graph.edges:
        if source in spots and target in spots:
            looped = source in group and group.get(target) == group[source]
            _arrow(axes, spots[source], spots[target], looped)
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


def _arrow(axes: Axes, start: tuple[float, float], end: tuple[float, float], looped: bool) -> None:
    """One import, red and heavier when it closes a cycle."""
    style = (
        {"color": CYCLE, "alpha": 0.9, "linewidth": 1.4}
        if looped
        else {"color": PLAIN, "alpha": 0.35, "linewidth": 0.6}
    )
    axes.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops={"arrowstyle": "-|>", "shrinkA": 5, "shrinkB": 5, **style},
    )
