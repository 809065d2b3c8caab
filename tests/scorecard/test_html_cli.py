"""`codehealth report -o page.html`: the page written, or a usage error naming the extra."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from tests.scorecard.pages import parse
from tests.scorecard.repo import make_repo


@pytest.mark.parametrize("library", ["matplotlib", "squarify", "networkx"])
def test_without_the_extra_html_is_a_usage_error_naming_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    library: str,
) -> None:
    monkeypatch.setitem(sys.modules, library, None)  # `import library` raises ImportError
    monkeypatch.chdir(make_repo(tmp_path / "shop"))
    assert main(["report", "--no-tools", "-o", "card.html"]) == 2
    assert capsys.readouterr().err == (
        f"codehealth: error: the HTML report needs the `report` extra (`{library}` is not "
        "installed): `pip install 'pytest-codehealth[report]'`\n"
    )
    assert not Path("card.html").exists()


def test_a_missing_extra_is_named_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_codehealth.scorecard import build  # noqa: PLC0415

    def no_build(*args: object) -> None:
        raise AssertionError("the scorecard was built before the extra was checked")

    monkeypatch.setitem(sys.modules, "squarify", None)
    monkeypatch.setattr(build, "build", no_build)
    monkeypatch.chdir(make_repo(tmp_path / "shop"))
    assert main(["report", "--no-tools", "-o", "card.html"]) == 2
    assert "`squarify` is not installed" in capsys.readouterr().err


def test_the_page_is_written_with_its_plots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_repo(tmp_path / "shop"))
    assert main(["report", "--no-tools", "--since", "main", "-o", "card.html"]) == 0
    assert capsys.readouterr().err == ""
    parsed = parse(Path("card.html").read_text(encoding="utf-8"))
    assert {"plot-treemap", "plot-imports", "plot-hotspots"} <= set(parsed.ids)
    assert ["Import cycles", "1", "0", "-1", "\u25bc improved"] in parsed.tables[
        "table-before-after"
    ]
