"""The pool: fresh worker processes that hold only what the analysis needs.

A worker forked from the run held everything the run had imported (the command line, the
configuration loader, discovery, the cache, `concurrent.futures` and `logging`; under pytest,
pytest itself) on top of its largest tree; a fresh `python -P` running `engine.worker` imports
the analysis and the selected rules only. Peak RSS figures live in
`benchmarks/process_memory.py`.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.load import load_settings
from pytest_codehealth.engine import batch, pool
from pytest_codehealth.engine import run as engine_run
from tests import pool_calls

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
# what a worker must not hold: the run's own machinery, a forked pool's, the test runner's
NOT_IN_A_WORKER = (
    "_pytest",
    "argparse",
    "concurrent.futures",
    "dataclasses",  # the analysis's records are `core.record`'s: no `inspect`, `dis`
    "datetime",
    "dis",
    "inspect",
    "logging",
    "multiprocessing",
    "pickle",  # the C pickler is enough
    "pytest",
    "pytest_codehealth.cli",
    "pytest_codehealth.config.load",
    "pytest_codehealth.engine.cache",
    "pytest_codehealth.engine.pool",
    "pytest_codehealth.engine.run",
    "threading",  # only for a tree too deep for the stack
    "tomllib",
)


def _pending(root: Path, count: int = batch.POOL_THRESHOLD) -> list[batch.Pending]:
    settings = load_settings(None, {}, root)
    pending = []
    for index in range(count):
        path = root / f"m{index:02}.py"
        path.write_text(SWALLOW if index % 2 else "x = 1\n" * index)
        pending.append(batch.Pending(path.name, path, settings.for_parts((path.name,)), ""))
    return pending


def test_a_worker_holds_only_what_the_analysis_needs(tmp_path: Path) -> None:
    results = batch.analyse_all(_pending(tmp_path), 2, pool_calls.analyse_then_list_modules)
    assert sum(len(result.findings) for result in results) == batch.POOL_THRESHOLD // 2
    assert len({result.facts["pid"] for result in results}) == 2  # two workers did the work
    for result in results:
        held = set(result.facts["modules"])
        assert "pytest_codehealth.rules.except_.silent_except" in held  # the rules it ran
        assert sorted(held & set(NOT_IN_A_WORKER)) == []


def test_what_a_file_left_in_reference_cycles_is_freed_before_the_next_file(
    tmp_path: Path,
) -> None:
    """Between files a worker collects (and freezes what survives, so that collecting stays
    cheap): the analysis pauses the cyclic GC, whose next turn would otherwise come late."""
    results = batch.analyse_all(_pending(tmp_path), 2, pool_calls.leave_a_cycle_then_check)
    assert [result.facts["last file's cycle alive"] for result in results].count(True) == 0


def test_a_worker_keeps_no_result_while_it_analyses_the_next_file(tmp_path: Path) -> None:
    """Each result goes to the parent as soon as it is known: one kept for the whole chunk was
    made while its tree was alive, sits among the tree's objects and keeps its memory mapped."""
    results = batch.analyse_all(_pending(tmp_path), 2, pool_calls.weakly_held_result)
    assert [result.display for result in results] == [f"m{index:02}.py" for index in range(40)]
    assert [result.last_alive for result in results].count(True) == 0


def test_a_pool_gives_what_one_process_gives(tmp_path: Path) -> None:
    pending = _pending(tmp_path, 60)
    pooled = batch.analyse_all(pending, 2, pool_calls.print_then_analyse)  # prints too
    assert pooled == batch.analyse_all(pending, 1, pool_calls.print_then_analyse)


def test_an_exception_in_a_worker_is_raised_by_the_run(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"failed on m\d\d\.py"):
        batch.analyse_all(_pending(tmp_path), 2, pool_calls.fail)


def test_a_worker_that_ends_without_answering_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(pool.WorkerError, match=r"ended before it answered \(exit code 3\)"):
        batch.analyse_all(_pending(tmp_path), 2, pool_calls.exit_now)


def test_a_worker_runs_no_module_of_the_checked_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The worker starts in the checked folder: with `-P`, a `pickle.py` there is not the
    standard library's `pickle` (nothing the user owns is run)."""
    _pending(tmp_path)
    ran = tmp_path.parent / "ran"
    (tmp_path / "pickle.py").write_text(f"open({str(ran)!r}, 'w').close()\n")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--no-cache", "--jobs", "2", "."]) == 1
    assert capsys.readouterr().out.count("CH002") == batch.POOL_THRESHOLD // 2
    assert not ran.exists()


def _checked_with_the_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`codehealth check --jobs 2 .` with the cache, recording when a worker starts and when
    the parent reads a file (to hash it for the cache)."""
    events: list[str] = []
    start, read = pool._start, engine_run.read

    def starting() -> object:
        events.append("start")
        return start()

    def reading(*args: object) -> object:
        events.append("read")
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "_start", starting)
    monkeypatch.setattr(engine_run, "read", reading)
    monkeypatch.chdir(root)
    assert main(["check", "--jobs", "2", "."]) == 1
    monkeypatch.undo()
    return events


def test_the_workers_start_while_the_parent_reads_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A cold run with the cache reads and hashes every file in the parent first: the workers
    are started before that, so their interpreters and imports do not wait for it."""
    _pending(tmp_path)
    events = _checked_with_the_cache(tmp_path, monkeypatch)
    assert events[:2] == ["start", "start"]
    assert events.count("start") == 2
    assert capsys.readouterr().out.count("CH002") == batch.POOL_THRESHOLD // 2
    assert pool._ahead() == []


def test_workers_started_ahead_that_no_file_needs_are_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the index every file looks new, but the cache's entries by content still hold
    each result: the workers started ahead get no file and are ended."""
    _pending(tmp_path)
    _checked_with_the_cache(tmp_path, monkeypatch)
    first = capsys.readouterr().out
    for index in (tmp_path / ".codehealth_cache").rglob("index*"):
        index.unlink()
    started: list[subprocess.Popen[bytes]] = []
    start = pool._start

    def starting() -> subprocess.Popen[bytes]:
        started.append(start())
        return started[-1]

    monkeypatch.setattr(pool, "_start", starting)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--jobs", "2", "."]) == 1
    assert capsys.readouterr().out == first
    assert len(started) == 2
    assert [process.returncode for process in started] == [0, 0]
    assert pool._ahead() == []


def test_workers_started_ahead_belong_to_the_thread_that_started_them() -> None:
    """Two runs in two threads of one process (the editor server) each take only their own."""
    pool.start_ahead(pool_calls.fail, 1)
    seen: list[int] = []
    thread = threading.Thread(target=lambda: seen.append(len(pool._ahead())))
    thread.start()
    thread.join()
    assert len(pool._ahead()) == 1
    pool.stop_ahead()
    assert seen == [0]
    assert pool._ahead() == []


def test_a_worker_the_run_sent_nothing_ends_quietly() -> None:
    """The run ended (an error, Ctrl-C) between starting a worker and sending it the function:
    the worker sees the end of its input and exits 0, printing nothing."""
    worker = pool._start()
    pool._close(worker)
    assert worker.returncode == 0
