"""The browser test's own guard: it skips without Chromium locally and fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration import browser


@pytest.fixture
def no_chromium(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "chromium")


@pytest.mark.usefixtures("no_chromium")
def test_without_chromium_the_browser_test_skips_and_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        browser.require_browser()
    assert str(skipped.value) == (
        f"needs {tmp_path / 'chromium'} (apt-get install -y chromium chromium-driver)"
    )


@pytest.mark.usefixtures("no_chromium")
def test_without_chromium_the_browser_test_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        browser.require_browser()
    assert str(failed.value).startswith("CI must run the browser test: needs ")
