"""`codehealth report -o page.html` on a project whose history a refactoring PR made (a split of
a 1,000-line module, an import cycle removed, a complexity drop: see `tests/scorecard/repo.py`),
opened in Debian's headless Chromium: the tables hold the numbers the scorecard gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.scorecard.html_tables import fmt, signed
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
from tests.scorecard.repo import git, make_repo

pytestmark = pytest.mark.integration

EXPECTED = {  # the refactoring, as the before -> after table shows it: (before, after, delta)
    "Files over 400 lines": ("1", "0", "-1"),
    "Largest module (lines)": ("1000", "242", "-758"),
    "Maximum complexity": ("15", "5", "-10"),
    "Import cycles": ("1", "0", "-1"),
}


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """The fixture project, its page (`--history 2`) and the same report as JSON."""
    repo = make_repo(tmp_path_factory.mktemp("history") / "shop")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    page = repo.parent / "page.html"
    data = repo.parent / "scorecard.json"
    args = ["report", "--since", first, "--history", "2", "--no-tools"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        assert main([*args, "-o", str(page)]) == 0
        assert main([*args, "-o", str(data)]) == 0
    return repo, page, json.loads(data.read_text(encoding="utf-8"))


@pytest.fixture
def browser(tmp_path: Path) -> Any:
    with chromium(tmp_path / "profile") as driver:
        yield driver


def test_the_before_after_table_shows_the_refactoring(
    browser: Any, reported: tuple[Path, Path, dict[str, Any]]
) -> None:
    _, page, _ = reported
    open_page(browser, page)
    rows = {row[0]: tuple(row[1:4]) for row in table(browser, "before-after")}
    assert {label: rows.get(label) for label in EXPECTED} == EXPECTED


def test_every_table_holds_the_numbers_of_the_document(
    browser: Any, reported: tuple[Path, Path, dict[str, Any]]
) -> None:
    _, page, doc = reported
    open_page(browser, page)
    assert [row[:4] for row in table(browser, "before-after")] == [
        [row["label"], fmt(row["before"]), fmt(row["after"]), signed(row["delta"])]
        for row in doc["rows"]
    ]
    assert [row[:3] for row in table(browser, "gates")] == [
        [gate["code"], gate["name"], fmt(gate["findings"])] for gate in doc["gates"]
    ]
    assert [row[:2] for row in table(browser, "compat")] == [["pkg.big", "ok"]]
    trend = table(browser, "trend")
    assert [row[2] for row in trend] == ["The monolith", "Split big.py"]
    hotspots = table(browser, "hotspots")
    assert [row[1] for row in hotspots] == doc["hotspots"]


def test_the_page_loads_cleanly_with_every_plot_and_is_photographed(
    browser: Any, reported: tuple[Path, Path, dict[str, Any]], tmp_path: Path
) -> None:
    _, page, _ = reported
    open_page(browser, page)
    assert console_errors(browser) == []
    assert fetched(browser) == []
    for figure, selector in PLOTS.items():
        assert drawn_marks(browser, figure, selector)[2] > 0, figure
    assert screenshot(browser, tmp_path / "report.png").stat().st_size > 10_000
