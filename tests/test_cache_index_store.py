"""What the cache's index holds: files that exist, small records, digests the run can trust.

The index drops a file that no longer exists; whole-project facts stay in the file's entry
(read only for a file that has some), so the index stays small; a dependency whose stat is as
indexed is not read again to check the files that import it.
"""

from __future__ import annotations

import json
import marshal
import os
import time
import zlib
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.core.findings import FileResult
from pytest_codehealth.engine import cache, finder
from pytest_codehealth.engine import run as engine

AN_HOUR_AGO = time.time() - 3600
INDEX_HEAD = b"codehealth index, marshal 4, crc32\n"
SWALLOWED = "`except OSError` swallows the error silently"
CYCLE = {"a.py": "import b\n\nX = 1\n", "b.py": "import a\n\nY = 2\n"}
REDIS = {
    "app/__init__.py": "",
    "app/db.py": "import redis.asyncio as redis\n\nclient = redis.from_url('redis://x')\n",
    "app/users.py": "from app.db import client\n\n\nasync def f(key):\n    client.delete(key)\n",
}


def _project(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()
    for name, text in files.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(text)
        os.utime(root / name, (AN_HOUR_AGO, AN_HOUR_AGO))  # settled: trusted on its stat


def _records(root: Path) -> dict[str, list[object]]:
    """The index's records: a `marshal` document after its CRC-32 (a JSON parse of 1 MB cost a
    warm Django run 6 ms, and writing it back after one change 11 ms; `marshal` takes 3 and 2;
    a CRC, unlike SHA-256, needs no OpenSSL loaded when no file is read)."""
    raw = (root / cache.CACHE_DIR / cache.__version__ / cache.INDEX).read_bytes()
    head, crc = raw[: len(INDEX_HEAD)], raw[len(INDEX_HEAD) : len(INDEX_HEAD) + 8]
    body = raw[len(INDEX_HEAD) + 9 :]
    assert head == INDEX_HEAD
    assert crc == b"%08x" % zlib.crc32(body)
    files: dict[str, list[object]] = marshal.loads(body)["files"]
    return files


def _spied_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the files read to check what another file depends on."""
    seen: list[str] = []
    original = finder.read

    def spy(path: Path, display: str, limit: int | None = None) -> object:
        seen.append(display)
        return original(path, display, limit)

    monkeypatch.setattr(finder, "read", spy)
    return seen


def _spied_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the files the engine analyses (parses and runs the rules on)."""
    seen: list[str] = []
    original = engine.analyse_bytes

    def spy(display: str, data: bytes, *args: object) -> FileResult:
        seen.append(display)
        return original(display, data, *args)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(engine, "analyse_bytes", spy)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", "--jobs", "1", *argv])
    return code, capsys.readouterr().out


def test_a_deleted_file_is_dropped_from_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, {"keep.py": "x = 1\n", "gone.py": "y = 2\n", "sub/old.py": "z = 3\n"})
    monkeypatch.chdir(tmp_path)
    _run(capsys, ".")
    assert sorted(_records(tmp_path)) == ["gone.py", "keep.py", "sub/old.py"]
    (tmp_path / "gone.py").unlink()
    (tmp_path / "sub/old.py").unlink()
    assert _run(capsys, ".") == (0, "codehealth: 1 file checked, no findings\n")
    assert sorted(_records(tmp_path)) == ["keep.py"]


@pytest.mark.parametrize(
    ("argv", "kept"),
    [
        pytest.param(["sub"], ["keep.py", "old/gone.py", "sub/edited.py"], id="a-folder"),
        pytest.param(
            ["sub/edited.py"],
            ["keep.py", "old/gone.py", "sub/edited.py", "sub/gone.py"],
            id="files",
        ),
        pytest.param(["."], ["keep.py", "sub/edited.py"], id="the-project"),
    ],
)
def test_a_run_drops_the_files_gone_from_the_folders_it_walked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    kept: list[str],
) -> None:
    """A run on files (a hook's) keeps the records it did not look up: no stat for them."""
    files = {"keep.py": "x = 1\n", "old/gone.py": "y = 2\n", "sub/gone.py": "", "sub/edited.py": ""}
    _project(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    _run(capsys, ".")
    for name in ("old/gone.py", "sub/gone.py"):
        (tmp_path / name).unlink()
    (tmp_path / "sub/edited.py").write_text("w = 1\n")
    os.utime(tmp_path / "sub/edited.py", (AN_HOUR_AGO, AN_HOUR_AGO + 1))
    _run(capsys, *argv)
    assert sorted(_records(tmp_path)) == kept


def test_whole_project_facts_stay_out_of_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, CYCLE)
    monkeypatch.chdir(tmp_path)
    first = _run(capsys, "--extend-select", "CH020", ".")
    assert "CH020" in first[1]
    assert "CH020" not in json.dumps(_records(tmp_path))
    assert _run(capsys, "--extend-select", "CH020", ".") == first  # facts read from the entries


def test_a_lost_entry_is_a_miss_for_whole_project_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, CYCLE)
    monkeypatch.chdir(tmp_path)
    first = _run(capsys, "--extend-select", "CH020", ".")
    for entry in (tmp_path / cache.CACHE_DIR).rglob("*.json"):
        entry.unlink()
    code = main(["check", "--jobs", "1", "--extend-select", "CH020", "."])
    out, err = capsys.readouterr()
    assert (code, out, err) == (*first, "")  # a plain miss: no note of a damaged index


def test_a_dependency_the_index_vouches_for_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path, REDIS)
    monkeypatch.chdir(tmp_path)
    first = _run(capsys, "app")
    assert "app/users.py:5:5: CH005" in first[1]
    seen = _spied_reads(monkeypatch)
    assert _run(capsys, "app") == first
    assert seen == []


def test_a_dependency_edited_in_its_body_is_parsed_once_then_vouched_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The dependant's record follows the new digest: the next run reads nothing."""
    _project(tmp_path, REDIS)
    monkeypatch.chdir(tmp_path)
    first = _run(capsys, "app")
    (tmp_path / "app/db.py").write_text(REDIS["app/db.py"] + "\n\ndef ttl():\n    return 60\n")
    os.utime(tmp_path / "app/db.py", (AN_HOUR_AGO, AN_HOUR_AGO + 1))
    assert _run(capsys, "app") == first
    seen = _spied_reads(monkeypatch)
    assert _run(capsys, "app") == first
    assert seen == []


@pytest.mark.parametrize(("bytes_per_file", "loaded"), [(cache.INDEX_BYTES_PER_FILE, 1), (10, 0)])
def test_a_run_on_few_files_of_a_large_index_reads_their_entries_instead(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bytes_per_file: int,
    loaded: int,
) -> None:
    files = {f"m{n}.py": f"try:\n    f()\nexcept OSError:\n    pass  # {n}\n" for n in range(8)}
    _project(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    _run(capsys, ".")
    before = _records(tmp_path)
    monkeypatch.setattr(cache, "INDEX_BYTES_PER_FILE", bytes_per_file)
    reads: list[Path] = []
    original = cache.Cache._read_index

    def spy(self: cache.Cache) -> dict[str, object]:
        reads.append(self.folder)
        return original(self)

    monkeypatch.setattr(cache.Cache, "_read_index", spy)
    analysed = _spied_analyses(monkeypatch)
    code, out = _run(capsys, "m3.py")
    assert (code, out.splitlines()[0]) == (1, "m3.py:3:1: CH002 " + SWALLOWED)
    assert (len(reads), analysed) == (loaded, [])
    assert _records(tmp_path) == before


def test_an_index_of_the_json_layout_is_left_to_the_build_that_wrote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two builds of one version, before and after the `marshal` layout (a benchmark's paired
    runs), share the cache folder: neither notes the other's index as corrupt or rewrites it."""
    _project(tmp_path, {"a.py": "x = 1\n"})
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / cache.CACHE_DIR / cache.__version__
    folder.mkdir(parents=True)
    json_layout = b'{"sha256": "' + b"0" * 64 + b'", "files": {}}'
    (folder / "index").write_bytes(json_layout)
    for _ in range(2):
        assert main(["check", "--jobs", "1", "."]) == 0
        assert capsys.readouterr().err == ""
    assert (folder / "index").read_bytes() == json_layout
    assert sorted(_records(tmp_path)) == ["a.py"]
