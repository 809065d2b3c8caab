"""Our hooks, run the way users run them: `pre-commit try-repo` on a throwaway git repo."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
HOOK_IDS = [hook["id"] for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())]
GOOD = 'def greet(name: str) -> str:\n    return f"hello {name}"\n'
BAD = "try:\n    import json\nexcept Exception:\n    pass\n" + "x = 1\n" * 400

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--files", *files]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def _hook_results(output: str) -> dict[str, str]:
    """hook id -> Passed/Failed, from pre-commit's report (each name line, then `- hook id:`)."""
    names = {
        hook["name"]: hook["id"]
        for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    }
    results = {}
    for line in output.splitlines():
        match = re.match(
            r"^(?P<name>.+?)\.{3,}(?:\(no files to check\))?(?P<status>Passed|Failed|Skipped)$",
            line,
        )
        if match and match["name"] in names:
            results[names[match["name"]]] = match["status"]
    return results


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """One run on a bad and a good file, one on the good file alone (hook venvs built once)."""
    project = tmp_path_factory.mktemp("consumer")
    home = tmp_path_factory.mktemp("pre-commit-home")
    _git(project, "init", "-q")
    (project / "bad.py").write_text(BAD)
    (project / "good.py").write_text(GOOD)
    _git(project, "add", "bad.py", "good.py")
    both = _try_repo(project, home, "bad.py", "good.py")
    good = _try_repo(project, home, "good.py")
    for run in (both, good):
        assert "An error has occurred" not in run.stdout + run.stderr, run.stdout + run.stderr
    return both.stdout + both.stderr, good.stdout + good.stderr


def test_every_hook_passes_on_a_good_file(runs: tuple[str, str]) -> None:
    _, good = runs
    assert _hook_results(good) == dict.fromkeys(HOOK_IDS, "Passed"), good


@pytest.mark.parametrize(
    ("hook_id", "expected"),
    [
        (
            "codehealth",
            [
                "bad.py:1:1: CH001 module has 404 lines (limit 400)",
                "bad.py:3:1: CH002 `except Exception` swallows the error silently",
            ],
        ),
        ("codehealth-max-lines", ["bad.py:1:1: CH001 module has 404 lines (limit 400)"]),
        (
            "codehealth-silent-except",
            ["bad.py:3:1: CH002 `except Exception` swallows the error silently"],
        ),
    ],
)
def test_hook_fails_on_the_bad_file_with_our_message(
    runs: tuple[str, str], hook_id: str, expected: list[str]
) -> None:
    both, _ = runs
    assert _hook_results(both)[hook_id] == "Failed", both
    section = both.split(f"- hook id: {hook_id}\n", 1)[1].split("- hook id:", 1)[0]
    for line in expected:
        assert line in section.splitlines(), section
    assert "good.py" not in section
