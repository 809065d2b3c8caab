"""Bad input, continued: paths that cannot be listed or read, and where the run looks.

Permissions only mean something to an unprivileged user: as root (CI's containers) each
row runs `codehealth` as `nobody` through `setpriv`, in a folder outside pytest's private
temporary tree; every mode is restored afterwards so the folder can be removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.load import cli_overrides, find_config, load_settings
from pytest_codehealth.core import reading
from pytest_codehealth.engine.run import run

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
FOUND = "`except OSError` swallows the error silently"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
ROOT = Path(__file__).resolve().parents[1]
POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def _as_user() -> list[str]:
    """The prefix that runs a command without root's right to read everything."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    probe = [*NOBODY, sys.executable, "-c", "import pytest_codehealth.cli.main"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if subprocess.run(probe, capture_output=True, env=env, check=False, cwd="/").returncode:
        pytest.skip("the unprivileged user cannot run this Python or read this checkout")
    return NOBODY


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder the unprivileged user can enter; modes restored before it is removed."""
    folder = Path(tempfile.mkdtemp(prefix="codehealth-perm-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for current, dirs, _ in os.walk(folder):  # top down: a 000 folder hides its children
            for name in dirs:
                os.chmod(os.path.join(current, name), 0o755)
        shutil.rmtree(folder)


def _write(path: Path, text: str = "x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _codehealth(cwd: Path, *argv: str) -> tuple[int, list[str], str]:
    """Exit code, stdout lines and stderr of the CLI run as an unprivileged user."""
    command = [*_as_user(), sys.executable, "-m", "pytest_codehealth.cli.main", "check"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [*command, "--no-cache", "--jobs", "1", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return result.returncode, result.stdout.splitlines(), result.stderr


@pytest.fixture
def tree(shared: Path) -> Path:
    """`ok.py`, `locked/` (mode 000, holding `hidden.py`), `listless/` (mode 311)."""
    _write(shared / "ok.py", SWALLOW)
    _write(shared / "locked" / "hidden.py", SWALLOW)
    _write(shared / "listless" / "inner.py", SWALLOW)
    (shared / "locked").chmod(0)
    (shared / "listless").chmod(0o311)
    return shared


LISTLESS = "listless:1:1: CH000 cannot list folder: Permission denied"
LOCKED = "locked:1:1: CH000 cannot list folder: Permission denied"


@POSIX
@pytest.mark.parametrize(
    ("argv", "stdout"),
    [
        pytest.param(
            ["listless"],
            [LISTLESS, "codehealth: 1 finding in 1 file (0 files checked)"],
            id="folder-311-named",
        ),
        pytest.param(
            ["locked"],
            [LOCKED, "codehealth: 1 finding in 1 file (0 files checked)"],
            id="folder-000-named",
        ),
        pytest.param(
            ["locked/hidden.py"],
            [
                "locked/hidden.py:1:1: CH000 cannot read file: Permission denied",
                "codehealth: 1 finding in 1 file (1 file checked)",
            ],
            id="file-in-folder-000-named",
        ),
        pytest.param(
            ["."],
            [
                LISTLESS,
                LOCKED,
                f"ok.py:3:1: CH002 {FOUND}",
                "codehealth: 3 findings in 3 files (1 file checked)",
            ],
            id="tree-with-both",
        ),
        pytest.param(
            ["--select", "CH020", "."],
            [LISTLESS, LOCKED, "codehealth: 2 findings in 2 files (1 file checked)"],
            id="tree-with-both-project-rule",
        ),
    ],
)
def test_what_cannot_be_listed_or_read(tree: Path, argv: list[str], stdout: list[str]) -> None:
    assert _codehealth(tree, *argv) == (1, stdout, "")


@POSIX
def test_a_file_listed_but_not_readable_is_ch000(shared: Path) -> None:
    _write(shared / "secret.py").chmod(0)
    _write(shared / "ok.py")
    expected = ["secret.py:1:1: CH000 cannot read file: Permission denied"]
    assert _codehealth(shared, ".") == (1, [*expected, _summary(1, 2)], "")


def _summary(findings: int, files: int) -> str:
    return f"codehealth: {findings} finding in {findings} file ({files} files checked)"


# whole-project rules: the project is the config's folder, else the repository, else the
# paths given; never the current folder's subtree when it is not a project, never `/`

CYCLE = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg import b\n",
    "pkg/b.py": "from pkg import a\n",
}


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the run reads, by absolute path."""
    seen: list[str] = []
    real = reading.read_regular

    def spy(path: Path, limit: int | None = None) -> bytes:
        seen.append(os.path.abspath(path))
        return real(path, limit)

    monkeypatch.setattr(reading, "read_regular", spy)
    return seen


def _project_run(cwd: Path, *paths: str) -> list[str]:
    settings = load_settings(
        find_config(cwd / paths[0]), cli_overrides(["CH020"], [], [], [], []), cwd
    )
    return [finding.format() for finding in run(list(paths), settings, cwd).findings]


def test_outside_a_project_only_the_given_paths_are_read(tmp_path: Path, opened: list[str]) -> None:
    for name, text in CYCLE.items():
        _write(tmp_path / "work" / name, text)
    _write(tmp_path / "elsewhere" / "big.py")
    assert _project_run(tmp_path, "work/pkg/a.py") == []
    assert opened == [str(tmp_path / "work" / "pkg" / "a.py")]


def test_inside_a_repository_the_repository_is_the_project(
    tmp_path: Path, opened: list[str]
) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    for name, text in CYCLE.items():
        _write(tmp_path / "repo" / name, text)
    _write(tmp_path / "elsewhere.py")
    (finding,) = _project_run(tmp_path, "repo/pkg/a.py")
    assert finding.startswith("repo/pkg/a.py:1:1: CH020 import cycle")
    assert sorted(set(opened)) == [str(tmp_path / "repo" / name) for name in sorted(CYCLE)]


@POSIX
def test_from_the_file_system_root_only_the_given_file_is_read(shared: Path) -> None:
    target = _write(shared / "a.py", "import b\n")
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--no-cache"]
    result = subprocess.run(
        [*command, "--select", "CH020", str(target)],
        cwd="/",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "codehealth: 1 file checked, no findings\n",
        "",
    )


@pytest.mark.parametrize(
    "argv",
    [["check"], ["check", "/"], ["baseline"], ["snapshot", "json"]],
    ids=["check", "check-absolute", "baseline", "snapshot"],
)
def test_running_from_a_deleted_folder(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    error = "codehealth: error: the current folder no longer exists; `cd` to an existing one"
    assert (main(argv), capsys.readouterr().err) == (2, error + "\n")
