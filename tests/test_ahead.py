"""The changed file analysed at once, in the worker the front door starts on a memo miss
(`core/early.py`, `engine/ahead.py`): used only for the very bytes and settings the run
analyses, never with `--jobs 1`, and what it looked at joins the memo's record."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli import front, memo
from pytest_codehealth.cli.main import main as plain_main
from pytest_codehealth.core import early
from pytest_codehealth.engine import ahead, freshness, run

SILENT = "import os\ntry:\n    os.f()\nexcept OSError:\n    pass\n"
CLEAN = "x = 1\n"
SERVICE = 'from app.client import r\n\n\nasync def save():\n    r.set("k", 1)\n'
CLIENT = "import redis.asyncio as redis\n\nr = redis.Redis()\n"


def _tree(root: Path) -> Path:
    (root / ".git").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.codehealth]\n")
    (root / "pkg").mkdir()
    (root / "pkg" / "a.py").write_text(SILENT)
    (root / "pkg" / "b.py").write_text(CLEAN)
    (root / "app").mkdir()
    (root / "app" / "__init__.py").write_text("")
    (root / "app" / "client.py").write_text(CLIENT)
    (root / "app" / "service.py").write_text(SERVICE)
    return root


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[Path]:
    """A checked tree, its cache filled; every file written counts as settled for the memo,
    and a core is idle (whatever the machine running the tests is doing)."""
    monkeypatch.setattr(front, "_spare_core", lambda: True)
    real = front.time.time_ns
    monkeypatch.setattr(front.time, "time_ns", lambda: real() + 10_000_000_000)
    for name in (*front.KEYED_ENV, *front.REFUSED_ENV):
        monkeypatch.delenv(name, raising=False)
    root = _tree(tmp_path / "proj")
    monkeypatch.chdir(root)
    plain_main(["check", "."])
    capsys.readouterr()
    yield root
    early.end()


class Analysed:
    """The files this process analysed (`run.analyse_bytes`, as the run calls it)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.displays: list[str] = []
        real = run.analyse_bytes

        def counted(display: str, *args: Any) -> Any:
            self.displays.append(display)
            return real(display, *args)

        monkeypatch.setattr(run, "analyse_bytes", counted, raising=False)


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> Analysed:
    return Analysed(monkeypatch)


def _plain(root: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """What a run prints in a fresh copy of the tree as it is now, with nothing ahead."""
    copy = root.parent / "copy"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".codehealth_cache"))
    cwd = Path.cwd()
    os.chdir(copy)
    try:
        code = plain_main(args)
    finally:
        os.chdir(cwd)
    return code, capsys.readouterr().out


def _checked(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = plain_main(args)
    return code, capsys.readouterr().out


STARTS = [
    pytest.param((["check", "--jobs", "2", "."], "pkg/b.py", "pkg/b.py"), id="edited"),
    pytest.param((["check", "--jobs", "1", "."], "pkg/b.py", None), id="jobs-1"),
    pytest.param((["check", "--jobs=1", "."], "pkg/b.py", None), id="jobs=1"),
    pytest.param((["check", "--jobs", "2", "."], "pyproject.toml", None), id="config-edited"),
    pytest.param((["check", "--jobs", "2", "."], None, None), id="hit"),
]


@pytest.mark.parametrize("case", STARTS)
def test_a_memo_miss_starts_the_analysis_of_the_changed_python_file(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[list[str], str | None, str | None],
) -> None:
    args, edited, started = case
    front.main(args)  # recorded
    front.main(args)  # a hit, or recorded again
    asked: list[str] = []
    monkeypatch.setattr(early, "start", asked.append)
    if edited is not None:
        with (project / edited).open("a") as stream:
            stream.write("# edited\n")
    front.main(args)
    capsys.readouterr()
    assert asked == ([] if started is None else [str(project / started)])


def test_the_run_takes_the_worker_s_answer_for_the_file_sent(
    project: Path, analysed: Analysed, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pkg" / "b.py").write_text(SILENT + "# edited\n")
    early.start(str(project / "pkg" / "b.py"))
    args = ["check", "--jobs", "2", "."]
    taken = _checked(args, capsys)
    assert analysed.displays == []
    assert taken == _checked(args, capsys)  # from the cache
    assert taken == _plain(project, args, capsys)


def _stale_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The file changes again between the worker's read and the run's."""
    real = ahead.read
    monkeypatch.setattr(ahead, "read", lambda *args: real(*args) + b"y = 2\n")


def _killed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies before it answers."""
    real = early.start

    def start(path: str) -> None:
        real(path)
        os.kill(early._STARTED[0].pid, signal.SIGKILL)

    monkeypatch.setattr(early, "start", start)


def _unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    return None


OTHER_WAYS: list[Any] = [
    pytest.param((["--jobs", "2"], _stale_bytes), id="bytes-changed-since-sent"),
    pytest.param((["--jobs", "2"], _killed), id="worker-killed"),
    pytest.param((["--jobs", "1"], _unchanged), id="jobs-1"),
]


@pytest.mark.parametrize("case", OTHER_WAYS)
def test_otherwise_the_run_analyses_the_file_itself(
    project: Path,
    analysed: Analysed,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[list[str], Callable[[pytest.MonkeyPatch], None]],
) -> None:
    flags, arrange = case
    (project / "pkg" / "b.py").write_text(SILENT + "# edited\n")
    arrange(monkeypatch)
    early.start(str(project / "pkg" / "b.py"))
    worker = early._STARTED[0].pid
    args = ["check", *flags, "."]
    checked = _checked(args, capsys)
    assert analysed.displays == ["pkg/b.py"]
    assert checked == _plain(project, args, capsys)
    assert early._STARTED == []
    with pytest.raises(ChildProcessError):  # ended and reaped
        os.waitpid(worker, os.WNOHANG)


def test_a_run_that_stops_before_it_takes_the_worker_ends_it(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["check", "--jobs", "2", "."]
    (project / "pkg" / "b.py").write_text(SILENT + "# edited\n")
    front.main(args)  # recorded, `pkg/b.py` the most recently changed input
    (project / "pkg" / "b.py").write_text(CLEAN + "# edited again\n")
    (project / "pyproject.toml").write_text("[tool.codehealth]\nselect = 5\n")
    started: list[int] = []
    real = early.start

    def start(path: str) -> None:
        real(path)
        started.append(early._STARTED[0].pid)

    monkeypatch.setattr(early, "start", start)
    assert front.main(args) == 2  # the config error, before the run takes the worker
    capsys.readouterr()
    assert len(started) == 1
    assert early._STARTED == []
    with pytest.raises(ChildProcessError):
        os.waitpid(started[0], os.WNOHANG)


def test_the_memo_records_what_the_worker_looked_at(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worker's import lookups (`app/client.py`, the folders searched) join the record,
    as they do when this process analyses the file."""
    stored: list[memo.Entry] = []
    real = memo.store

    def store(folder: str, entry: memo.Entry) -> None:
        stored.append(entry)
        real(folder, entry)

    monkeypatch.setattr(memo, "store", store)
    inputs = {}
    for jobs in ("2", "1"):
        args = ["check", "--jobs", jobs, "app"]
        front.main(args)  # recorded: the next run after an edit is a miss
        with (project / "app" / "service.py").open("a") as stream:
            stream.write(f"# edited {jobs}\n")
        stored.clear()
        front.main(args)
        capsys.readouterr()
        (entry,) = stored
        inputs[jobs] = {path for path, _ in entry[1]}
    assert str(project / "app" / "client.py") in inputs["2"]
    assert inputs["2"] == inputs["1"]


FACTS_EDITS = [
    pytest.param(CLIENT + "# edited\n", id="same-facts"),
    pytest.param(CLIENT.replace("redis.asyncio", "redis"), id="other-facts"),
]


@pytest.mark.parametrize("text", FACTS_EDITS)
@pytest.mark.parametrize("ready", [True, False])
def test_the_worker_tells_the_facts_files_importing_the_changed_one_compare(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    text: str,
    ready: bool,
) -> None:
    """`app/service.py` follows `app/client.py`'s client: the worker says what the client's
    facts are now, so this process neither imports the rule nor parses the module for them;
    unless the worker has not said it yet when they are needed (this process does not wait)."""
    monkeypatch.setattr(ahead, "_ready", lambda worker: ready)  # True: read, waiting if need be
    worked_out: list[str] = []
    real = freshness._same_facts
    monkeypatch.setattr(
        freshness, "_same_facts", lambda *args: worked_out.append(args[1]) or real(*args)
    )
    (project / "app" / "client.py").write_text(text)
    early.start(str(project / "app" / "client.py"))
    args = ["check", "--jobs", "2", "."]
    checked = _checked(args, capsys)
    assert set(worked_out) == (set() if ready else {str(project / "app" / "client.py")})
    assert checked == _plain(project, args, capsys)


@pytest.mark.parametrize(
    ("load", "started"),
    [
        pytest.param(0.2, True, id="idle"),
        pytest.param(1.8, True, id="runs-back-to-back"),  # one core busy on average: ours
        pytest.param(2.2, False, id="busy"),
    ],
)
def test_the_worker_starts_only_when_a_core_is_idle(
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    load: float,
    started: bool,
) -> None:
    monkeypatch.undo()  # the real `_spare_core`, on a machine of two cores with this load
    monkeypatch.chdir(project)
    real = front.time.time_ns
    monkeypatch.setattr(front.time, "time_ns", lambda: real() + 10_000_000_000)
    monkeypatch.setattr(front.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(front.os, "getloadavg", lambda: (load, load, load))
    args = ["check", "--jobs", "2", "."]
    front.main(args)
    asked: list[str] = []
    monkeypatch.setattr(early, "start", asked.append)
    (project / "pkg" / "b.py").write_text(SILENT + "# edited\n")
    front.main(args)
    capsys.readouterr()
    assert asked == ([str(project / "pkg" / "b.py")] if started else [])


def test_the_file_sent_ahead_is_waited_for_after_the_others(
    project: Path,
    analysed: Analysed,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two files changed: this process analyses the other one while the worker works."""
    (project / "pkg" / "a.py").write_text(SILENT + "# edited\n")
    (project / "pkg" / "b.py").write_text(SILENT + "# edited too\n")
    real = ahead.Sent.result

    def result(self: ahead.Sent) -> object:
        analysed.displays.append("(the worker's answer)")
        return real(self)

    monkeypatch.setattr(ahead.Sent, "result", result)
    early.start(str(project / "pkg" / "a.py"))
    args = ["check", "--jobs", "2", "."]
    checked = _checked(args, capsys)
    assert analysed.displays == ["pkg/b.py", "(the worker's answer)"]
    assert checked == _plain(project, args, capsys)


def test_a_file_whose_result_the_cache_holds_is_not_sent(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run since the memo's entry analysed the file (a run within the settle window, which
    the memo does not keep): the cache serves it, the worker is ended unasked."""
    (project / "pkg" / "b.py").write_text(SILENT + "# edited\n")
    args = ["check", "--jobs", "2", "."]
    analysed_before = _checked(args, capsys)
    sent: list[object] = []
    monkeypatch.setattr(ahead, "_sent", lambda worker, job: sent.append(job) or True)
    early.start(str(project / "pkg" / "b.py"))
    worker = early._STARTED[0].pid
    assert _checked(args, capsys) == analysed_before
    assert sent == []
    with pytest.raises(ChildProcessError):
        os.waitpid(worker, os.WNOHANG)
