"""The plots on their own: what each one draws from the document's numbers."""

from __future__ import annotations

import re

from pytest_codehealth.scorecard.html_doc import FileRow, Imports
from pytest_codehealth.scorecard.plots_charts import SIZE_STEPS, hotspots
from pytest_codehealth.scorecard.plots_graph import chosen, import_graph
from pytest_codehealth.scorecard.plots_treemap import HEIGHT, WIDTH, layout, treemap


def _file(path: str, lines: int, complexity: int = 1) -> FileRow:
    return FileRow(path, lines, complexity, 0, 1, 1.0)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_the_treemap_labels_only_the_tiles_a_name_fits_in() -> None:
    svg = treemap([_file("app/orders/core.py", 5000), _file("app/orders/tiny_helpers.py", 3)])
    assert svg is not None
    labels = _texts(svg)
    assert "orders/core.py" in labels
    assert not any("tiny_helpers" in label for label in labels)


def test_the_treemap_falls_back_to_the_file_name_in_a_narrow_tile() -> None:
    files = [_file("app/a_rather_long_package_name/x.py", 40), _file("app/big.py", 200)]
    labels = _texts(treemap(files) or "")
    assert "x.py" in labels
    assert "a_rather_long_package_name/x.py" not in labels


def test_the_treemap_skips_empty_files_and_is_none_without_lines() -> None:
    assert treemap([_file("app/__init__.py", 0)]) is None


def test_the_graph_draws_cycle_members_first_then_the_most_connected() -> None:
    graph = Imports(
        fan_out={"a": 3, "b": 0, "c": 0, "d": 0, "x": 1, "y": 1},
        paths={},
        edges=[("a", "b"), ("a", "c"), ("a", "d"), ("x", "y"), ("y", "x")],
        cycles=[["x", "y"]],
    )
    assert chosen(graph, limit=3) == ["x", "y", "a"]
    assert chosen(graph) == ["x", "y", "a", "b", "c", "d"]


def test_the_graph_is_none_without_modules() -> None:
    assert import_graph(Imports({}, {}, [], [])) is None


def test_the_scatter_defines_a_few_marker_sizes_not_one_per_file() -> None:
    files = [FileRow(f"app/m{n}.py", 10 + 7 * n, n % 12, 0, n % 30, float(n)) for n in range(300)]
    svg = hotspots(files, [row.path for row in files])
    assert svg is not None
    assert len(re.findall(r"<use ", svg)) >= 300  # one mark per file
    assert len(re.findall(r"<path id=", svg)) <= 2 * (SIZE_STEPS + 1)  # marker shapes, ticks


def test_the_treemap_puts_each_folders_files_inside_the_folders_rectangle() -> None:
    rows = [_file(f"app/{folder}/m{n}.py", 10 + n * 13) for folder in "abc" for n in range(6)]
    tiles, folders = layout(sorted(rows, key=lambda row: -row.lines))
    outline = dict(folders)
    assert sorted(outline) == ["app/a", "app/b", "app/c"]
    for row, (x, y, dx, dy) in tiles:
        fx, fy, fdx, fdy = outline[row.path.rpartition("/")[0]]
        assert fx < x
        assert fy < y
        assert x + dx < fx + fdx
        assert y + dy < fy + fdy
    total = sum(dx * dy for _, (_, _, dx, dy) in folders)
    assert round(total) == WIDTH * HEIGHT


def _titles(svg: str) -> list[str]:
    return re.findall(r"<title>([^<]*)</title>", svg)


def test_each_tile_and_point_names_its_file_when_hovered() -> None:
    files = [_file("app/a.py", 300, 12), _file("app/<b>.py", 100, 3)]
    assert _titles(treemap(files) or "") == [
        "app/a.py: 300 lines, worst complexity 12, 0 findings",
        "app/&lt;b&gt;.py: 100 lines, worst complexity 3, 0 findings",
    ]
    assert sorted(_titles(hotspots(files, ["app/a.py"]) or "")) == [
        "app/&lt;b&gt;.py: churn 1, worst complexity 3, 100 lines",
        "app/a.py: churn 1, worst complexity 12, 300 lines",
    ]


def test_each_module_of_the_graph_names_itself_when_hovered() -> None:
    graph = Imports({"a": 1, "b": 0}, {}, [("a", "b")], [])
    assert _titles(import_graph(graph) or "") == ["a: imports 1", "b: imports 0"]


def test_the_graph_draws_its_imports_as_two_sets_of_arrows_cycles_in_red() -> None:
    names = [f"m{n}" for n in range(30)]
    edges = [(names[n], names[(n * 7 + 3) % 30]) for n in range(30)]
    graph = Imports(
        dict.fromkeys(names, 1), {}, [*edges, ("m0", "m1"), ("m1", "m0")], [["m0", "m1"]]
    )
    svg = import_graph(graph) or ""
    arrows = re.findall(r'<g id="imports-Quiver_\d+">(.*?)</g>', svg, re.S)
    assert len(arrows) == 2  # one artist per kind, however many imports (one each took 1 ms)
    plain, looped = arrows
    assert len(re.findall(r"<path ", plain)) == 30
    assert len(re.findall(r"<path ", looped)) == 2
    assert "#c62828" in looped
    assert "#c62828" not in plain
