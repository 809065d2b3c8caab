"""Memory: a file's tree (and everything built from it) is freed as soon as its result is out.

Checked with a weak reference to the tree, while the cyclic GC is still paused: freed then,
reference counting did it, so the GC never walks the tree (a tree it found alive would be
walked and promoted, and a tree kept by a cache adds to the peak). Peak RSS figures live in
`benchmarks/memory.py`.
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.core.findings import Finding
from pytest_codehealth.core.source import SourceFile
from pytest_codehealth.engine import run
from tests.test_linear_cost import generated


@pytest.mark.parametrize("select", [None, ["ALL"]], ids=["default", "all"])
def test_the_tree_is_freed_before_the_cyclic_gc_resumes(
    select: list[str] | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = {} if select is None else cli_overrides(select, [], [], [], [])
    settings = load_settings(None, overrides, tmp_path)
    trees: list[weakref.ref[object]] = []
    alive_at_resume: list[bool] = []
    real_parse, real_paused = run.parse, run.gc_paused

    def parse(data: bytes, display: str) -> SourceFile | Finding:
        loaded = real_parse(data, display)
        assert isinstance(loaded, SourceFile)
        trees.append(weakref.ref(loaded.tree))
        return loaded

    @contextlib.contextmanager
    def paused() -> Iterator[None]:
        with real_paused():
            yield
            alive_at_resume.append(trees[-1]() is not None)

    monkeypatch.setattr(run, "parse", parse)
    monkeypatch.setattr(run, "gc_paused", paused)
    result = run.analyse_bytes("m.py", generated(20), settings.for_parts(("m.py",)))
    assert result.findings  # the rules ran and found things
    assert alive_at_resume == [False]
