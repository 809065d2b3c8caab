"""Config files parsed once per content (`config/parsed.py`): a run whose config holds the
bytes an earlier run parsed takes that document, without `tomllib`; any other bytes, a
document `marshal` cannot hold or a damaged file are parsed as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config import parsed
from pytest_codehealth.engine import cache
from tests.test_startup import _loaded_after

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
CONFIG = '[tool.codehealth]\nselect = ["CH002"]\n'


@pytest.fixture
def project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A project whose cache folder a first run made (a config is kept only beside a cache)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "a.py").write_text(SWALLOW + "x = 1\n" * 3)
    monkeypatch.chdir(tmp_path)
    main(["check", "."])
    capsys.readouterr()
    return tmp_path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The config files `tomllib` parsed."""
    seen: list[str] = []
    real = parsed.keep

    def kept(path: Path, data: bytes, document: dict[str, object]) -> None:
        seen.append(Path(path).name)
        real(path, data, document)

    monkeypatch.setattr("pytest_codehealth.config.load.keep", kept)
    return seen


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    main(["check", *argv, "."])
    return capsys.readouterr().out


def test_the_same_bytes_are_parsed_once(
    project: Path, parses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(capsys)
    assert "CH002" in first
    assert parses == ["pyproject.toml"]
    assert _run(capsys) == first
    assert parses == ["pyproject.toml"]
    assert parsed.CACHE_DIR == cache.CACHE_DIR


EDITS = [
    pytest.param('[tool.codehealth]\nselect = ["CH001"]\nmax-lines = 3\n', id="edited"),
    pytest.param(CONFIG.replace("CH002", "CH001"), id="same-size"),
    pytest.param(CONFIG + "[tool.other]\nwhen = 1979-05-27T07:32:00Z\n", id="a-date"),
]


@pytest.mark.parametrize("text", EDITS)
def test_other_bytes_are_parsed_again(
    project: Path, parses: list[str], capsys: pytest.CaptureFixture[str], text: str
) -> None:
    _run(capsys)
    (project / "pyproject.toml").write_text(text)
    before = len(parses)
    after = _run(capsys)
    assert len(parses) > before
    assert after == _run(capsys, "--no-cache")


def test_a_date_is_parsed_every_run(
    project: Path, parses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(CONFIG + "[tool.other]\nwhen = 1979-05-27\n")
    first = _run(capsys)
    once = len(parses)
    assert _run(capsys) == first
    assert len(parses) > once > 0


def test_a_damaged_file_is_an_empty_one(
    project: Path, parses: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(capsys)
    (kept,) = project.glob(f"{cache.CACHE_DIR}/*/{parsed.PARSED}")
    kept.write_bytes(kept.read_bytes()[:-2])
    assert _run(capsys) == first
    assert parses == ["pyproject.toml"] * 2  # kept by the first run, parsed after the damage


def test_no_cache_folder_is_made_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "pyproject.toml").write_text(CONFIG)
    (tmp_path / "a.py").write_text(SWALLOW)
    monkeypatch.chdir(tmp_path)
    _run(capsys, "--no-cache")
    assert not (tmp_path / cache.CACHE_DIR).exists()


def test_a_warm_run_imports_no_tomllib(project: Path) -> None:
    script = "from pytest_codehealth.cli.main import main\nmain(['check', '.'])\n"
    assert "tomllib" in _loaded_after(script, project)
    assert "tomllib" not in _loaded_after(script, project)


def test_no_cache_neither_reads_nor_keeps_a_parsed_config(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--no-cache` reads and writes nothing in the cache folder, the parsed configs too."""
    kept = project / parsed.CACHE_DIR / parsed.__version__ / parsed.PARSED
    kept.unlink(missing_ok=True)
    assert "CH002" in _run(capsys, "--no-cache")
    assert not kept.exists()
    _run(capsys)  # kept by a run with the cache
    assert kept.exists()

    def refused(path: Path, data: bytes) -> None:
        raise AssertionError(f"{path} looked up with --no-cache")

    monkeypatch.setattr("pytest_codehealth.config.load.known", refused)
    assert "CH002" in _run(capsys, "--no-cache")
