"""The whole-project pass (CH020, CH021, CH030) served from the cache when no file changed.

Its key is every project file's displayed path, folder parts, settings and the digest of its
bytes, with the project rules' options: a warm run with nothing changed does not run the
pass again and says exactly what a cold run says; any change to a file of the project, a
file added or removed, or another option runs it again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import run as engine
from tests.plugin.project import finding_lines

DUPLICATED = "".join(f"def f{n}(a, b):\n    c = a + b\n    return c * {n}\n\n" for n in range(4))
FILES = {
    "pkg/__init__.py": "",
    "pkg/a.py": "from pkg.b import x\n",
    "pkg/b.py": "import pkg.a\nx = 1\n",
    "pkg/one.py": DUPLICATED,
    "pkg/two.py": DUPLICATED,
}
CHECK = ["check", "--jobs", "1", "--select", "CH020,CH021,CH030"]
Change = Callable[[Path], None]


def _write(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text)


CHANGES = [  # a change to the project, the options of the run after it
    pytest.param(lambda root: _write(root, "pkg/b.py", "x = 1\n"), [], id="cycle-broken"),
    pytest.param(lambda root: _write(root, "pkg/b.py", "import pkg.a\nx = 2\n"), [], id="edit"),
    pytest.param(lambda root: (root / "pkg/two.py").unlink(), [], id="file-removed"),
    pytest.param(lambda root: _write(root, "pkg/three.py", DUPLICATED), [], id="file-added"),
    pytest.param(
        lambda root: os.rename(root / "pkg/two.py", root / "pkg/deux.py"), [], id="file-renamed"
    ),
    pytest.param(
        lambda root: _write(root, "pkg/a.py", "from pkg.b import x  # noqa: CH020\n"),
        [],
        id="finding-suppressed",
    ),
    pytest.param(lambda root: None, ["--select", "CH020,CH021"], id="fewer-rules"),
    pytest.param(lambda root: None, ["--option", "duplicate-code.min-lines=12"], id="other-option"),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for name, text in FILES.items():
        _write(tmp_path, name, text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The whole-project passes run (each with the number of files it saw)."""
    seen: list[int] = []
    original = engine.project_findings

    def spy(rules: object, targets: list[object], *args: object) -> object:
        seen.append(len(targets))
        return original(rules, targets, *args)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(engine, "project_findings", spy)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main([*CHECK, *args])
    return code, finding_lines(capsys.readouterr().out.splitlines())


def test_nothing_changed_serves_the_pass_from_the_cache(
    project: Path, capsys: pytest.CaptureFixture[str], passes: list[int]
) -> None:
    cold = _run(capsys, "--no-cache", ".")
    assert {line.split()[1] for line in cold[1]} == {"CH020", "CH030"}
    assert _run(capsys, ".") == cold
    passes.clear()
    assert _run(capsys, ".") == cold
    assert passes == []


@pytest.mark.parametrize(("change", "options"), CHANGES)
def test_any_change_runs_the_pass_again(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    passes: list[int],
    change: Change,
    options: list[str],
) -> None:
    _run(capsys, ".")
    change(project)
    passes.clear()
    warm = _run(capsys, *options, ".")
    assert passes != []
    assert warm == _run(capsys, "--no-cache", *options, ".")


def test_a_run_on_some_files_shows_what_a_cold_one_shows(
    project: Path, capsys: pytest.CaptureFixture[str], passes: list[int]
) -> None:
    """The findings kept are those about the files given, or naming them (`related`)."""
    _run(capsys, ".")
    for subset in (["pkg/b.py"], ["pkg/two.py"], ["pkg/__init__.py"]):
        cold = _run(capsys, "--no-cache", *subset)
        passes.clear()
        assert _run(capsys, *subset) == cold
        assert passes == []


@pytest.mark.parametrize("named", [".", "pkg"], ids=["project-named", "a-folder-of-it"])
def test_the_project_is_walked_once_when_the_run_names_it(
    named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The whole-project pass walks the project; when that is the folder the run was given,
    the run's own walk is it (Django with `--select ALL`: 885 files, 2,454 folders, twice)."""
    for name, text in FILES.items():
        _write(tmp_path, name, text)
    (tmp_path / ".git").mkdir()
    walked: list[list[str]] = []
    real = engine.discover

    def discover(paths: list[str], *args: object, **kwargs: object) -> object:
        walked.append(list(paths))
        return real(paths, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "discover", discover)
    monkeypatch.chdir(tmp_path)
    assert main([*CHECK, "--no-cache", named]) == 1
    out = capsys.readouterr().out
    assert "CH020" in out
    assert "CH030" in out
    assert len(walked) == (1 if named == "." else 2)
