"""The HTML scorecard on Django: render time and page size (target: under 5 MB).

    python benchmarks/report_html.py [--runs 3] [--history 2]

Downloads two Django wheels with pip (5.1.15, then 5.2.19) into a temporary
folder and commits them, one after the other, as a git project (`django/` only, an empty
`[tool.codehealth]`): the scorecard then has a real before/after, churn and a two-commit
trend. Then, median of `--runs`:

- a cold `codehealth check --no-cache` of the tree (the reference);
- `codehealth report --no-tools --since <first commit> --format json` and the same with
  `-o page.html` (the difference is the page's cost);
- in-process, the page alone: `render(doc)` on the JSON document, and the import of the
  `report` extra's libraries in a fresh interpreter;
- the page's size, and how much of it the plots and the tables take.

With plotly installed, it also prints the size of plotly.js, the script a plotly page would
have to inline to open offline.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BIN = Path(sys.executable).parent
VERSIONS = ("django==5.1.15", "django==5.2.19")
IMPORT_EXTRA = (
    "import time; t = time.perf_counter(); "
    "import matplotlib.figure, matplotlib.backends.backend_svg, squarify, networkx; "
    "print(time.perf_counter() - t)"
)


def git(project: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.com", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def build(work: Path) -> Path:
    """A git project with one commit per Django version, oldest first."""
    project = work / "project"
    project.mkdir()
    git(project, "init", "-q", "-b", "main")
    (project / "pyproject.toml").write_text("[tool.codehealth]\n")
    for index, spec in enumerate(VERSIONS):
        wheels = work / f"wheels{index}"
        pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:"]
        subprocess.run([*pip, "-d", str(wheels), spec], check=True)
        subprocess.run(["rm", "-rf", str(project / "django")], check=True)
        for wheel in wheels.glob("*.whl"):
            with zipfile.ZipFile(wheel) as archive:
                members = [name for name in archive.namelist() if name.startswith("django/")]
                archive.extractall(project, members)
                version = wheel.name.split("-")[1]
        git(project, "add", "-A")
        git(project, "commit", "-q", "-m", f"Django {version}")
    return project


def timed(project: Path, command: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
        if done.returncode not in {0, 1}:  # 1: `check` found something, as it does on Django
            raise SystemExit(f"{' '.join(command)}: exit {done.returncode}\n{done.stderr}")
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def page_parts(page: str) -> dict[str, int]:
    """Bytes of the page held by the plots (inline SVG) and by the rest (tables, style)."""
    plots = sum(len(svg) for svg in re.findall(r"<svg.*?</svg>", page, re.DOTALL))
    return {"plots": plots, "tables and the rest": len(page) - plots}


def render_alone(doc_path: Path, runs: int) -> float:
    from pytest_codehealth.scorecard.html import render  # noqa: PLC0415  # after the CLI runs

    doc = json.loads(doc_path.read_text(encoding="utf-8"))
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        render(doc)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def plotly_size() -> int | None:
    try:
        import plotly.offline  # noqa: PLC0415  # only to weigh the alternative
    except ImportError:
        return None
    return len(plotly.offline.get_plotlyjs().encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--history", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = build(Path(folder))
        first = git(project, "rev-list", "--max-parents=0", "HEAD")
        files = len(list((project / "django").rglob("*.py")))
        report = [str(BIN / "codehealth"), "report", "--no-tools", "--since", first]
        report += ["--history", str(args.history)]
        figures = {
            "check --no-cache": timed(
                project, [str(BIN / "codehealth"), "check", "--no-cache", "django"], args.runs
            ),
            "report json": timed(
                project, [*report, "--format", "json", "-o", "doc.json"], args.runs
            ),
            "report html": timed(project, [*report, "-o", "page.html"], args.runs),
        }
        page = (project / "page.html").read_text(encoding="utf-8")
        imports = [
            float(
                subprocess.run(
                    [sys.executable, "-c", IMPORT_EXTRA], capture_output=True, text=True, check=True
                ).stdout
            )
            for _ in range(args.runs)
        ]
        print(f"Django: {files} files, {args.runs} runs, medians")
        for name, wall in figures.items():
            print(f"  {name}: {wall:.2f} s")
        print(f"  render(doc) alone: {render_alone(project / 'doc.json', args.runs):.2f} s")
        print(f"  import of the extra's libraries: {statistics.median(imports):.2f} s")
        print(f"  page: {len(page.encode()) / 1e6:.2f} MB {page_parts(page)}")
        size = plotly_size()
        if size is not None:
            print(f"  plotly.js (what a plotly page inlines): {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
