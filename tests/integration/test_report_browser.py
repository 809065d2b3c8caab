"""The HTML scorecard in a real browser (Debian's headless Chromium): it loads with no console
error and no request, every plot renders with its marks, the tables hold the numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.scorecard.html import render
from tests.integration.browser import (
    PLOTS,
    chromium,
    console_errors,
    drawn_marks,
    fetched,
    open_page,
    screenshot,
    table,
)
from tests.scorecard.documents import large, small

pytestmark = pytest.mark.integration

# at least this many marks per plot for `small()`: 3 tiles, 3 edges + 3 modules, 3 files, lines
SMALL_MARKS = {"plot-treemap": 3, "plot-imports": 6, "plot-hotspots": 3, "plot-trend": 4}


@pytest.fixture
def browser(tmp_path: Path) -> Any:
    with chromium(tmp_path / "profile") as driver:
        yield driver


def _page(tmp_path: Path, doc: dict[str, Any]) -> Path:
    page = tmp_path / "scorecard.html"
    page.write_text(render(doc), encoding="utf-8")
    return page


def test_the_page_loads_with_no_error_and_fetches_nothing(browser: Any, tmp_path: Path) -> None:
    open_page(browser, _page(tmp_path, small()))
    assert console_errors(browser) == []
    assert fetched(browser) == []
    assert browser.title == "codehealth scorecard: /projects/shop"


def test_every_plot_renders_with_its_marks(browser: Any, tmp_path: Path) -> None:
    open_page(browser, _page(tmp_path, small()))
    for figure, selector in PLOTS.items():
        width, height, marks = drawn_marks(browser, figure, selector)
        assert width > 100, figure
        assert height > 100, figure
        assert marks >= SMALL_MARKS[figure], figure


def test_the_tables_hold_the_numbers(browser: Any, tmp_path: Path) -> None:
    open_page(browser, _page(tmp_path, small()))
    assert table(browser, "before-after")[0] == [
        "Files over 400 lines", "8", "1", "-7", "\u25bc improved",
    ]  # fmt: skip
    assert table(browser, "gates")[0] == ["CH001", "max-lines", "3", "1", "fail"]
    assert table(browser, "cycles") == [["1", "2", "shop.billing, shop.orders.core"]]
    assert [row[0] for row in table(browser, "files")] == [
        "shop/orders/core.py", "shop/billing.py", "shop/util.py",
    ]  # fmt: skip


def test_a_commit_subject_with_a_script_does_not_run(browser: Any, tmp_path: Path) -> None:
    doc = small()
    doc["trend"][1]["subject"] = "<script>document.title = 'owned'</script>"
    doc["notes"] = ["<img src=x onerror=\"document.title = 'owned'\">"]
    open_page(browser, _page(tmp_path, doc))
    assert browser.title != "owned"
    assert table(browser, "trend")[1][2] == "<script>document.title = 'owned'</script>"
    assert console_errors(browser) == []


def test_a_large_project_renders_and_is_photographed(browser: Any, tmp_path: Path) -> None:
    doc = large(files=300, commits=10)
    open_page(browser, _page(tmp_path, doc))
    assert console_errors(browser) == []
    treemap = drawn_marks(browser, "plot-treemap", PLOTS["plot-treemap"])
    assert treemap[2] >= 300  # one tile per file
    tooltips = browser.execute_script(
        "return [...document.querySelectorAll('#plot-treemap svg path > title')]"
        ".map(title => title.textContent)"
    )
    assert sorted(tip.split(": ")[0] for tip in tooltips) == sorted(f["path"] for f in doc["files"])
    assert len(table(browser, "files")) == 300
    shot = screenshot(browser, tmp_path / "scorecard.png")
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_the_checks_see_a_script_error_a_request_and_an_empty_plot(
    browser: Any, tmp_path: Path
) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><body><figure id="plot-treemap"><svg width="200" height="200">'
        '</svg></figure><img src="missing.png"><script>throw new Error("boom")</script>'
        "</body></html>",
        encoding="utf-8",
    )
    open_page(browser, page)
    assert any("boom" in message for message in console_errors(browser))
    assert [name.rsplit("/", 1)[-1] for name in fetched(browser)] == ["missing.png"]
    assert drawn_marks(browser, "plot-treemap", PLOTS["plot-treemap"])[2] == 0
