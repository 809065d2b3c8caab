"""Memory: a file's tree (and everything built from it) is freed as soon as its result is out.

Checked with a weak reference to the tree, while the cyclic GC is still paused: freed then,
reference counting did it, so the GC never walks the tree (a tree it found alive would be
walked and promoted, and a tree kept by a cache adds to the peak). Peak RSS figures live in
`benchmarks/memory.py`.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import subprocess
import sys
import tracemalloc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import cli_overrides, load_settings
from pytest_codehealth.core import digests
from pytest_codehealth.core.findings import FileResult, Finding
from pytest_codehealth.core.source import SourceFile, index_nodes, parse
from pytest_codehealth.engine import analysis, batch, finder, pool, run
from tests.test_linear_cost import generated


@pytest.mark.parametrize("select", [None, ["ALL"]], ids=["default", "all"])
def test_the_tree_is_freed_before_the_cyclic_gc_resumes(
    select: list[str] | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides = {} if select is None else cli_overrides(select, [], [], [], [])
    settings = load_settings(None, overrides, tmp_path)
    trees: list[weakref.ref[object]] = []
    alive_at_resume: list[bool] = []
    real_parse, real_paused = analysis.parse, analysis.gc_paused

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

    monkeypatch.setattr(analysis, "parse", parse)
    monkeypatch.setattr(analysis, "gc_paused", paused)
    result = analysis.analyse_bytes("m.py", generated(20), settings.for_parts(("m.py",)))
    assert result.findings  # the rules ran and found things
    assert alive_at_resume == [False]


def test_without_the_cache_each_file_is_read_just_before_it_is_analysed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Streamed: a run never holds every file's bytes at once (nor sends them to workers)."""
    for name in ("a.py", "b.py", "c.py"):
        (tmp_path / name).write_text("try:\n    f()\nexcept OSError:\n    pass\n")
    events: list[str] = []
    real_read, real_analyse = analysis.read, analysis.analyse

    def read(path: Path, display: str, limit: int | None = None) -> bytes | Finding:
        events.append(f"read {display}")
        return real_read(path, display, limit)

    def analyse(src: SourceFile, *args: object) -> object:
        events.append(f"analyse {src.path}")
        return real_analyse(src, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(analysis, "read", read)
    monkeypatch.setattr(analysis, "analyse", analyse)
    report = run.run(["."], load_settings(None, {}, tmp_path), tmp_path, jobs=1, cache=False)
    assert [finding.path for finding in report.findings] == ["a.py", "b.py", "c.py"]
    assert events == [
        f"{step} {name}" for name in ("a.py", "b.py", "c.py") for step in ("read", "analyse")
    ]


CHECK_THEN_MODULES = """
import sys
from pytest_codehealth.cli.main import main
main(["check", "--no-cache", *sys.argv[1:], "."])
print(sorted(sys.modules))
"""


@pytest.mark.parametrize("flags", [[], ["--jobs", "1"]], ids=["default", "jobs-1"])
def test_a_check_without_the_cache_loads_no_openssl(flags: list[str], tmp_path: Path) -> None:
    """`_hashlib` maps libcrypto (about 3.5 MiB resident): fingerprints and the digests of the
    modules a check follows need CPython's own SHA-256 only."""
    (tmp_path / "app.py").write_text("from db import client\nclient.set('k', 1)\n")
    (tmp_path / "db.py").write_text("import redis\nclient = redis.Redis()\n")
    (tmp_path / "slow.py").write_text("try:\n    f()\nexcept OSError:\n    pass\n")
    script = [sys.executable, "-c", CHECK_THEN_MODULES, *flags]
    result = subprocess.run(script, capture_output=True, text=True, check=True, cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert any("CH002" in line for line in lines)  # the gates ran and reported
    assert "_hashlib" not in ast.literal_eval(lines[-1])


@pytest.mark.parametrize("data", [b"", b"abc", bytes(range(256)) * 1000])
def test_digests_are_sha256(data: bytes) -> None:
    assert digests.sha256(data).hexdigest() == hashlib.sha256(data).hexdigest()
    assert digests.bulk(data).hexdigest() == hashlib.sha256(data).hexdigest()
    grown = digests.sha256()
    grown.update(data)
    assert grown.hexdigest() == hashlib.sha256(data).hexdigest()


def _in_process(submitted: list[str]) -> Any:
    """A stand-in for `pool.map_chunks` that runs the chunks here and records the order."""

    def map_chunks(call: Any, chunks: list[list[tuple[Any, ...]]], workers: int) -> list[Any]:
        submitted.extend(arguments[0] for chunk in chunks for arguments in chunk)
        return [[call(*arguments) for arguments in chunk] for chunk in chunks]

    return map_chunks


def _named(display: str, data: object, *rest: object) -> FileResult:
    return FileResult([], {"display": display})


@pytest.mark.parametrize("read", [False, True], ids=["paths", "bytes"])
def test_a_pool_gets_the_largest_files_first_and_gives_results_in_order(
    read: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each worker's peak is its largest tree on top of what it grew to: the largest files go
    first, while the workers are lean (and the longest jobs do not end the run alone)."""
    sizes = [(index * 37) % 50 for index in range(50)]
    pending = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"m{index:02}.py"
        path.write_text("x = 1\n" * size)
        data = path.read_bytes() if read else path
        pending.append(batch.Pending(path.name, data, settings=None, key=""))  # type: ignore[arg-type]
    submitted: list[str] = []
    monkeypatch.setattr(pool, "map_chunks", _in_process(submitted))
    results = batch.analyse_all(pending, 2, _named)
    assert [result.facts["display"] for result in results] == [item.display for item in pending]
    by_size = sorted(pending, key=lambda item: -sizes[int(item.display[1:3])])
    assert submitted == [item.display for item in by_size]


def test_a_chunk_holds_a_bounded_share_of_the_files_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker holds its whole chunk while it parses the chunk's first file: the bytes the
    parent read for the cache go in chunks of at most `CHUNK_BYTES` (a larger file alone), not
    a fixed number of the largest files (2.3 MiB on Django's first chunk)."""
    sizes = [300_000, 90_000, *([60_000] * 10), *([2_000] * 100)]
    pending = [
        batch.Pending(f"m{index:03}.py", b"x" * size, settings=None, key="")  # type: ignore[arg-type]
        for index, size in enumerate(sizes)
    ]
    shapes: list[list[int]] = []

    def map_chunks(call: Any, chunks: list[list[tuple[Any, ...]]], workers: int) -> list[Any]:
        shapes.extend([len(arguments[1]) for arguments in chunk] for chunk in chunks)
        return [[call(*arguments) for arguments in chunk] for chunk in chunks]

    monkeypatch.setattr(pool, "map_chunks", map_chunks)
    results = batch.analyse_all(pending, 2, _named)
    assert [result.facts["display"] for result in results] == [item.display for item in pending]
    assert [size for shape in shapes for size in shape] == sorted(sizes, reverse=True)
    assert shapes[0] == [300_000]  # larger than a chunk's share: alone
    assert all(sum(shape) <= batch.CHUNK_BYTES for shape in shapes[1:])
    assert len(shapes) < len(sizes) // 4  # small files still travel many to a chunk


def test_a_python_without_its_own_sha256_hashes_with_openssl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, digests._OWN, None)  # `import` of it raises ImportError
    assert digests._own() is digests.bulk


def test_the_node_index_costs_a_reference_and_a_position_per_node() -> None:
    """The index every rule shares is about a third of the tree's size when it holds a
    (position, node) pair per node; two flat columns per type hold the same in 16 bytes."""
    tree = ast.parse(generated(40).decode())
    nodes = sum(1 for _ in ast.walk(tree))
    tracemalloc.start()
    try:
        index = index_nodes(tree)
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert index
    assert size / nodes < 24


def test_nodes_of_several_types_come_in_source_order() -> None:
    src = parse(b"import a\nx = 1\nfrom b import c\ndef f():\n    import d\n", "m.py")
    assert isinstance(src, SourceFile)
    found = [type(node).__name__ for node in src.nodes(ast.ImportFrom, ast.Import)]
    assert found == ["Import", "ImportFrom", "Import"]
    assert [node.lineno for node in src.nodes(ast.Import)] == [1, 5]
    assert list(src.nodes(ast.ClassDef)) == []


@pytest.mark.parametrize(("cache", "recorded"), [(False, False), (True, True)])
def test_only_a_run_with_the_cache_records_what_each_check_read(
    cache: bool, recorded: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `depends-on` records (files read, where imports led, the stat of the folders that
    answer rests on) serve the cache only: without it no worker builds them, nor sends them,
    and the parent keeps none of them for the whole run."""
    (tmp_path / "db.py").write_text("import redis\nclient = redis.asyncio.Redis()\n")
    (tmp_path / "app.py").write_text("from db import client\n\nasync def f():\n    client.set(1)\n")
    results: list[FileResult] = []
    real_analyse = run.analyse_bytes

    def analyse(*args: Any) -> FileResult:
        results.append(real_analyse(*args))
        return results[-1]

    monkeypatch.setattr(run, "analyse_bytes", analyse)
    report = run.run(["."], load_settings(None, {}, tmp_path), tmp_path, jobs=1, cache=cache)
    assert [finding.code for finding in report.findings if finding.path == "app.py"] == ["CH005"]
    assert any(run.DEPENDS_ON in result.facts for result in results) is recorded


def test_the_selected_rules_are_imported_before_the_first_tree_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module imported while a tree is alive scatters its objects among the tree's, which
    keeps the tree's memory mapped under every later tree of the process."""
    settings = load_settings(None, {}, tmp_path).for_parts(("m.py",))
    events: list[str] = []
    real_parse, real_registered = analysis.parse, analysis.registered

    def parse(data: bytes, display: str) -> SourceFile | Finding:
        events.append("parse")
        return real_parse(data, display)

    def registered(code: str) -> Any:
        events.append(code)
        return real_registered(code)

    monkeypatch.setattr(analysis, "parse", parse)
    monkeypatch.setattr(analysis, "registered", registered)
    result = analysis.analyse_bytes("m.py", b"try:\n    f()\nexcept OSError:\n    pass\n", settings)
    assert [finding.code for finding in result.findings] == ["CH002"]
    codes = sorted(info.code for info, _ in settings.rules)
    assert events.index("parse") == len(codes)
    assert sorted(events[: len(codes)]) == codes


def test_a_run_keeps_the_digests_of_the_modules_it_follows_not_their_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each module a check follows is read, its facts worked out once, and its bytes dropped:
    no process holds the project's files while it checks the next one."""
    (tmp_path / "db.py").write_text("import redis\nclient = redis.asyncio.Redis()\n")
    (tmp_path / "util.py").write_text("LIMIT = 1\n")
    for index in range(3):
        (tmp_path / f"app{index}.py").write_text(
            "from db import client\nfrom util import LIMIT\n\nasync def f():\n"
            "    client.set('k', LIMIT)\n"
        )
    live: list[str] = []

    class Tracked(bytes):
        """Bytes that say when they are freed (bytes take no weak reference)."""

        def __del__(self) -> None:
            live.remove(self.decode())

    def tracked_read(path: Path, display: str, limit: int | None = None) -> bytes | Finding:
        data = real_read(path, display, limit)
        if isinstance(data, bytes):
            live.append(data.decode())
            return Tracked(data)
        return data

    real_read = finder.read
    monkeypatch.setattr(finder, "read", tracked_read)
    report = run.run(["."], load_settings(None, {}, tmp_path), tmp_path, jobs=1, cache=False)
    assert sorted(finding.path for finding in report.findings if finding.code == "CH005") == [
        "app0.py",
        "app1.py",
        "app2.py",
    ]
    assert live == []


def test_a_module_read_again_is_used_only_while_it_says_what_the_run_first_read(
    tmp_path: Path,
) -> None:
    module = tmp_path / "db.py"
    module.write_text("client = 1\n")
    finding = finder.Finder(str(tmp_path))
    first = finding.read(str(module))
    assert first is not None
    assert first[0] == b"client = 1\n"
    assert finding.read(str(module)) == (None, first[1])  # the run keeps the digest only
    assert finding.reread(str(module), first[1]) == b"client = 1\n"
    module.write_text("client = 2\n")
    assert finding.reread(str(module), first[1]) is None
    assert finding.read(str(module)) == (None, first[1])  # the run's answer stands
