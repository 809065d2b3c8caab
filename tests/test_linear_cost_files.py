"""Linear cost in files: twice the files is at most about twice the work, counted, never timed.

The work is the number of Python function calls (and calls into C) a whole run makes
(`engine.run.run`, no cache, one process) on a tree of N and 2N small files: a step that
grows with files x files (a list scanned per file, a lookup walking every module) shows as a
ratio well above 2. Every rule but CH030 is on: these files all repeat one chunk, so the
duplicate pairs CH030 must report grow with files x files by construction. Wall-time ratios
for 10,000 and 20,000 files live in `benchmarks/many_files.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.engine.run import run
from tests.test_linear_cost import CHUNK, HEADER


def _tree(root: Path, files: int) -> Path:
    for number in range(files):
        folder = root / f"pkg{number // 10}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"mod{number}.py").write_text(HEADER + CHUNK.format(n=number), "utf-8")
    return root


def _work(root: Path) -> int:
    settings = load_settings(None, cli_overrides(["ALL"], [], ["CH030"], [], []), root)
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        report = run(["."], settings, root, jobs=1, cache=False)
    finally:
        sys.setprofile(None)
    assert report.findings  # the rules ran and found the patterns
    return calls


def test_twice_the_files_is_at_most_about_twice_the_work(tmp_path: Path) -> None:
    run(["."], load_settings(None, {}, _tree(tmp_path / "warm-up", 2)), tmp_path / "warm-up")
    small = _work(_tree(tmp_path / "small", 40))
    large = _work(_tree(tmp_path / "large", 80))
    assert large / small <= 2.2
