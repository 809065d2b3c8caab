"""Headless Chromium from Debian (`chromium`, `chromium-driver`) driven by Selenium.

No download: the driver is `/usr/bin/chromedriver`, the browser `/usr/bin/chromium`, Selenium's
own driver manager is never asked. Without them a test skips, except in CI (`CI=true`),
where a missing browser fails.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install -y chromium chromium-driver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
)

# every plot on the page: (figure id, CSS selector of its marks)
PLOTS = {
    "plot-treemap": "path",
    "plot-imports": "path, use",
    "plot-hotspots": "use, path",
    "plot-trend": "path, use",
}


def require_browser() -> None:
    """Skip without Debian's browser and driver; fail instead in CI."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if not missing:
        return
    reason = f"needs {' and '.join(missing)} ({INSTALL})"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless Chromium session with a fresh profile folder."""
    require_browser()
    from selenium import webdriver  # noqa: PLC0415  # dev-only dependency, only for this test
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, page: Path) -> None:
    driver.get(page.as_uri())
    state = driver.execute_script("return document.readyState")
    assert state == "complete"


def console_errors(driver: Any) -> list[str]:
    """Messages the page logged at error level (script errors, failed loads)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def fetched(driver: Any) -> list[str]:
    """Every URL the page made the browser request (none, for an offline page)."""
    page = driver.current_url
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            params = message["params"]
            if params.get("documentURL") == page:  # not the browser's own start page
                urls.append(params["request"]["url"])
    return [url for url in urls if url != page and not url.startswith("data:")]  # data: is inline


def drawn_marks(driver: Any, figure: str, selector: str) -> tuple[float, float, int]:
    """A plot's rendered width and height, and how many of its marks have a visible box."""
    width, height, marks = driver.execute_script(
        """
        const svg = document.querySelector('#' + arguments[0] + ' svg');
        if (!svg) { return [0, 0, 0]; }
        const box = svg.getBoundingClientRect();
        const marks = [...svg.querySelectorAll(arguments[1])].filter(mark => {
            const b = mark.getBoundingClientRect();
            return b.width > 0 || b.height > 0;
        });
        return [box.width, box.height, marks.length];
        """,
        figure,
        selector,
    )
    return width, height, marks


def table(driver: Any, name: str) -> list[list[str]]:
    """A table's body rows as the browser holds them (text of each cell)."""
    rows: list[list[str]] = driver.execute_script(
        """
        const table = document.getElementById('table-' + arguments[0]);
        if (!table) { return []; }
        return [...table.tBodies[0].rows].map(
            row => [...row.cells].map(cell => cell.textContent.trim()));
        """,
        name,
    )
    return rows


def screenshot(driver: Any, target: Path) -> Path:
    """The whole page as a PNG (the window stretched to the page's height)."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, int(height))
    assert driver.save_screenshot(str(target))
    return target
