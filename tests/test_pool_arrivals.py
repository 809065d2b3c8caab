"""The parent's work on each result (a cache entry written) overlaps the pool's: it is done as
each result arrives, not in one serial stretch after the last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine import batch, cache, pool
from pytest_codehealth.engine.analysis import analyse_bytes
from tests.test_pool import _pending


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_result_is_given_once_as_it_arrives(tmp_path: Path, jobs: int) -> None:
    pending = _pending(tmp_path)
    arrived: dict[int, FileResult] = {}

    def arriving(index: int, result: FileResult) -> None:
        assert index not in arrived
        arrived[index] = result

    results = batch.analyse_all(pending, jobs, analyse_bytes, arriving)
    assert [arrived[index] for index in range(len(pending))] == results
    assert results == batch.analyse_all(pending, 1, analyse_bytes)


def test_cache_entries_are_written_while_the_workers_still_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _pending(tmp_path)
    events: list[str] = []
    receive, put = pool._receive, cache.Cache.put

    def receiving(process: Any) -> Any:
        events.append("answer")
        return receive(process)

    def putting(self: cache.Cache, key: str, result: FileResult) -> None:
        events.append("entry")
        put(self, key, result)

    monkeypatch.setattr(pool, "_receive", receiving)
    monkeypatch.setattr(cache.Cache, "put", putting)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--jobs", "2", "."]) == 1
    monkeypatch.undo()
    first = capsys.readouterr().out
    assert events.count("entry") == events.count("answer") == batch.POOL_THRESHOLD
    last_answer = len(events) - 1 - events[::-1].index("answer")
    assert events.index("entry") < last_answer
    entries = list((tmp_path / ".codehealth_cache").rglob("*.json"))
    assert len(entries) == batch.POOL_THRESHOLD
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--jobs", "2", "."]) == 1  # from the cache: the same report
    assert capsys.readouterr().out == first
