"""Bad input, continued: configs, flags, baselines and cache entries that go bad.

Each row is what `codehealth check` returns and the first line it prints: exit 2 and one
error line for what the user must fix, or a note and a rebuilt entry for the cache (ours).
Rows that would hang before their fix (FIFOs) run in a subprocess with a timeout.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tomllib
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.engine import cache

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
DEEP = "[" * 5000 + "]" * 5000
LONG_INT = "1" * 5000  # Python refuses to convert an integer string over 4,300 digits
TOO_LONG = "exceeds the limit (4300 digits) for integer string conversion"
CLEAN = "codehealth: 1 file checked, no findings"
HANG_LIMIT = 60  # seconds: a run that hangs on a FIFO is stopped here, far beyond a real run
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.py").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _first(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Exit code and the first line printed (stderr first: an error or a note)."""
    code = main(["check", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    return code, (err.splitlines() or out.splitlines() or [""])[0]


def _error(message: str) -> tuple[int, str]:
    return 2, f"codehealth: error: {message}"


# config files and flags: exit 2, one line naming the file (or flag) and what is wrong

CONFIGS = [
    pytest.param(
        b"[tool.codehealth]\nselect = [\xff]\n",
        "invalid TOML: not UTF-8 (byte 0xff on line 2)",
        id="toml-not-utf-8",
    ),
    pytest.param(
        f"[tool.codehealth.max-lines]\nmax = {DEEP}\n".encode(),
        "invalid TOML: nested too deeply",
        id="toml-nested-5000-deep",
    ),
    pytest.param(
        f"[tool.codehealth.max-lines]\nmax = {LONG_INT}\n".encode(),
        f"invalid TOML: {TOO_LONG}",
        id="toml-integer-5000-digits",
    ),
]


@pytest.mark.parametrize(("data", "reason"), CONFIGS)
@pytest.mark.parametrize("where", ["here", "parent"])
def test_bad_config_file(
    here: Path, capsys: pytest.CaptureFixture[str], data: bytes, reason: str, where: str
) -> None:
    """In the checked folder, or an unrelated one met while walking up from it."""
    (here / ".git").rmdir()
    checked = here if where == "here" else here / "sub"
    checked.mkdir(exist_ok=True)
    (checked / "good.py").write_text("x = 1\n")
    (here / "pyproject.toml").write_bytes(data)
    config = here / "pyproject.toml"
    target = "." if where == "here" else "sub"
    assert _first(capsys, "--no-cache", target) == _error(f"config error: {config}: {reason}")


@pytest.mark.parametrize("value", ['"5MB"', "0", "-1", "true", "5.5"])
def test_bad_max_file_size(here: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    config = here / "pyproject.toml"
    config.write_text(f"[tool.codehealth]\nmax-file-size = {value}\n")
    got = repr(tomllib.loads(f"v = {value}")["v"])
    reason = f"tool.codehealth.max-file-size: expected a number of bytes >= 1, got {got}"
    assert _first(capsys, "--no-cache", ".") == _error(f"config error: {config}: {reason}")


@pytest.mark.parametrize("value", ["0", "5MB", "-1", ""])
def test_bad_max_file_size_flag(here: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--max-file-size", value, "."])
    message = f"argument --max-file-size: expected a number of bytes >= 1, got {value!r}"
    assert (info.value.code, capsys.readouterr().err.splitlines()[-1]) == (
        2,
        f"codehealth check: error: {message}",
    )


GLOBS = [  # `re.error` tracebacks, and a FutureWarning from `re`, before issue 13
    pytest.param(
        ["--exclude", "[z-a]"], None, "command line: --exclude: bad range `z-a`", id="flag"
    ),
    pytest.param(
        [], 'exclude = ["[^]"]', "{config}: tool.codehealth.exclude: unclosed `[`", id="exclude"
    ),
    pytest.param(
        [],
        '[tool.codehealth.per-path."[[:alpha:]]"]\nignore = ["CH002"]',
        '{config}: tool.codehealth.per-path."[[:alpha:]]": '
        "character class `[:alpha:]` is not supported",
        id="per-path",
    ),
]


@pytest.mark.parametrize(("argv", "table", "message"), GLOBS)
def test_bad_glob(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    table: str | None,
    message: str,
) -> None:
    config = here / "pyproject.toml"
    config.write_text(f"[tool.codehealth]\n{table or ''}\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, line = _first(capsys, "--no-cache", *argv, ".")
    assert (code, line.partition(" in pattern")[0]) == _error(
        "config error: " + message.format(config=config)
    )


@pytest.mark.parametrize("value", [",", "", " , "])
def test_empty_selection(here: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    """No rule at all would pass on anything: a usage error, not a green run."""
    with pytest.raises(SystemExit) as info:
        main(["check", "--select", value, "."])
    message = f"argument --select: expected rule codes, names or prefixes, got {value!r}"
    last = capsys.readouterr().err.splitlines()[-1]
    assert (info.value.code, last) == (2, f"codehealth check: error: {message}")


def test_snapshot_output_dir_that_is_a_file(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "FILE").write_text("mine\n")
    code = main(["snapshot", "json", "--output-dir", "FILE"])
    error = "codehealth: error: cannot write FILE/json.json: FILE is a file, not a folder"
    assert (code, capsys.readouterr().err) == (2, error + "\n")
    assert (here / "FILE").read_text() == "mine\n"


OPTIONS = [
    pytest.param(f"max-lines.max={DEEP}", "nested too deeply", id="nested-5000-deep"),
    pytest.param(f"max-lines.max={LONG_INT}", TOO_LONG, id="integer-5000-digits"),
]


@pytest.mark.parametrize(("flag", "reason"), OPTIONS)
def test_bad_option_value(
    here: Path, capsys: pytest.CaptureFixture[str], flag: str, reason: str
) -> None:
    message = f"config error: command line: --option max-lines.max: {reason}"
    assert _first(capsys, "--no-cache", "--option", flag, ".") == _error(message)


BASELINES = [
    pytest.param(DEEP, "not a codehealth baseline (nested too deeply)", id="nested-5000-deep"),
    pytest.param(
        '{"tool": "codehealth", "version": 1, "entries": [{"occurrence": ' + LONG_INT + "}]}",
        f"not a codehealth baseline (invalid JSON: {TOO_LONG[0].upper()}{TOO_LONG[1:]})",
        id="integer-5000-digits",
    ),
]


@pytest.mark.parametrize(("text", "reason"), BASELINES)
def test_bad_baseline(
    here: Path, capsys: pytest.CaptureFixture[str], text: str, reason: str
) -> None:
    (here / "base.json").write_text(text)
    expected = _error(f"base.json: {reason}")
    assert _first(capsys, "--no-cache", "--baseline", "base.json") == expected


# cache entries: ours, so a damaged one is a note, then rebuilt; the run says the same

DAMAGE = [
    pytest.param(lambda text: DEEP, "checksum mismatch", id="nested-5000-deep"),
    pytest.param(lambda text: LONG_INT, "checksum mismatch", id="integer-5000-digits"),
    pytest.param(
        lambda text: text.replace('"CH020": []', '"CH020": "not a list of imports"'),
        "checksum mismatch",
        id="wrong-typed-facts",
    ),
]


def _entries(root: Path) -> list[Path]:
    return sorted((root / cache.CACHE_DIR).rglob("*.json"))


@pytest.mark.parametrize(("damage", "reason"), DAMAGE)
def test_damaged_cache_entry_is_rebuilt(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[str], str],
    reason: str,
) -> None:
    argv = ["--select", "CH020", "."]
    assert _first(capsys, *argv) == (0, CLEAN)
    # the file's entry (the other holds the whole-project pass: no facts)
    (entry,) = [path for path in _entries(here) if '"CH020"' in path.read_text()]
    entry.write_text(damage(entry.read_text()))
    code, note = _first(capsys, *argv)
    assert code == 0
    assert note.startswith(f"codehealth: note: ignoring corrupt cache entry {entry} (")
    assert reason.lower() in note.lower()
    assert _first(capsys, *argv) == (0, CLEAN)  # rebuilt: no note the third time
    assert '"CH020": []' in entry.read_text()


def _sealed(body: str) -> str:
    """An entry around `body` with the right checksum, as only a forger would write it."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    return f'{{"sha256": "{digest}", {body}'


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        pytest.param(f'"findings": {DEEP}, "facts": {{}}}}', "nested too deeply", id="deep"),
        pytest.param('"findings": [], "facts": []}', "facts must be an object", id="facts"),
        pytest.param('"findings": [{"path": 1}]}', "'line'", id="finding"),
    ],
)
def test_forged_cache_entry_is_still_checked(
    here: Path, capsys: pytest.CaptureFixture[str], body: str, reason: str
) -> None:
    assert _first(capsys, ".") == (0, CLEAN)
    (entry,) = _entries(here)
    entry.write_text(_sealed(body))
    assert _first(capsys, ".") == (
        0,
        f"codehealth: note: ignoring corrupt cache entry {entry} ({reason})",
    )
    assert _first(capsys, ".") == (0, CLEAN)


# FIFOs: a blocking open would hang the run; each is refused before it is opened


def _cli(cwd: Path, *argv: str) -> tuple[int, str]:
    command = [sys.executable, "-m", "pytest_codehealth.cli.main", "check", "--jobs", "1", *argv]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=HANG_LIMIT, env=env, check=False
    )
    return result.returncode, (result.stderr.splitlines() or result.stdout.splitlines())[0]


@POSIX
def test_config_that_is_a_fifo(here: Path) -> None:
    os.mkfifo(here / "codehealth.toml")
    message = "config error: codehealth.toml: cannot read: not a regular file"
    assert _cli(here, "--no-cache", "--config", "codehealth.toml", ".") == _error(message)


@POSIX
def test_baseline_that_is_a_fifo(here: Path) -> None:
    os.mkfifo(here / "base.json")
    message = "base.json: cannot read baseline: not a regular file"
    assert _cli(here, "--no-cache", "--baseline", "base.json", ".") == _error(message)


@POSIX
def test_cache_entry_that_is_a_fifo(here: Path) -> None:
    assert _cli(here, ".") == (0, CLEAN)
    (entry,) = _entries(here)
    entry.unlink()
    os.mkfifo(entry)
    note = f"codehealth: note: ignoring corrupt cache entry {entry} (not a regular file)"
    assert _cli(here, ".") == (0, note)
    assert json.loads(entry.read_text())["findings"] == []
    assert _cli(here, ".") == (0, CLEAN)
