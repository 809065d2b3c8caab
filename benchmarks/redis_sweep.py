"""Precision sweep for CH005-CH008: run them over real code bases that use Redis.

Downloads each package from PyPI with `pip download --no-deps` into a folder (a temporary
one unless `--keep DIR` is given), unpacks it and runs the four Redis rules on every `.py`
file, printing the files scanned and each finding, to be read by a person: a finding is
either a real bug or a false positive of ours.

    python benchmarks/redis_sweep.py                 # the default packages
    python benchmarks/redis_sweep.py --keep /tmp/sweep arq limits
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.config.rule_options import RedisClients
from pytest_codehealth.core.source import SourceFile, load
from pytest_codehealth.engine.modules import Imports, Probe
from pytest_codehealth.engine.run import run
from pytest_codehealth.rules.redis._exports import exports, exports_wanted
from pytest_codehealth.rules.redis._sites import analyse

PACKAGES = (
    "arq",
    "rq",
    "fastapi-cache2",
    "limits",
    "celery",
    "aiocache",
    "saq",
    "taskiq-redis",
    "redis-om",
    "dramatiq",
    "django-redis",
    "broadcaster",
    "channels-redis",
    "aiogram",
    "litestar",
    "faststream",
    "fastapi-limiter",
    "python-socketio",
    "kombu",
    "coredis",
    "redis",
)
CODES = ["CH005", "CH006", "CH007", "CH008"]


def fetch(package: str, root: Path) -> Path:
    """Download and unpack one distribution; returns the folder holding its files."""
    target = root / package
    if target.exists():
        return target
    downloads = root / "_downloads" / package
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
    subprocess.run([*pip, "-d", str(downloads), package], check=True)
    for archive in sorted(downloads.iterdir()):
        if archive.suffix == ".whl" or archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as bundle:
                bundle.extractall(target)
        elif archive.name.endswith((".tar.gz", ".tgz")):
            with tarfile.open(archive) as bundle:
                bundle.extractall(target, filter="data")
    return target


def sweep(folder: Path) -> tuple[int, list[str]]:
    settings = load_settings(None, cli_overrides(CODES, [], [], [], []), folder)
    report = run([str(folder)], settings, folder)
    findings = [f.format() for f in report.findings if f.code in CODES]
    return report.files_checked, findings


def recognised(folder: Path) -> Counter[str]:
    """Calls on Redis objects the rules recognised, by family (so a clean run means something),
    with the package's other modules read as the engine reads them."""
    counts: Counter[str] = Counter()
    options = RedisClients()
    for path in folder.rglob("*.py"):
        source = load(path, str(path))
        if isinstance(source, SourceFile):
            view = Imports(path.resolve(), Probe(folder.resolve()), exports, options)
            view.wanted = exports_wanted
            counts.update(site.kind.family for site in analyse(source, options, view).sites)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("packages", nargs="*", default=list(PACKAGES))
    parser.add_argument("--keep", type=Path, help="download into this folder and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        root = args.keep or Path(temporary)
        root.mkdir(parents=True, exist_ok=True)
        totals: Counter[str] = Counter()
        for package in args.packages:
            folder = fetch(package, root)
            files, findings = sweep(folder)
            calls = recognised(folder)
            totals.update(calls)
            totals["files"] += files
            totals["findings"] += len(findings)
            seen = ", ".join(f"{count} {family}" for family, count in sorted(calls.items()))
            print(f"{package}: {files} files, calls on Redis objects: {seen or 'none'}; ", end="")
            print(f"{len(findings)} findings")
            for line in findings:
                print(f"    {line}")
        seen_calls = sum(totals[family] for family in ("redis", "coredis", "sync"))
        print(f"total: {totals['files']} files, {seen_calls} calls, {totals['findings']} findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
