"""The front door in fresh interpreters: a memo hit imports none of the normal path, its
bytes (stdout and stderr interleaved) are the recorded run's; and its tables stay true to
the parser and to the environment variables the package reads."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_codehealth.cli import front, memo
from pytest_codehealth.cli.main import _parser
from pytest_codehealth.engine.cache import CACHE_DIR

PACKAGE = Path(front.__file__).parents[1]
# the front door's function, the clock 10 s on (files just written count as settled), then
# the modules loaded, one a line, to the file named by the first argument
SCRIPT = """
import sys, time
real = time.time_ns
time.time_ns = lambda: real() + 10_000_000_000
{body}
with open(sys.argv[1], "w") as stream:
    stream.write("\\n".join(sorted(sys.modules)))
raise SystemExit(code)
"""
FRONT = "from pytest_codehealth.cli.front import main\ncode = main(sys.argv[2:])"
NOT_ON_A_HIT = ("argparse", "typing", "dataclasses", "pathlib", "tomllib", "hashlib", "json")
NOT_OURS_ON_A_HIT = ("engine", "config", "rules", "report", "cli.main", "cli.check")


def _run(body: str, args: list[str], cwd: Path) -> tuple[int, bytes, set[str]]:
    """Exit code, stdout and stderr as one stream, and the modules loaded."""
    modules = cwd.parent / "modules.txt"
    script = SCRIPT.format(body=body)
    command = [sys.executable, "-c", script, str(modules), *args]
    done = subprocess.run(
        command, check=False, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    return done.returncode, done.stdout, set(modules.read_text().split("\n"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    (root / "small.py").write_text("import os\ntry:\n    os.f()\nexcept OSError:\n    pass\n")
    gone = '{"code": "CH002", "path": "gone.py", "symbol": "", "construct": "except", '
    entries = f'[{gone}"occurrence": 0}}]'
    (root / ".codehealth-baseline.json").write_text(
        f'{{"version": 1, "tool": "codehealth", "entries": {entries}}}'
    )
    return root


def test_a_hit_imports_nothing_of_the_normal_path_and_replays_the_same_bytes(
    project: Path,
) -> None:
    args = ["check", "small.py"]
    first = _run(FRONT, args, project)  # records (the cache folder is made: the root moves)
    second = _run(FRONT, args, project)  # records again, or hits
    hit = _run(FRONT, args, project)
    assert first[:2] == second[:2] == hit[:2]
    assert b"is fixed" in hit[1]  # stderr ...
    assert b"small.py:4:1: CH002" in hit[1]  # ... and stdout, in their order
    assert hit[0] == 1
    _, _, python_alone = _run("code = 0", [], project)
    ours = hit[2] - python_alone
    assert sorted(ours & set(NOT_ON_A_HIT)) == []
    normal = [name for name in ours if name.startswith(("pytest_codehealth.", *NOT_ON_A_HIT))]
    assert not [name for name in normal if name.split(".", 1)[1].startswith(NOT_OURS_ON_A_HIT)]
    assert "pytest_codehealth.engine.run" in first[2]  # the miss did run the engine


def test_the_console_script_is_the_front_door() -> None:
    import tomllib  # noqa: PLC0415

    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["codehealth"] == "pytest_codehealth.cli.front:main"


def test_an_unsettled_run_through_the_console_script_is_not_memoized(project: Path) -> None:
    script = Path(sys.executable).with_name("codehealth")
    later = 60_000_000_000 + os.stat(project / "small.py").st_mtime_ns
    os.utime(project / "small.py", ns=(later, later))  # written "in the future": never settled
    outputs = [
        subprocess.run([script, "check", "small.py"], check=False, cwd=project, capture_output=True)
        for _ in range(2)
    ]
    assert outputs[0].stdout == outputs[1].stdout
    assert b"CH002" in outputs[0].stdout
    assert not (project / CACHE_DIR / front.__version__ / memo.MEMO).exists()


def test_the_front_door_knows_every_flag_of_check() -> None:
    commands = next(
        action for action in _parser()._actions if action.dest == "command" and action.choices
    )
    check = commands.choices["check"]  # type: ignore[index]
    valued, plain = set(), set()
    for action in check._actions:
        flags = [flag for flag in action.option_strings if flag.startswith("--")]
        if not flags or flags == ["--help"]:
            continue
        (valued if action.nargs != 0 else plain).update(flags)
    assert valued == front.VALUED
    assert plain - {"--fix", "--diff"} == front.PLAIN


def test_the_key_holds_every_environment_variable_the_package_reads() -> None:
    read = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parent.name in ("server", "scorecard", "compat"):  # not what `check` runs
            continue
        text = path.read_text()
        read |= set(re.findall(r"environ(?:\.get\(|\[)\s*\"([A-Z_]+)\"", text))
        read |= set(re.findall(r"getenv\(\s*\"([A-Z_]+)\"", text))
    assert read
    assert read <= {*front.KEYED_ENV, *front.REFUSED_ENV}


def test_the_memo_lives_in_the_cache_folder() -> None:
    assert memo.CACHE_DIR == CACHE_DIR


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["rule", "CH002"]])
def test_a_pure_hit_imports_no_argparse_and_no_rule(project: Path, args: list[str]) -> None:
    _run(FRONT, ["check", "small.py"], project)  # a check makes the cache folder
    recorded = _run(FRONT, args, project)
    hit = _run(FRONT, args, project)
    assert hit[:2] == recorded[:2]
    assert hit[0] == 0
    _, _, python_alone = _run("code = 0", [], project)
    ours = hit[2] - python_alone
    assert sorted(ours & {"argparse", "typing", "textwrap", *NOT_ON_A_HIT}) == []
    assert not [name for name in ours if name.startswith("pytest_codehealth.rules")]
