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
REDIS_BAD = 'import redis.asyncio as redis\nr = redis.Redis()\nasync def f():\n    r.delete("k")\n'
REDIS_LINE = "redis_bad.py:4:5: CH005 `r.delete()` is not awaited: the command never runs"
UUID_BAD = (
    'import time\nimport uuid\nopt_id = f"opt_{int(time.time())}"\ntoken = uuid.uuid1().hex\n'
)
UUID_LINES = [
    "uuid_bad.py:3:10: CH003 `opt_id` is built from the clock reading `time.time()`; "
    '`--fix` makes it `f"opt_{uuid.uuid4()}"`',
    "uuid_bad.py:4:9: CH004 `uuid.uuid1()` embeds the MAC address and the time; use "
    "`uuid.uuid4()`, or `uuid.uuid7()` on Python 3.14+ for time-ordered ids",
]
COMPLEX_BAD = (
    "def route(x):\n"
    + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(10))
    + "    return -1\n"
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _try_repo(project: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "--files", *files]
    return subprocess.run(
        command, check=False, cwd=project, env=env, capture_output=True, text=True
    )


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
    (project / "redis_bad.py").write_text(REDIS_BAD)
    (project / "complex_bad.py").write_text(COMPLEX_BAD)
    (project / "uuid_bad.py").write_text(UUID_BAD)
    bad = ["bad.py", "redis_bad.py", "complex_bad.py", "uuid_bad.py"]
    _git(project, "add", "good.py", *bad)
    both = _try_repo(project, home, "good.py", *bad)
    good = _try_repo(project, home, "good.py")
    for run in (both, good):
        assert "An error has occurred" not in run.stdout + run.stderr, run.stdout + run.stderr
    return both.stdout + both.stderr, good.stdout + good.stderr


def test_every_hook_passes_on_a_good_file(runs: tuple[str, str]) -> None:
    _, good = runs
    assert _hook_results(good) == dict.fromkeys(HOOK_IDS, "Passed"), good


MAX_LINES = "bad.py:1:1: CH001 module has 404 lines (limit 400)"
SILENT = "bad.py:3:1: CH002 `except Exception` swallows the error silently"
COMPLEX = (
    "complex_bad.py:1:1: CH010 function `route` has cyclomatic complexity 11, rank C (limit 10)"
)


@pytest.mark.parametrize(
    ("hook_id", "expected"),
    [
        ("codehealth", [MAX_LINES, SILENT, REDIS_LINE, COMPLEX, *UUID_LINES]),
        ("codehealth-uuid-ids", UUID_LINES),
        ("codehealth-max-lines", [MAX_LINES]),
        ("codehealth-silent-except", [SILENT]),
        ("codehealth-complexity", [COMPLEX]),
        ("codehealth-await-redis", [REDIS_LINE]),
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
