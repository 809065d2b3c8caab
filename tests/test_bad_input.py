"""Bad input, one table: each row is what `codehealth check` prints and returns, exactly.

The engine-level cases (positions of decode errors, CH000 messages, the run going on) live
in `tests/test_engine.py`; the rows here that share its data reuse it. Every row runs the
CLI in-process; a few also run under Python 3.12/3.13 in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.settings import MAX_FILE_SIZE
from pytest_codehealth.core import reading
from pytest_codehealth.core.source import too_large
from tests.test_engine import SWALLOW, UNCHECKABLE

ENGINE = {param.id: param.values for param in UNCHECKABLE}
CLEAN = "codehealth: 1 file checked, no findings"
ONE = "codehealth: 1 finding in 1 file (1 file checked)"
DEEP_SUM = "x = " + " + ".join(["1"] * 1000) + "\n"  # a BinOp nested 1,000 deep
DEEPER_SUM = "x = " + " + ".join(["1"] * 2000) + "\n"  # compile(tree) needs room for it
TOO_DEEP = "x = " + " + ".join(["1"] * 100_000) + "\n"  # deeper than the parser goes
BRACKETS = "x = " + "[" * 1000 + "]" * 1000 + "\n"
PEP_695 = "type Pair[T] = tuple[T, T]\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n"
PEP_701 = 'names = ["a", "b"]\nprint(f"{", ".join(names)}")\n'
NEW_SYNTAX = sys.version_info >= (3, 12)


# what `ast.parse` accepts and `compile()` refuses: Python will not run these files (issue 13)
REFUSED_BY_THE_COMPILER = [
    ("return-at-module-level", "x = 1\nreturn 5\n", "2:1", "'return' outside function"),
    ("break-outside-a-loop", "if x:\n    break\n", "2:5", "'break' outside loop"),
    ("await-outside-async", "é = 1; await f()\n", "1:8", "'await' outside function"),
    (
        "nonlocal-at-module-level",
        "nonlocal x\n",
        "1:1",
        "nonlocal declaration not allowed at module level",
    ),
    (
        "duplicate-argument",
        "def f(a, a):\n    pass\n",
        "1:10",
        "duplicate argument 'a' in function definition",
    ),
    (
        "yield-in-class-body",
        "class C:\n    yield 1\n",
        "2:5",
        "'yield' outside function",
    ),
]


def _engine_row(row_id: str) -> tuple[object, str]:
    data, expected = ENGINE[row_id]
    return data, f"bad.py:{expected}"


def _generated_20_mb() -> bytes:
    """Made when its row runs, not at collection."""
    rows = "".join(f'    "{index:096x}",\n' for index in range(200_000))
    return f'"""Generated: do not edit."""\nTABLE = [\n{rows}]\n'.encode()


# content: the bytes of bad.py (or what makes them) and its one finding (exit 1) or None (exit 0)
CONTENT = [
    pytest.param(*_engine_row("syntax"), id="syntax-error"),
    pytest.param(*_engine_row("bad-cookie"), id="invalid-encoding-cookie"),
    pytest.param(*_engine_row("nul-byte"), id="nul-bytes"),
    pytest.param(
        b"\xef\xbb\xbf" + SWALLOW,
        "bad.py:3:1: CH002 `except OSError` swallows the error silently",
        id="utf-8-bom",
    ),
    pytest.param(
        "x = 1\n".encode("utf-16"),
        "bad.py:1:1: CH000 cannot decode file: invalid utf-8 byte 0xff",
        id="utf-16",
    ),
    pytest.param(
        SWALLOW.replace(b"\n", b"\r\n"),
        "bad.py:3:1: CH002 `except OSError` swallows the error silently",
        id="crlf",
    ),
    pytest.param(
        SWALLOW.replace(b"\n", b"\r"),
        "bad.py:3:1: CH002 `except OSError` swallows the error silently",
        id="cr",
    ),
    pytest.param(b"", None, id="empty-file"),
    pytest.param(b"# only\n#comments\n\n   # here\n", None, id="comments-only"),
    pytest.param(DEEP_SUM.encode(), None, id="nested-1000-deep"),
    pytest.param(DEEPER_SUM.encode(), None, id="nested-2000-deep"),
    *(
        pytest.param(text.encode(), f"bad.py:{where}: CH000 syntax error: {reason}", id=name)
        for name, text, where, reason in REFUSED_BY_THE_COMPILER
    ),
    pytest.param(
        TOO_DEEP.encode(),
        "bad.py:1:1: CH000 cannot parse file: too deeply nested for the parser",
        id="nested-beyond-the-parser",
    ),
    pytest.param(
        BRACKETS.encode(),
        "bad.py:1:205: CH000 syntax error: too many nested parentheses",
        id="brackets-1000-deep",
    ),
    pytest.param(
        _generated_20_mb,
        f"bad.py:1:1: CH000 {too_large(20_800_042, MAX_FILE_SIZE)}",
        id="generated-20-mb",
    ),
]


Outcome = tuple[int, list[str], list[str]]  # exit code, stdout lines, stderr lines


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    code = main(["check", "--no-cache", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("data", "finding"), CONTENT)
@pytest.mark.parametrize("argv", [[], ["--select", "ALL"]], ids=["default", "all-rules"])
def test_file_content(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    data: bytes | Callable[[], bytes],
    finding: str,
    argv: list[str],
) -> None:
    (here / "bad.py").write_bytes(data() if callable(data) else data)
    expected: Outcome = (1, [finding, ONE], []) if finding else (0, [CLEAN], [])
    assert _check(capsys, *argv, "bad.py") == expected


LIMIT_ROWS = [  # (file size, how the limit is set) -> checked, or CH000 with both numbers
    pytest.param(1000, ["--max-file-size", "1000"], None, id="flag-at-the-limit"),
    pytest.param(1001, ["--max-file-size", "1_000"], too_large(1001, 1000), id="flag-over"),
    pytest.param(1000, [], None, id="config-at-the-limit"),
    pytest.param(1001, [], too_large(1001, 1000), id="config-over"),
    pytest.param(1001, ["--max-file-size", "1001"], None, id="flag-beats-config"),
]


@pytest.mark.parametrize(("size", "argv", "reason"), LIMIT_ROWS)
def test_max_file_size(
    here: Path, capsys: pytest.CaptureFixture[str], size: int, argv: list[str], reason: str | None
) -> None:
    """Never a silent skip: a file over the limit is one CH000 with its size and the limit."""
    (here / "pyproject.toml").write_text("[tool.codehealth]\nmax-file-size = 1000\n")
    (here / "bad.py").write_bytes(b"x = 1\n" + b"#" * (size - 7) + b"\n")
    (here / "good.py").write_text("x = 1\n")
    expected: Outcome = (0, ["codehealth: 2 files checked, no findings"], [])
    if reason:
        summary = "codehealth: 1 finding in 1 file (2 files checked)"
        expected = (1, [f"bad.py:1:1: CH000 {reason}", summary], [])
    assert _check(capsys, *argv, ".") == expected


@pytest.mark.parametrize(
    ("source", "finding"),
    [
        pytest.param(PEP_695, "bad.py:1:6: CH000 syntax error: invalid syntax", id="pep-695"),
        pytest.param(
            PEP_701, "bad.py:2:11: CH000 syntax error: f-string: expecting '}'", id="pep-701"
        ),
    ],
)
def test_newer_syntax(
    here: Path, capsys: pytest.CaptureFixture[str], source: str, finding: str
) -> None:
    """On 3.11 the parser's own message; from 3.12 on, checked like any other file."""
    (here / "bad.py").write_text(source)
    expected: Outcome = (0, [CLEAN], []) if NEW_SYNTAX else (1, [finding, ONE], [])
    assert _check(capsys, "--select", "ALL", "bad.py") == expected


# the file system: how to make bad.py, then what CH000 says about it


def _loop(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "bad.py").symlink_to(root / "other.py")
    (root / "other.py").symlink_to(root / "bad.py")


def _dangling(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "bad.py").symlink_to(root / "gone.py")


def _folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "bad.py").mkdir()
    (root / "bad.py" / "inner.py").write_bytes(SWALLOW)  # never walked into


def _unreadable(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: root (CI's containers) reads any file whatever its mode, so the read fails.

    `tests/test_engine.py::test_unreadable_file` runs the real `chmod 0` case as other users.
    """
    (root / "bad.py").write_text("x = 1\n")
    real = reading.read_regular

    def read_regular(path: Path, limit: int | None = None) -> bytes:
        if path.name == "bad.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(reading, "read_regular", read_regular)


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="POSIX file system")
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(_loop, "Too many levels of symbolic links", id="symlink-loop"),
        pytest.param(_dangling, "broken symbolic link", id="broken-symlink"),
        pytest.param(_folder, "Is a directory", id="directory-named-x.py"),
        pytest.param(_unreadable, "Permission denied", id="no-read-permission"),
    ],
)
def test_file_system(
    here: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    make: Callable[[Path, pytest.MonkeyPatch], None],
    reason: str,
) -> None:
    make(here, monkeypatch)
    expected: Outcome = (1, [f"bad.py:1:1: CH000 cannot read file: {reason}", ONE], [])
    assert _check(capsys, "bad.py") == expected


@pytest.mark.skipif(os.name == "nt", reason="POSIX file system")
def test_folder_symlink_loop_is_not_walked(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (here / "pkg").mkdir()
    (here / "pkg" / "mod.py").write_bytes(SWALLOW)
    (here / "pkg" / "again").symlink_to(here, target_is_directory=True)
    found = "pkg/mod.py:3:1: CH002 `except OSError` swallows the error silently"
    assert _check(capsys, ".") == (1, [found, ONE], [])


def test_missing_path_is_a_usage_error(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    error = "codehealth: error: nope.py: no such file or directory"
    assert _check(capsys, "nope.py") == (2, [], [error])


@pytest.fixture
def latin_1_name(here: Path) -> str:
    """A file whose name is not UTF-8 (Linux allows any bytes but `/` and NUL)."""
    raw = os.fsencode(here) + b"/caf\xe9.py"
    try:
        with open(raw, "wb") as stream:
            stream.write(SWALLOW)
    except OSError:
        pytest.skip("this file system only takes UTF-8 names")
    return os.fsdecode(b"caf\xe9.py")


def test_file_name_that_is_not_utf_8(latin_1_name: str, capsys: pytest.CaptureFixture[str]) -> None:
    found = "caf\\udce9.py:3:1: CH002 `except OSError` swallows the error silently"
    assert _check(capsys, ".") == (1, [found, ONE], [])
    main(["check", "--format", "json", "."])  # with the cache: its key hashes the name
    (finding,) = json.loads(capsys.readouterr().out)["findings"]
    assert finding["path"] == latin_1_name
    main(["check", "--format", "sarif", "."])
    assert '"uri": "caf%E9.py"' in capsys.readouterr().out


# the same files under Python 3.12 and 3.13, where found (radon may be missing there)

NO_RADON = ["--select", "CH001,CH002,CH003,CH004,CH005,CH006,CH007,CH008"]


def _python(version: str) -> str | None:
    """`python3.X` that really runs (a pyenv shim may not), on PATH or under pyenv."""
    found = [shutil.which(f"python{version}")]
    found += [str(p) for p in sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin/python3"))]
    for command in filter(None, found):
        if subprocess.run([command, "-c", ""], capture_output=True, check=False).returncode == 0:
            return command
    return None


@pytest.mark.integration
@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_under_newer_pythons(tmp_path: Path, version: str) -> None:
    python = _python(version)
    if python is None:
        pytest.skip(f"no python{version}")
    for name, text in [("pep695.py", PEP_695), ("pep701.py", PEP_701), ("deep.py", DEEP_SUM)]:
        (tmp_path / name).write_text(text)
    (tmp_path / "too_deep.py").write_text(TOO_DEEP)
    (tmp_path / "utf16.py").write_bytes("x = 1\n".encode("utf-16"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    command = [python, "-m", "pytest_codehealth.cli.main", "check", "--no-cache", *NO_RADON, "."]
    result = subprocess.run(
        command, check=False, capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "too_deep.py:1:1: CH000 cannot parse file: too deeply nested for the parser",
        "utf16.py:1:1: CH000 cannot decode file: invalid utf-8 byte 0xff",
        "codehealth: 2 findings in 2 files (5 files checked)",
    ]
