"""The parent of a run holds every file's result and facts: the cyclic GC would walk them again
and again while it parses the pool's answers and runs the whole-project pass, for no garbage
(results, facts and the project pass's tables hold no cycles). It is paused for the run."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.engine import batch
from pytest_codehealth.engine import run as engine_run
from pytest_codehealth.engine.run import run

CODE = "".join(f"value_{i} = compute({i}, data)\n" for i in range(8))


def _collections_during_run(
    root: Path, jobs: int, cache: bool, monkeypatch: pytest.MonkeyPatch
) -> list[int]:
    for index in range(batch.POOL_THRESHOLD):
        (root / f"m{index:02}.py").write_text(f"import m{(index + 1) % 40:02}\n{CODE}")
    cli = cli_overrides(["ALL"], [], [], [], [])
    settings = load_settings(None, cli, root)
    collected: list[int] = []
    inside: list[bool] = []  # the run's body is running
    body = engine_run._run

    def running(*args: Any) -> engine_run.Report:
        inside.append(True)
        try:
            return body(*args)
        finally:
            inside.clear()

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and inside:
            collected.append(info["generation"])

    monkeypatch.setattr(engine_run, "_run", running)

    gc.collect()
    before = gc.get_threshold()
    gc.set_threshold(1)  # a collection at every allocation of a tracked object, if enabled
    gc.callbacks.append(record)
    try:
        report = run(["."], settings, root, jobs=jobs, cache=cache)
    finally:
        gc.callbacks.remove(record)
        gc.set_threshold(*before)
    assert any(finding.code == "CH030" for finding in report.findings)
    assert any(finding.code == "CH020" for finding in report.findings)
    return collected


@pytest.mark.parametrize(("jobs", "cache"), [(1, False), (2, False), (2, True)])
def test_the_cyclic_gc_is_paused_for_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int, cache: bool
) -> None:
    monkeypatch.chdir(tmp_path)
    assert gc.isenabled()
    assert _collections_during_run(tmp_path, jobs, cache, monkeypatch) == []
    assert gc.isenabled()


def test_a_run_leaves_a_paused_gc_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    gc.disable()
    try:
        _collections_during_run(tmp_path, 1, False, monkeypatch)
        assert not gc.isenabled()
    finally:
        gc.enable()
