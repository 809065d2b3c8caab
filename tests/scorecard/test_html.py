"""The HTML scorecard page: offline, escaped, every plot beside a table of its numbers."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from pytest_codehealth.scorecard.html import render
from pytest_codehealth.scorecard.html_doc import DocumentError
from pytest_codehealth.scorecard.plots import MissingExtra
from tests.scorecard.documents import large, small
from tests.scorecard.pages import external_references, parse

PLOTS = ("plot-treemap", "plot-imports", "plot-hotspots", "plot-trend")
TABLES = ("gates", "before-after", "compat", "files", "cycles", "modules", "hotspots", "trend")


@pytest.fixture(scope="module")
def page() -> str:
    return render(small())


@pytest.mark.parametrize("doc", [small(), large(files=120, commits=5)], ids=["small", "large"])
def test_the_page_fetches_nothing(doc: dict[str, Any]) -> None:
    html = render(doc)
    tags = set(parse(html).tags)
    assert external_references(html) == []
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed"})


@pytest.mark.parametrize(
    "reference",
    [
        '<script src="https://cdn.example/plotly.js">',
        "<link href='http://fonts.example/css' rel=stylesheet>",
        "<style>@import 'x.css'</style>",
        '<div style="background: url( https://example.org/a.png)">',
        '<img src="//example.org/a.png">',
    ],
)
def test_the_offline_check_sees_each_kind_of_reference(reference: str) -> None:
    assert external_references(reference) != []


def test_svg_namespaces_and_fragment_links_are_not_references() -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="#m1"/><g clip-path="url(#p1)">'
    assert external_references(svg) == []


def test_every_plot_is_drawn_and_every_table_is_there(page: str) -> None:
    parsed = parse(page)
    assert [name for name in PLOTS if name not in parsed.ids] == []
    assert [name for name in TABLES if f"table-{name}" not in parsed.tables] == []
    assert parsed.tags.count("svg") == len(PLOTS)


def test_the_ids_on_the_page_are_unique() -> None:
    ids = parse(render(large(files=60, commits=3))).ids
    assert sorted({name for name in ids if ids.count(name) > 1}) == []


def test_the_before_after_table_holds_the_rows_with_deltas_and_markers(page: str) -> None:
    assert parse(page).tables["table-before-after"] == [
        ["Files over 400 lines", "8", "1", "-7", "\u25bc improved"],
        ["Maximum complexity", "15", "17", "+2", "\u25b2 worse"],
        ["Import cycles", "1", "1", "0", "= same"],
        ["Duplicated lines", "\u2014", "42", "\u2014", "= new"],
    ]


def test_the_gate_hotspot_and_tool_tables_hold_the_numbers(page: str) -> None:
    tables = parse(page).tables
    assert tables["table-gates"] == [
        ["CH001", "max-lines", "3", "1", "fail"],
        ["CH002", "silent-except", "0", "0", "pass"],
    ]
    assert tables["table-hotspots"][0] == ["1", "shop/orders/core.py", "7", "14", "512", "98"]
    assert tables["table-tools"] == [
        ["ruff", "12", "20", "E 3, F 9", "E 5, F 15"],
        ["mypy", "4", "\u2014", "", ""],
    ]


def test_the_trend_table_has_a_column_per_gate_and_size(page: str) -> None:
    assert parse(page).tables["table-trend"] == [
        ["aaaaaaa111", "2026-11-20T10:00:00Z", "Start", "4", "5", "3", "2", "1200", "15"],
        ["bbbbbbb222", "2026-11-21T10:00:00Z", "Split big.py", "3", "2", "5", "1", "1180", "17"],
    ]


def test_the_cycles_table_names_the_members(page: str) -> None:
    assert parse(page).tables["table-cycles"] == [["1", "2", "shop.billing, shop.orders.core"]]


PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"


def _hostile(where: str) -> dict[str, Any]:
    doc = small()
    if where == "subject":
        doc["trend"][1]["subject"] = PAYLOAD
    elif where == "path":
        doc["files"][0]["path"] = doc["hotspots"][0] = f"shop/{PAYLOAD}.py"
    elif where == "module":
        doc["imports"]["cycles"] = [[PAYLOAD, "shop.billing"]]
        doc["imports"]["modules"][0]["name"] = PAYLOAD
    elif where == "problem":
        doc["compat"][1]["problems"] = [PAYLOAD]
    else:
        doc[where] = [PAYLOAD] if where == "notes" else PAYLOAD
    return doc


@pytest.mark.parametrize(
    "where", ["subject", "path", "module", "problem", "notes", "root", "generated"]
)
def test_text_from_the_document_is_escaped(where: str) -> None:
    html = render(_hostile(where))
    tags = parse(html).tags
    assert "script" not in tags
    assert "img" not in tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_the_extra_the_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "squarify", None)  # `import squarify` raises ImportError
    with pytest.raises(MissingExtra) as raised:
        render(small())
    assert str(raised.value) == (
        "the HTML report needs the `report` extra (`squarify` is not installed): "
        "`pip install 'pytest-codehealth[report]'`"
    )


BAD = [
    pytest.param([], "scorecard document is a list, expected an object", id="not-an-object"),
    pytest.param(
        {"schema": 2}, "scorecard document has `schema` 2 (this page reads 1)", id="schema"
    ),
    pytest.param(
        small(rows="many"), "scorecard document: `rows` is a str, expected a list", id="rows"
    ),
    pytest.param(
        small(files=[{"path": "a.py", "lines": "512"}]),
        "scorecard document: `files[0].lines` is a str, expected a number",
        id="lines",
    ),
    pytest.param(
        small(imports={"edges": [["a", "b", "c"]]}),
        "scorecard document: `imports.edges[0]` is not a pair of module names",
        id="edge",
    ),
    pytest.param(
        small(trend=[{"commit": "a", "findings": {"CH001": "x"}}]),
        "scorecard document: `trend[0].findings.CH001` is a str, expected a number",
        id="trend",
    ),
]


@pytest.mark.parametrize(("doc", "message"), BAD)
def test_a_bad_document_is_named_where_it_is_wrong(doc: object, message: str) -> None:
    with pytest.raises(DocumentError) as raised:
        render(doc)
    assert str(raised.value) == message


def test_sections_without_data_say_so_and_draw_nothing() -> None:
    html = render(
        small(files=[], hotspots=[], imports=None, trend=[], compat=[], tools=[], notes=[])
    )
    parsed = parse(html)
    assert parsed.tags.count("svg") == 0
    assert "no file checked" in html
    assert "no history asked for (--history N)" in html
    assert "no import cycle" in html
    assert "table-compat" not in parsed.tables


def test_the_same_document_gives_the_same_page() -> None:
    doc = large(files=40, commits=4)
    assert render(doc) == render(doc)


def test_importing_the_page_module_imports_no_plotting_library() -> None:
    code = (
        "import sys, pytest_codehealth.scorecard.html; "
        "print(sorted(m for m in ('matplotlib', 'squarify', 'networkx') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def test_a_long_list_of_compat_problems_is_folded_after_the_first_three() -> None:
    found = [f"`Name{index}` is no longer importable" for index in range(5)]
    html = render(small(compat=[{"module": "shop.big", "status": "broken", "problems": found}]))
    cell = parse(html).tables["table-compat"][0][2]
    assert cell.startswith("Name0 is no longer importable")
    assert "2 more" in cell
    assert "<li><code>Name4</code> is no longer importable</li></ul></details>" in html


def test_backticked_names_become_code_and_stay_escaped() -> None:
    html = render(small(notes=["`<script>` is not `mypy`"]))
    assert "<li><code>&lt;script&gt;</code> is not <code>mypy</code></li>" in html


def test_the_compat_table_shows_the_warnings_beside_the_problems() -> None:
    entry = {"module": "shop.big", "status": "ok", "problems": [], "warnings": ["`f` moved"]}
    html = render(small(compat=[entry]))
    assert parse(html).tables["table-compat"] == [["shop.big", "ok", "", "f moved"]]
