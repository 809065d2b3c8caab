"""The `codehealth` command: exact output lines and exit codes, JSON schema, rule docs."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth import __version__
from pytest_codehealth.cli.main import main
from pytest_codehealth.rules.registry import RULES

SWALLOW = "try:\n    f()\nexcept OSError:\n    pass\n"
SWALLOW_LINE = "bad.py:3:1: CH002 `except OSError` swallows the error silently"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository root (cwd) with one clean and one flagged module."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "good.py").write_text("x = 1\n")
    (tmp_path / "bad.py").write_text(SWALLOW)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


# check: text output and exit codes


def test_clean_exits_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check", "good.py") == (
        0,
        ["codehealth: 1 file checked, no findings"],
        [],
    )


def test_findings_exit_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check") == (
        1,
        [SWALLOW_LINE, "codehealth: 1 finding in 1 file (2 files checked)"],
        [],
    )


def test_default_path_is_cwd_and_names_are_relative(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pkg").mkdir()
    (project / "pkg" / "mod.py").write_text(SWALLOW + SWALLOW)
    code, out, _ = _run(capsys, "check")
    assert code == 1
    assert out == [
        SWALLOW_LINE,
        "pkg/mod.py:3:1: CH002 `except OSError` swallows the error silently",
        "pkg/mod.py:7:1: CH002 `except OSError` swallows the error silently",
        "codehealth: 3 findings in 2 files (3 files checked)",
    ]


def test_explicit_files_as_pre_commit_passes_them(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "check", "good.py", "bad.py", "good.py")[:2] == (
        1,
        [SWALLOW_LINE, "codehealth: 1 finding in 1 file (2 files checked)"],
    )


def test_select_one_gate(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "long.py").write_text("x = 1\n" * 5)
    args = ("check", "--option", "max-lines.max=4")
    assert _run(capsys, *args, "--select", "CH001")[:2] == (
        1,
        [
            "long.py:1:1: CH001 module has 5 lines (limit 4)",
            "codehealth: 1 finding in 1 file (3 files checked)",
        ],
    )
    assert _run(capsys, *args, "--select", "max-lines", "--ignore", "CH001")[:2] == (
        0,
        ["codehealth: 3 files checked, no findings"],
    )
    assert _run(capsys, *args, "--select", "CH001", "--extend-select", "CH002")[0] == 1


def test_exclude_flag(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "check", "--exclude", "bad.py")[:2] == (
        0,
        ["codehealth: 1 file checked, no findings"],
    )


def test_unparsable_file_exits_1(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "bad.py").write_text("def f(:\n")
    assert _run(capsys, "check") == (
        1,
        [
            "bad.py:1:7: CH000 syntax error: invalid syntax",
            "codehealth: 1 finding in 1 file (2 files checked)",
        ],
        [],
    )


def test_config_is_discovered_and_applied(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.codehealth.silent-except]\nallow = ["OSError"]\n'
    )
    assert _run(capsys, "check")[0] == 0
    (project / "sub").mkdir()
    os.chdir(project / "sub")
    assert _run(capsys, "check", "../bad.py")[:2] == (
        0,
        ["codehealth: 1 file checked, no findings"],
    )


def test_config_paths_are_relative_to_the_config(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text('[tool.codehealth]\npaths = ["src"]\n')
    (project / "src").mkdir()
    (project / "src" / "mod.py").write_text(SWALLOW)
    assert _run(capsys, "check")[1][0].startswith("src/mod.py:3:1: CH002")
    (project / "docs").mkdir()
    os.chdir(project / "docs")
    assert _run(capsys, "check")[1][0] == f"{project / 'src' / 'mod.py'}:3:1: CH002 " + (
        "`except OSError` swallows the error silently"
    )


def test_config_flag(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "strict.toml").write_text("[max-lines]\nmax = 1\n")
    (project / "two.py").write_text("x = 1\ny = 2\n")
    code, out, _ = _run(capsys, "check", "--config", "strict.toml", "two.py")
    assert (code, out[0]) == (1, "two.py:1:1: CH001 module has 2 lines (limit 1)")


def test_config_flag_with_a_pyproject_without_table(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert _run(capsys, "check", "--config", "pyproject.toml", "good.py")[0] == 0


# usage and config errors: exit 2, one line on stderr, nothing on stdout


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        pytest.param(
            "[tool.codehealth]\nselct = []\n",
            "{config}: tool.codehealth.selct: unknown key `selct` (did you mean `select`?)",
            id="unknown-key",
        ),
        pytest.param(
            '[tool.codehealth.max-lines]\nmax = "many"\n',
            '{config}: tool.codehealth.max-lines.max: expected an integer, got "many"',
            id="wrong-type",
        ),
        pytest.param(
            '[tool.codehealth]\nexclude = ["[x"]\n',
            "{config}: tool.codehealth.exclude: unclosed `[` in pattern '[x'",
            id="bad-glob",
        ),
        pytest.param(
            '[tool.codehealth]\nselect = ["CH999"]\n',
            "{config}: tool.codehealth.select: unknown rule `CH999` (see `codehealth rules`)",
            id="unknown-rule",
        ),
        pytest.param(
            "[tool.codehealth\n", "{config}: invalid TOML: Expected ']' ", id="invalid-toml"
        ),
    ],
)
def test_config_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], toml: str, message: str
) -> None:
    config = project / "pyproject.toml"
    config.write_text(toml)
    code, out, err = _run(capsys, "check")
    assert (code, out, len(err)) == (2, [], 1)
    assert err[0].startswith("codehealth: error: config error: " + message.format(config=config))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["check", "nope.py"], "nope.py: no such file or directory", id="missing-path"),
        pytest.param(
            ["check", "good.py", "nope/"], "nope/: no such file or directory", id="missing-dir"
        ),
        pytest.param(
            ["check", "--select", "CH999"],
            "config error: command line: --select: unknown rule `CH999` (see `codehealth rules`)",
            id="unknown-rule",
        ),
        pytest.param(
            ["check", "--option", "max-lines.max=0"],
            "config error: command line: --option max-lines.max: expected a number >= 1, got 0",
            id="bad-option",
        ),
        pytest.param(
            ["check", "--config", "missing.toml"],
            "config error: missing.toml: cannot read: No such file or directory",
            id="missing-config",
        ),
        pytest.param(
            ["rule", "CH999"], "unknown rule `CH999` (see `codehealth rules`)", id="rule-unknown"
        ),
        pytest.param(
            ["rule", "CH00"], "`CH00` names 9 rules; give one code or name", id="rule-ambiguous"
        ),
    ],
)
def test_usage_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert (code, out, len(err)) == (2, [], 1)
    assert err[0].startswith(f"codehealth: error: {message}")


@pytest.mark.parametrize("argv", [[], ["lint"], ["check", "--format", "xml"], ["check", "--bogus"]])
def test_argparse_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage: codehealth" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"codehealth {__version__}\n"


# --format json


FINDING_TYPES = {
    "path": str,
    "line": int,
    "column": int,
    "code": str,
    "name": str,
    "message": str,
    "fingerprint": str,
}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = _run(capsys, "check", "--format", "json", *argv)
    return code, json.loads("\n".join(out))


def test_json_document(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.py").write_text("def f(:\n")
    code, document = _json(capsys)
    assert code == 1
    assert list(document) == ["version", "tool", "files_checked", "baselined", "findings"]
    assert document["version"] == 1
    assert document["tool"] == {"name": "codehealth", "version": __version__}
    assert document["files_checked"] == 3
    assert [
        (f["path"], f["line"], f["column"], f["code"], f["name"]) for f in document["findings"]
    ] == [
        ("bad.py", 3, 1, "CH002", "silent-except"),
        ("broken.py", 1, 7, "CH000", "unreadable-file"),
    ]
    assert document["findings"][0]["message"] == "`except OSError` swallows the error silently"


def test_json_finding_keys_and_types(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "broken.py").write_text("def f(:\n")
    findings = _json(capsys)[1]["findings"]
    assert len(findings) == 2
    for finding in findings:
        assert list(finding)[: len(FINDING_TYPES)] == list(FINDING_TYPES)
        assert {key: type(finding[key]) for key in FINDING_TYPES} == FINDING_TYPES
        assert re.fullmatch(r"[0-9a-f]{16}", finding["fingerprint"])


def test_json_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, document = _json(capsys, "good.py")
    assert (code, document["findings"], document["files_checked"]) == (0, [], 1)


# rules and rule


def test_rules_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules")
    assert code == 0
    assert [line.split()[:3] for line in out] == [
        [rule.code, rule.name, "on" if rule.default else "off"] for rule in RULES
    ]
    width = max(len(rule.name) for rule in RULES)
    assert f"CH002  {'silent-except':<{width}}  on   Checks for `except` handlers" in "\n".join(out)
    assert all(re.fullmatch(r"CH\d{3}  [a-z0-9-]+ *  (on |off)  \S.*[^.]", line) for line in out)


@pytest.mark.parametrize("key", ["CH002", "silent-except", "ch002", "Silent-Except"])
def test_rule_prints_its_doc(capsys: pytest.CaptureFixture[str], key: str) -> None:
    code, out, _ = _run(capsys, "rule", key)
    assert code == 0
    assert out[0] == "# CH002 silent-except"
    assert out[2] == "## What it does"
    assert "## Options" in out
    assert 'allow = ["ImportError", "ModuleNotFoundError"]' in out


# the installed console script, end to end

SCRIPT = Path(sys.executable).parent / "codehealth"


def _script(cwd: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *argv], cwd=cwd, capture_output=True, text=True, timeout=60, check=False
    )


@pytest.mark.integration
def test_script_reports_bad_files_and_goes_on(project: Path) -> None:
    (project / "broken.py").write_text("def f(:\n")
    (project / "nul.py").write_bytes(b"x = 1\x00\n")
    (project / "latin.py").write_bytes(b'x = "\xe9"\n')
    (project / "folder.py").mkdir()
    (project / "dangling.py").symlink_to(project / "gone.py")
    secret = project / "secret.py"
    secret.write_text(SWALLOW)
    secret.chmod(0)
    try:
        result = _script(project, "check")
        readable = os.access(secret, os.R_OK)
    finally:
        secret.chmod(0o644)
    expected = [
        SWALLOW_LINE,
        "broken.py:1:7: CH000 syntax error: invalid syntax",
        "dangling.py:1:1: CH000 cannot read file: broken symbolic link",
        "folder.py:1:1: CH000 cannot read file: Is a directory",
        "latin.py:1:6: CH000 cannot decode file: invalid utf-8 byte 0xe9",
        "nul.py:1:6: CH000 syntax error: source code string cannot contain null bytes",
        "secret.py:3:1: CH002 `except OSError` swallows the error silently"
        if readable
        else "secret.py:1:1: CH000 cannot read file: Permission denied",
        "codehealth: 7 findings in 7 files (8 files checked)",
    ]
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (1, expected, "")


@pytest.mark.integration
def test_script_exit_codes(project: Path) -> None:
    assert _script(project, "check", "good.py").returncode == 0
    assert _script(project, "check", "bad.py").returncode == 1
    missing = _script(project, "check", "nope.py")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == "codehealth: error: nope.py: no such file or directory\n"
    (project / "pyproject.toml").write_text("[tool.codehealth]\nselect = 1\n")
    config_error = _script(project, "check")
    assert config_error.returncode == 2
    assert "Traceback" not in config_error.stderr
    assert config_error.stderr == (
        f"codehealth: error: config error: {project / 'pyproject.toml'}: "
        "tool.codehealth.select: expected a list of strings, got 1\n"
    )


@pytest.mark.integration
def test_script_json_and_rule(project: Path) -> None:
    result = _script(project, "check", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)["findings"][0]["code"] == "CH002"
    doc = _script(project, "rule", "max-lines")
    assert (doc.returncode, doc.stdout.splitlines()[0]) == (0, "# CH001 max-lines")
