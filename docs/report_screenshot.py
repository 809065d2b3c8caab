"""Make `docs/report.png`, the README's picture of the scorecard on this project's history.

    .venv/bin/python docs/report_screenshot.py [--since 99e2ee8] [--history 10]

Runs `codehealth report pytest_codehealth --since REF --history N -o <tmp>/report.html`, opens
the page in Debian's headless Chromium (`/usr/bin/chromium`, driven by Selenium through
`/usr/bin/chromedriver`) 1,200 pixels wide, photographs the whole page, then scales the PNG
to 60% on a 64-colour palette (Pillow, which matplotlib installs) so that it stays under 300 KB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "report.png"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WIDTH, SHOWN = 1200, 0.6  # the page's width in the browser; the picture's scale


def report(since: str, history: int, page: Path) -> None:
    codehealth = Path(sys.executable).parent / "codehealth"
    command = [str(codehealth), "report", "pytest_codehealth", "--since", since]
    command += ["--history", str(history), "--no-tools", "-o", str(page)]
    subprocess.run(command, cwd=ROOT, check=True)


def photograph(page: Path, shot: Path, profile: Path) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(page.as_uri())
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(WIDTH, int(height))
        driver.save_screenshot(str(shot))
    finally:
        driver.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--since", default="99e2ee8")
    parser.add_argument("--history", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report(args.since, args.history, work / "report.html")
        photograph(work / "report.html", work / "shot.png", work / "profile")
        with Image.open(work / "shot.png") as image:
            size = (round(image.width * SHOWN), round(image.height * SHOWN))
            small = image.convert("RGB").resize(size, Image.Resampling.LANCZOS).quantize(colors=64)
            small.save(TARGET, optimize=True)
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size / 1000:.0f} KB")


if __name__ == "__main__":
    main()
