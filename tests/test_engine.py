"""The engine: file discovery, CH000 for files it cannot check, the run going on past them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pytest_codehealth.config.load import Settings, cli_overrides, load_settings
from pytest_codehealth.core import reading
from pytest_codehealth.engine.run import MissingPathError, discover, run

SWALLOW = b"try:\n    f()\nexcept OSError:\n    pass\n"


def _write(path: Path, data: bytes | str = b"x = 1\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _settings(root: Path, toml: str | None = None, exclude: tuple[str, ...] = ()) -> Settings:
    cli = cli_overrides(None, [], [], list(exclude), [])
    if toml is None:
        return load_settings(None, cli, root)
    return load_settings(_write(root / "pyproject.toml", toml), cli, root)


def _discovered(root: Path, *paths: str, toml: str | None = None) -> list[str]:
    return [target.display for target in discover(paths or ["."], _settings(root, toml), root)]


def _results(root: Path, *paths: str) -> list[str]:
    report = run(paths or ["."], _settings(root), root)
    return [f"{f.path}:{f.line}:{f.col}: {f.code} {f.message}" for f in report.findings]


# discovery


def test_walk_skips_tool_and_build_folders(tmp_path: Path) -> None:
    for name in (
        "pkg/mod.py",
        "pkg/sub/deep.py",
        "top.py",
        ".git/hooks/x.py",
        ".venv/lib/site.py",
        "venv/lib/site.py",
        "build/lib/pkg/mod.py",
        "dist/x.py",
        "pkg/__pycache__/mod.py",
        "web/node_modules/x.py",
        ".tox/py311/x.py",
        "pkg/README.md",
        "pkg/stub.pyi",
    ):
        _write(tmp_path / name)
    _write(tmp_path / "env" / "pyvenv.cfg", "home = /usr/bin\n")  # a venv under any name
    _write(tmp_path / "env" / "lib" / "x.py")
    assert _discovered(tmp_path) == ["pkg/mod.py", "pkg/sub/deep.py", "top.py"]


def test_walk_skips_excluded_globs(tmp_path: Path) -> None:
    for name in ("src/app.py", "src/gen/api.py", "src/msg_pb2.py", "examples/demo.py"):
        _write(tmp_path / name)
    toml = '[tool.codehealth]\nexclude = ["src/gen", "*_pb2.py", "examples"]\n'
    assert _discovered(tmp_path, toml=toml) == ["src/app.py"]


def test_explicit_files_are_checked_unless_excluded(tmp_path: Path) -> None:
    _write(tmp_path / "build" / "gen.py")
    _write(tmp_path / "scripts" / "tool")  # pre-commit passes scripts with a python shebang
    _write(tmp_path / "src" / "msg_pb2.py")
    toml = '[tool.codehealth]\nexclude = ["*_pb2.py"]\n'
    files = ("build/gen.py", "scripts/tool", "src/msg_pb2.py")
    assert _discovered(tmp_path, *files, toml=toml) == ["build/gen.py", "scripts/tool"]


def test_explicit_file_excluded_by_folder_glob(tmp_path: Path) -> None:
    _write(tmp_path / "examples" / "demo.py")
    toml = '[tool.codehealth]\nexclude = ["examples"]\n'
    assert _discovered(tmp_path, "examples/demo.py", toml=toml) == []
    assert _discovered(tmp_path, "examples", toml=toml) == []


def test_output_is_sorted_and_without_duplicates(tmp_path: Path) -> None:
    for name in ("b.py", "a.py", "pkg/z.py", "pkg/a.py"):
        _write(tmp_path / name)
    found = _discovered(
        tmp_path, "pkg", "b.py", "./a.py", "a.py", "pkg/z.py", str(tmp_path / "b.py")
    )
    assert found == ["a.py", "b.py", "pkg/a.py", "pkg/z.py"]


def test_paths_outside_cwd_are_shown_absolute(tmp_path: Path) -> None:
    other = _write(tmp_path / "other" / "x.py")
    (tmp_path / "cwd").mkdir()
    targets = discover([str(other)], _settings(tmp_path), tmp_path / "cwd")
    assert [target.display for target in targets] == [other.as_posix()]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MissingPathError, match=r"^nope\.py$"):
        discover(["nope.py"], _settings(tmp_path), tmp_path)


def test_cli_exclude(tmp_path: Path) -> None:
    _write(tmp_path / "a.py")
    _write(tmp_path / "legacy" / "b.py")
    targets = discover(["."], _settings(tmp_path, exclude=("legacy",)), tmp_path)
    assert [target.display for target in targets] == ["a.py"]


# CH000: files that cannot be checked, each with its exact message and position

UNCHECKABLE = [
    pytest.param(b"def f(:\n    pass\n", "1:7: CH000 syntax error: invalid syntax", id="syntax"),
    pytest.param(
        b"x = (\xc3\xa9 +\n", "1:5: CH000 syntax error: '(' was never closed", id="unclosed"
    ),
    pytest.param(b"x = 1\n  y = 2\n", "2:2: CH000 syntax error: unexpected indent", id="indent"),
    pytest.param(
        b"# -*- coding: nonsense -*-\nx = 1\n",
        "1:1: CH000 cannot decode file: unknown encoding: nonsense",
        id="bad-cookie",
    ),
    pytest.param(
        b'x = "\xff"\n', "1:6: CH000 cannot decode file: invalid utf-8 byte 0xff", id="utf8-line-1"
    ),
    pytest.param(
        b'x = 1\ny = 2\nz = "\xc3\xa9\xe9t\xe9"\n',
        "3:7: CH000 cannot decode file: invalid utf-8 byte 0xe9",
        id="utf8-line-3",
    ),
    pytest.param(
        b'x = 1\r\ny = 2\rz = "\xff"\r\n',
        "3:6: CH000 cannot decode file: invalid utf-8 byte 0xff",
        id="utf8-cr-endings",
    ),
    pytest.param(
        b'# coding: ascii\nx = "\xc3\xa9"\n',
        "2:6: CH000 cannot decode file: invalid ascii byte 0xc3",
        id="ascii-cookie",
    ),
    pytest.param(
        b"x = 1\n\x00\n",
        "2:1: CH000 syntax error: source code string cannot contain null bytes",
        id="nul-byte",
    ),
    pytest.param(
        b"x = 'a\x00'\n",
        "1:7: CH000 syntax error: source code string cannot contain null bytes",
        id="nul-in-string",
    ),
]


@pytest.mark.parametrize(("data", "expected"), UNCHECKABLE)
def test_uncheckable_file(tmp_path: Path, data: bytes, expected: str) -> None:
    _write(tmp_path / "bad.py", data)
    assert _results(tmp_path) == [f"bad.py:{expected}"]
    assert _results(tmp_path, "bad.py") == [f"bad.py:{expected}"]


def test_directory_named_like_a_module(tmp_path: Path) -> None:
    _write(tmp_path / "pkg.py" / "inner.py", SWALLOW)
    expected = ["pkg.py:1:1: CH000 cannot read file: Is a directory"]
    assert _results(tmp_path) == expected
    assert _results(tmp_path, "pkg.py") == expected


def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "secret.py")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user can read a file without read permission (root)")
        expected = ["secret.py:1:1: CH000 cannot read file: Permission denied"]
        assert _results(tmp_path) == expected
    finally:
        path.chmod(0o644)


def test_permission_denied_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same case for root, who can read anything: the read itself fails."""
    secret = _write(tmp_path / "secret.py")
    _write(tmp_path / "ok.py", SWALLOW)
    real = reading.read_regular

    def read_regular(path: Path, limit: int | None = None) -> bytes:
        if path.name == secret.name:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(reading, "read_regular", read_regular)
    assert _results(tmp_path) == [
        "ok.py:3:1: CH002 `except OSError` swallows the error silently",
        "secret.py:1:1: CH000 cannot read file: Permission denied",
    ]


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "link.py").symlink_to(tmp_path / "gone.py")
    expected = ["link.py:1:1: CH000 cannot read file: broken symbolic link"]
    assert _results(tmp_path) == expected
    assert _results(tmp_path, "link.py") == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_named_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")  # reading it would block forever
    _write(tmp_path / "ok.py")
    expected = ["pipe.py:1:1: CH000 cannot read file: not a regular file"]
    assert _results(tmp_path) == expected
    assert _results(tmp_path, "pipe.py") == expected


def test_symlink_to_a_file_is_checked(tmp_path: Path) -> None:
    _write(tmp_path / "real" / "mod.txt", SWALLOW)
    (tmp_path / "link.py").symlink_to(tmp_path / "real" / "mod.txt")
    assert _results(tmp_path) == ["link.py:3:1: CH002 `except OSError` swallows the error silently"]


LATIN_1 = b"# -*- coding: latin-1 -*-\n" + SWALLOW.replace(b"f()", b"f('\xe9')")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        pytest.param(b"\xef\xbb\xbf" + SWALLOW, 3, id="bom"),
        pytest.param(b"\xef\xbb\xbf# coding: utf-8\n" + SWALLOW, 4, id="bom-and-cookie"),
        pytest.param(LATIN_1, 4, id="latin-1"),
        pytest.param(SWALLOW.replace(b"\n", b"\r\n"), 3, id="crlf"),
        pytest.param(SWALLOW.replace(b"\n", b"\r"), 3, id="cr"),
        pytest.param(SWALLOW.rstrip(b"\n"), 3, id="no-final-newline"),
        pytest.param(b"x = '\\d'\n" + SWALLOW, 4, id="syntax-warning-is-not-an-error"),
    ],
)
def test_files_python_accepts_parse(tmp_path: Path, data: bytes, line: int) -> None:
    _write(tmp_path / "mod.py", data)
    (finding,) = run(["."], _settings(tmp_path), tmp_path).findings
    assert (finding.line, finding.col, finding.code) == (line, 1, "CH002")


def test_run_goes_on_over_good_files(tmp_path: Path) -> None:
    _write(tmp_path / "a_good.py")
    _write(tmp_path / "b_syntax.py", b"def f(:\n")
    _write(tmp_path / "c_swallow.py", SWALLOW)
    _write(tmp_path / "d_nul.py", b"\x00")
    (tmp_path / "e_link.py").symlink_to(tmp_path / "gone")
    _write(tmp_path / "f_dir.py" / "x.py")
    _write(tmp_path / "g_good.py")
    report = run(["."], _settings(tmp_path), tmp_path)
    assert report.files_checked == 7
    assert [(f.path, f.code) for f in report.findings] == [
        ("b_syntax.py", "CH000"),
        ("c_swallow.py", "CH002"),
        ("d_nul.py", "CH000"),
        ("e_link.py", "CH000"),
        ("f_dir.py", "CH000"),
    ]


def test_findings_sorted_by_path_then_line(tmp_path: Path) -> None:
    _write(tmp_path / "b.py", SWALLOW * 2)
    _write(tmp_path / "a.py", b"import os\n" * 3)
    toml = "[tool.codehealth.max-lines]\nmax = 2\n"
    report = run(["b.py", "a.py"], _settings(tmp_path, toml), tmp_path)
    assert [(f.path, f.line, f.code) for f in report.findings] == [
        ("a.py", 1, "CH001"),
        ("b.py", 1, "CH001"),
        ("b.py", 3, "CH002"),
        ("b.py", 7, "CH002"),
    ]


def test_fingerprint_survives_a_line_shift(tmp_path: Path) -> None:
    body = (
        b"def save(cache, key):\n"
        b"    try:\n"
        b"        cache.delete(key)\n"
        b"    except Exception:\n"
        b"        pass\n"
    )
    _write(tmp_path / "mod.py", body)
    (before,) = run(["."], _settings(tmp_path), tmp_path).findings
    _write(tmp_path / "mod.py", b"import os\n\n" + body)
    (after,) = run(["."], _settings(tmp_path), tmp_path).findings
    assert (before.line, after.line) == (4, 6)
    assert before.fingerprint == after.fingerprint
    assert len(before.fingerprint) >= 8
    _write(tmp_path / "mod.py", body.replace(b"Exception", b"OSError"))
    (changed,) = run(["."], _settings(tmp_path), tmp_path).findings
    assert changed.fingerprint != before.fingerprint


def test_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    _write(tmp_path / "mod.py", SWALLOW * 2)
    findings = run(["."], _settings(tmp_path), tmp_path).findings
    assert len({finding.fingerprint for finding in findings}) == 2
