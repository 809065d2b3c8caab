"""Run CH003 (timestamp-id) and CH004 (uuid1) over large real code bases; print every finding.

    python benchmarks/precision_sweep.py [--select CH003,CH004] [--keep DIR]

Downloads pinned wheels (their Python sources) of the projects below from the package
index into a temporary folder, unpacks them, runs `codehealth check --format json` on each
and prints every finding with its source line, then a summary: files scanned and findings
per project. Review each finding by hand: the closing note of the issue records how many
were judged false positives. Needs the network to the package index.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

CODE_BASES = [
    "django==5.2.19",
    "sqlalchemy==2.0.44",
    "celery==5.5.3",
    "kombu==5.5.4",
    "sympy==1.14.0",
    "scrapy==2.13.3",
    "tornado==6.5.2",
    "redis==6.4.0",
    "rq==2.6.0",
    "mlflow-skinny==3.17.2",
    "prefect==3.9.1",
    "dramatiq==2.2.1",
    "locust==2.47.0",
    "streamlit==1.67.0",
    "homeassistant==2024.3.3",
    "langchain-core==1.8.2",
    "ansible-core==2.19.14",
    "apache-airflow-core==3.3.2",
    "litellm==1.109.1",
]


def _download(requirement: str, folder: Path) -> Path:
    """The unpacked wheel of one pinned requirement."""
    wheels = folder / "wheels"
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    command += ["--only-binary", ":all:", "--dest", str(wheels), requirement]
    subprocess.run(command, check=True)
    name = requirement.split("==", maxsplit=1)[0].replace("-", "_").lower()
    (wheel,) = (path for path in wheels.glob("*.whl") if path.name.lower().startswith(f"{name}-"))
    target = folder / "src" / name
    if not target.exists():
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(target)
    return target


def _check(folder: Path, select: str) -> dict[str, Any]:
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--select", select]
    command += ["--format", "json", "--no-cache", "--exclude", "*.dist-info", str(folder)]
    result = subprocess.run(command, check=False, capture_output=True, text=True, cwd=folder)
    if result.returncode not in (0, 1):
        raise SystemExit(f"codehealth failed on {folder}: {result.stderr}")
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _source_line(folder: Path, finding: dict[str, Any]) -> str:
    path = Path(finding["path"])
    path = path if path.is_absolute() else folder / path
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    line = finding["line"]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--select", default="CH003,CH004")
    parser.add_argument("--keep", type=Path, help="download and unpack here (kept)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        totals: list[tuple[str, int, int]] = []
        for requirement in CODE_BASES:
            source = _download(requirement, folder)
            report = _check(source, args.select)
            findings = [f for f in report["findings"] if f["code"] != "CH000"]
            for finding in findings:
                where = f"{requirement}: {finding['path']}:{finding['line']}:{finding['column']}"
                print(f"{where}: {finding['code']} {finding['message']}")
                print(f"    {_source_line(source, finding)}")
            totals.append((requirement, report["files_checked"], len(findings)))
    print(f"\n{'project':<28} {'files':>6} {'findings':>9}")
    for requirement, files, count in totals:
        print(f"{requirement:<28} {files:>6} {count:>9}")
    files, count = sum(t[1] for t in totals), sum(t[2] for t in totals)
    print(f"{'total':<28} {files:>6} {count:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
