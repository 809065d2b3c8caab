"""The console script's front door: a `check` replayed from the memo only while every input
is as recorded; anything else re-runs and prints the new truth.

In process, through `front.main`, with the clock moved 10 s on (`later`) so that files just
written count as settled (`SETTLE_NS`); the subprocess tests are in `test_front_process.py`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli import front, memo
from pytest_codehealth.cli.main import main as plain_main
from pytest_codehealth.engine.baseline import render_entries
from pytest_codehealth.engine.cache import INDEX

SILENT = "import os\ntry:\n    os.f()\nexcept OSError:\n    pass\n"
CLEAN = "x = 1\n"
LONG = "x = 1\n" * 12
SERVICE = 'from app.client import r\n\n\nasync def save():\n    r.set("k", 1)\n'
CLIENT = "import redis.asyncio as redis\n\nr = redis.Redis()\n"
Outcome = tuple[int, str, str]


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file written so far is older than the settle window."""
    real = front.time.time_ns
    monkeypatch.setattr(front.time, "time_ns", lambda: real() + 10_000_000_000)


@pytest.fixture
def project(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    later: None,
) -> Path:
    root = tmp_path / "proj"
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    (root / "pkg").mkdir()
    (root / "pkg" / "a.py").write_text(SILENT)
    (root / "pkg" / "b.py").write_text(CLEAN)
    (root / "plain").mkdir()  # no imports: the finder looks at no folder here
    (root / "plain" / "deep").mkdir()
    (root / "plain" / "deep" / "b.py").write_text(CLEAN)
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "service.py").write_text(SERVICE)
    monkeypatch.chdir(root)
    for name in (*front.KEYED_ENV, *front.REFUSED_ENV):
        monkeypatch.delenv(name, raising=False)
    plain_main(["check", "."])  # the cache folder made (the project's folder moves), indexed
    capsys.readouterr()
    return root


class Runs:
    """`front.main` runs, counting those that went down the normal path."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        self.normal = 0
        self.capsys = capsys
        real = front._normal

        def counted(args: list[str]) -> int:
            self.normal += 1
            return real(args)

        monkeypatch.setattr(front, "_normal", counted)

    def front(self, args: list[str]) -> Outcome:
        code = front.main(args)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def plain(self, args: list[str]) -> Outcome:
        """What the normal path prints, with no memo in front of it."""
        code = plain_main(args)
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runs:
    return Runs(monkeypatch, capsys)


def _write_same_size_same_mtime(path: Path, text: str) -> None:
    info = path.stat()
    assert len(text.encode()) == info.st_size
    path.write_text(text)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def _baseline_without_entries(root: Path) -> None:
    (root / ".codehealth-baseline.json").write_text(render_entries({}))


Change = Callable[[Path, pytest.MonkeyPatch], None]
CHANGES: list[tuple[str, list[str], Change, bool]] = [
    ("edited", ["check", "pkg"], lambda r, m: (r / "pkg/b.py").write_text(SILENT), True),
    (
        "same-size-same-mtime",
        ["check", "pkg"],
        lambda r, m: _write_same_size_same_mtime(r / "pkg/a.py", SILENT.replace("pass", "f(1)")),
        True,
    ),
    ("file-added", ["check", "pkg"], lambda r, m: (r / "pkg/c.py").write_text(SILENT), True),
    ("file-removed", ["check", "pkg"], lambda r, m: (r / "pkg/a.py").unlink(), True),
    (
        "file-added-no-imports",
        ["check", "plain"],
        lambda r, m: (r / "plain/deep/c.py").write_text(LONG),
        True,
    ),
    (
        "file-removed-no-imports",
        ["check", "plain"],
        lambda r, m: (r / "plain/deep/b.py").unlink(),
        True,
    ),
    (
        "folder-added",
        ["check", "pkg"],
        lambda r, m: (r / "pkg/sub").mkdir() or (r / "pkg/sub/d.py").write_text(SILENT),
        True,
    ),
    (
        "folder-added-no-imports",
        ["check", "plain"],
        lambda r, m: (r / "plain/deep/sub").mkdir() or (r / "plain/deep/sub/d.py").write_text(LONG),
        True,
    ),
    (
        "config-edited",
        ["check", "pkg"],
        lambda r, m: (r / "pyproject.toml").write_text('[tool.codehealth]\nignore = ["CH002"]\n'),
        True,
    ),
    (
        "config-created-in-a-parent",
        ["check", "pkg/a.py"],
        lambda r, m: (r / "pkg/pyproject.toml").write_text(
            '[tool.codehealth]\nselect = ["CH001"]\n'
        ),
        True,
    ),
    (
        "module-created-where-an-import-found-nothing",
        ["check", "app/service.py"],
        lambda r, m: (r / "app/client.py").write_text(CLIENT),
        True,
    ),
    (
        "env-changed",
        ["check", "--format", "gitlab", "pkg"],
        lambda r, m: m.setenv("CI_PROJECT_DIR", str(r.parent)),
        True,
    ),
    ("columns-changed", ["check", "pkg"], lambda r, m: m.setenv("COLUMNS", "40"), False),
    ("cwd-changed", ["check", "."], lambda r, m: m.chdir(r / "pkg"), True),
    ("version-changed", ["check", "pkg"], lambda r, m: m.setattr(front, "__version__", "9"), False),
]


@pytest.mark.parametrize("case", [pytest.param(case[1:], id=case[0]) for case in CHANGES])
def test_a_change_re_runs_and_prints_the_new_truth(
    project: Path,
    runs: Runs,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[list[str], Change, bool],
) -> None:
    args, change, changes_output = case
    recorded = runs.front(args)
    assert runs.normal == 1
    assert runs.front(args) == recorded  # the hit: byte for byte, and the exit code
    assert runs.normal == 1
    change(project, monkeypatch)
    after = runs.front(args)
    assert runs.normal == 2
    assert after == runs.plain(args)
    assert (after != recorded) == changes_output


def test_argv_is_part_of_the_key(project: Path, runs: Runs) -> None:
    everything = runs.front(["check", "pkg"])
    only_size = runs.front(["check", "--select", "CH001", "pkg"])
    assert runs.normal == 2
    assert only_size == runs.plain(["check", "--select", "CH001", "pkg"]) != everything
    assert runs.front(["check", "pkg"]) == everything
    assert runs.front(["check", "--select", "CH001", "pkg"]) == only_size
    assert runs.normal == 2


def test_the_baseline_edited_re_runs(project: Path, runs: Runs) -> None:
    assert runs.plain(["baseline"])[0] == 0
    recorded = runs.front(["check", "pkg"])
    assert recorded[0] == 0
    assert runs.front(["check", "pkg"]) == recorded
    _baseline_without_entries(project)
    after = runs.front(["check", "pkg"])
    assert runs.normal == 2
    assert after[0] == 1
    assert after == runs.plain(["check", "pkg"])


def test_stdout_and_stderr_are_replayed(project: Path, runs: Runs) -> None:
    gone = [
        {
            "code": "CH002",
            "path": "pkg/gone.py",
            "symbol": "",
            "construct": "except",
            "occurrence": 0,
        }
    ]
    document = {"version": 1, "tool": "codehealth", "entries": gone}
    (project / ".codehealth-baseline.json").write_text(json.dumps(document))
    recorded = runs.front(["check", "pkg"])
    assert "is fixed" in recorded[2]
    assert runs.front(["check", "pkg"]) == recorded
    assert runs.normal == 1


def test_a_file_changed_within_the_settle_window_is_never_memoized(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(front.time, "time_ns", lambda: os.stat(project / "pkg/a.py").st_mtime_ns)
    runs.front(["check", "pkg"])
    runs.front(["check", "pkg"])
    assert runs.normal == 2
    assert _entries(project) == []


NEVER = [
    pytest.param(["check", "--fix", "pkg"], {}, id="fix"),
    pytest.param(["check", "--diff", "pkg"], {}, id="diff"),
    pytest.param(["check", "--no-cache", "pkg"], {}, id="no-cache"),
    pytest.param(["check", "--sel", "CH001", "pkg"], {}, id="abbreviated-flag"),
    pytest.param(["check", "--", "pkg"], {}, id="double-dash"),
    pytest.param(["baseline"], {}, id="baseline"),
    pytest.param(["check", "pkg"], {"GITHUB_STEP_SUMMARY": "summary.md"}, id="step-summary"),
]


@pytest.mark.parametrize(("args", "env"), NEVER)
def test_runs_with_side_effects_or_unknown_flags_are_never_memoized(
    project: Path,
    runs: Runs,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    env: dict[str, str],
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    runs.front(args)
    runs.front(args)
    assert runs.normal == 2
    assert _entries(project) == []


def test_a_run_that_noted_a_corrupt_cache_is_not_memoized(project: Path, runs: Runs) -> None:
    runs.front(["check", "pkg"])
    (entry,) = _entries(project)
    entry.unlink()
    (_memo(project).parent / INDEX).write_bytes(b"garbage")
    assert "corrupt cache index" in runs.front(["check", "pkg"])[2]
    assert _entries(project) == []


def test_an_interrupted_run_is_not_memoized(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(args: list[str]) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr("pytest_codehealth.cli.main.main", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runs.front(["check", "pkg"])
    assert _entries(project) == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"\x00garbage" * 9, id="garbage"),
        pytest.param(lambda data: data.replace(b"memo-2", b"memo-0"), id="other-format"),
        pytest.param(lambda data: memo.marshal.dumps((memo.FORMAT, (1, 2))), id="bad-entry"),
        pytest.param(lambda data: memo.marshal.dumps([memo.FORMAT]), id="not-a-pair"),
        pytest.param(lambda data: _with_inputs(data, (("pkg", ()),)), id="empty-signature"),
        pytest.param(lambda data: _with_inputs(data, ((b"pkg", (-1,)),)), id="path-not-text"),
        pytest.param(lambda data: _with_inputs(data, (("pkg",),)), id="input-not-a-pair"),
        pytest.param(lambda data: _with_inputs(data, [("pkg", (-1,))]), id="inputs-not-a-tuple"),
    ],
)
def test_a_corrupt_memo_is_a_miss_and_is_replaced(
    project: Path, runs: Runs, damage: Callable[[bytes], bytes]
) -> None:
    recorded = runs.front(["check", "pkg"])
    (entry,) = _entries(project)
    entry.write_bytes(damage(entry.read_bytes()))
    assert runs.front(["check", "pkg"]) == recorded
    assert runs.normal == 2
    assert runs.front(["check", "pkg"]) == recorded
    assert runs.normal == 2


def test_a_file_where_the_memo_folder_goes_is_replaced(project: Path, runs: Runs) -> None:
    _memo(project).parent.mkdir(parents=True, exist_ok=True)
    _memo(project).write_bytes(b"an older layout")
    recorded = runs.front(["check", "pkg"])
    assert len(_entries(project)) == 1
    assert runs.front(["check", "pkg"]) == recorded
    assert runs.normal == 1


def test_the_memo_keeps_the_most_recent_entries(project: Path, runs: Runs) -> None:
    commands = [["check", f"--exclude=x{number}", "pkg"] for number in range(memo.ENTRIES + 1)]
    for args in commands:
        runs.front(args)
    runs.front(commands[-1])
    runs.front(commands[1])
    assert runs.normal == len(commands)
    assert len(_entries(project)) == memo.ENTRIES
    runs.front(commands[0])  # the oldest was dropped
    assert runs.normal == len(commands) + 1


def _with_inputs(data: bytes, inputs: object) -> bytes:
    """The memo entry with its inputs replaced."""
    tag, (key, _, chunks, code) = memo.marshal.loads(data)
    return memo.marshal.dumps((tag, (key, inputs, chunks, code)))


def _memo(root: Path) -> Path:
    return root / memo.CACHE_DIR / front.__version__ / memo.MEMO


def _entries(root: Path) -> list[Path]:
    """The memo's entry files (none if it has no folder)."""
    folder = _memo(root)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_run_with_worker_processes_is_not_memoized(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's import lookups would be missing from the record: the next run records."""
    monkeypatch.setattr("pytest_codehealth.engine.batch.POOL_THRESHOLD", 2)
    args = ["check", "--jobs", "2", "--no-baseline", "app", "pkg"]
    for name in ("a.py", "b.py"):  # two files to analyse
        (project / "pkg" / name).write_text(CLEAN + f"# {name}\n")
    pooled = runs.front(args)
    assert _entries(project) == []
    assert runs.front(args) == pooled  # from the index, in this process: recorded
    assert runs.front(args) == pooled
    assert runs.normal == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda root: (root / "pkg/b.py").write_text(SILENT), id="edited"),
        pytest.param(
            lambda root: _write_same_size_same_mtime(
                root / "pkg/a.py", SILENT.replace("pass", "f(1)")
            ),
            id="same-size-same-mtime",
        ),
    ],
)
def test_a_hook_run_that_leaves_the_index_alone_re_runs_on_an_edit(
    project: Path, runs: Runs, monkeypatch: pytest.MonkeyPatch, change: Callable[[Path], None]
) -> None:
    """A run on few files of a large project reads them without the index (`worth_indexing`)."""
    monkeypatch.setattr("pytest_codehealth.engine.cache.INDEX_BYTES_PER_FILE", 0)
    args = ["check", "pkg"]  # files found by the walk, not named (a named one is stat'ed)
    recorded = runs.front(args)
    assert runs.front(args) == recorded
    change(project)
    after = runs.front(args)
    assert runs.normal == 2
    assert after == runs.plain(args) != recorded
