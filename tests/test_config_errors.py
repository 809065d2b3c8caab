"""Config errors: each names the file (or the command line) and the dotted key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import ConfigError, cli_overrides, find_config, load_settings


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _cli(**flags: Any) -> dict[str, Any]:
    args = {"select": None, "extend_select": [], "ignore": [], "exclude": [], "options": []}
    return cli_overrides(**{**args, **flags})


# errors: file, dotted key, reason

ERRORS = [
    pytest.param(
        '[tool.codehealth]\nselct = ["CH001"]\n',
        "tool.codehealth.selct",
        "unknown key `selct` (did you mean `select`?)",
        id="unknown-top-key",
    ),
    pytest.param(
        "[tool.codehealth.max-line]\nmax = 3\n",
        "tool.codehealth.max-line",
        "unknown key `max-line` (did you mean `max-lines`?)",
        id="unknown-rule-table",
    ),
    pytest.param(
        "[tool.codehealth.max-lines]\nmaximum = 3\n",
        "tool.codehealth.max-lines.maximum",
        "unknown option (known: max, count)",
        id="unknown-option",
    ),
    pytest.param(
        "[tool.codehealth.max-lines]\nmax_lines = 3\n",
        "tool.codehealth.max-lines.max_lines",
        "unknown option (known: max, count)",
        id="snake-case-option",
    ),
    pytest.param(
        '[tool.codehealth.max-lines]\nmax = "300"\n',
        "tool.codehealth.max-lines.max",
        'expected an integer, got "300"',
        id="wrong-type",
    ),
    pytest.param(
        '[tool.codehealth.max-lines]\ncount = "lines"\n',
        "tool.codehealth.max-lines.count",
        'expected one of "physical", "code", got "lines"',
        id="bad-choice",
    ),
    pytest.param(
        "[tool.codehealth]\nmax-lines = 300\n",
        "tool.codehealth.max-lines",
        "expected a table, got 300",
        id="rule-not-a-table",
    ),
    pytest.param(
        '[tool.codehealth]\nselect = "CH001"\n',
        "tool.codehealth.select",
        'expected a list of strings, got "CH001"',
        id="select-not-a-list",
    ),
    pytest.param(
        '[tool.codehealth]\nignore = ["CH999"]\n',
        "tool.codehealth.ignore",
        "unknown rule `CH999` (see `codehealth rules`)",
        id="unknown-rule",
    ),
    pytest.param(
        '[tool.codehealth]\nextend-select = ["silent-excepts"]\n',
        "tool.codehealth.extend-select",
        "unknown rule `silent-excepts` (did you mean `silent-except`?)",
        id="unknown-rule-name",
    ),
    pytest.param(
        '[tool.codehealth]\nexclude = ["src/[gen"]\n',
        "tool.codehealth.exclude",
        "unclosed `[` in pattern 'src/[gen'",
        id="bad-glob",
    ),
    pytest.param(
        '[tool.codehealth]\nexclude = [""]\n',
        "tool.codehealth.exclude",
        "empty pattern ''",
        id="empty-glob",
    ),
    pytest.param(
        "[tool.codehealth]\nexclude = [3]\n",
        "tool.codehealth.exclude",
        "expected a list of strings, got [3]",
        id="exclude-not-strings",
    ),
    pytest.param(
        "[tool.codehealth]\npaths = 'src'\n",
        "tool.codehealth.paths",
        'expected a list of strings, got "src"',
        id="paths-not-a-list",
    ),
    pytest.param(
        '[tool.codehealth]\nper-path = ["tests/**"]\n',
        "tool.codehealth.per-path",
        'expected a table of globs, got ["tests/**"]',
        id="per-path-not-a-table",
    ),
    pytest.param(
        '[tool.codehealth.per-path]\n"tests/**" = 5\n',
        'tool.codehealth.per-path."tests/**"',
        "expected a table, got 5",
        id="per-path-entry-not-a-table",
    ),
    pytest.param(
        '[tool.codehealth.per-path."tests/[x"]\nignore = []\n',
        'tool.codehealth.per-path."tests/[x"',
        "unclosed `[` in pattern 'tests/[x'",
        id="per-path-bad-glob",
    ),
    pytest.param(
        '[tool.codehealth.per-path."tests/**"]\nexclude = ["x"]\n',
        'tool.codehealth.per-path."tests/**".exclude',
        "unknown key `exclude` (known: select, extend-select, ignore, ",
        id="per-path-unknown-key",
    ),
    pytest.param(
        '[tool.codehealth.per-path."tests/**"]\nmax-lines = { max = -1 }\n',
        'tool.codehealth.per-path."tests/**".max-lines.max',
        "expected a number >= 1, got -1",
        id="per-path-bad-option",
    ),
    pytest.param(
        '[tool.codehealth.per-path."tests/**"]\nignore = ["CH9"]\n',
        'tool.codehealth.per-path."tests/**".ignore',
        "unknown rule `CH9` (see `codehealth rules`)",
        id="per-path-unknown-rule",
    ),
    pytest.param(
        "[tool]\ncodehealth = 5\n", "tool.codehealth", "expected a table", id="table-not-a-table"
    ),
]


@pytest.mark.parametrize(("toml", "key", "reason"), ERRORS)
def test_config_errors(tmp_path: Path, toml: str, key: str, reason: str) -> None:
    config = _write(tmp_path / "pyproject.toml", toml)
    with pytest.raises(ConfigError) as info:
        load_settings(config, {}, tmp_path)
    assert (info.value.file, info.value.key) == (str(config), key)
    assert info.value.reason.startswith(reason)
    assert str(info.value) == f"{config}: {key}: {info.value.reason}"


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "pyproject.toml", "[tool.codehealth]\nselect = []\nselect = [1,,]\n")
    with pytest.raises(ConfigError) as info:
        load_settings(config, {}, tmp_path)
    assert (info.value.file, info.value.key) == (str(config), None)
    assert info.value.reason.startswith("invalid TOML: ")
    assert "line 3" in info.value.reason
    assert str(info.value) == f"{config}: {info.value.reason}"


def test_invalid_toml_found_while_walking_up(tmp_path: Path) -> None:
    config = _write(tmp_path / "pyproject.toml", "[tool.codehealth\n")
    with pytest.raises(ConfigError) as info:
        find_config(tmp_path)
    assert info.value.file == str(config)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path / "nope.toml", {}, tmp_path)
    assert str(info.value) == f"{tmp_path / 'nope.toml'}: cannot read: No such file or directory"


CLI_ERRORS = [
    pytest.param({"select": ["CH999"]}, "--select", "unknown rule `CH999`", id="select"),
    pytest.param(
        {"extend_select": ["nope"]}, "--extend-select", "unknown rule `nope`", id="extend"
    ),
    pytest.param({"ignore": ["X1"]}, "--ignore", "unknown rule `X1`", id="ignore"),
    pytest.param({"exclude": ["a/[b"]}, "--exclude", "unclosed `[`", id="exclude"),
    pytest.param(
        {"options": ["max-lines=3"]},
        "--option",
        'expected RULE.KEY=VALUE (e.g. max-lines.max=300), got "max-lines=3"',
        id="option-no-key",
    ),
    pytest.param(
        {"options": ["max-lines.max"]},
        "--option",
        'expected RULE.KEY=VALUE (e.g. max-lines.max=300), got "max-lines.max"',
        id="option-no-value",
    ),
    pytest.param(
        {"options": ["max-line.max=3"]},
        "--option",
        "unknown rule `max-line` (did you mean `max-lines`?)",
        id="option-unknown-rule",
    ),
    pytest.param(
        {"options": ["max-lines.maxx=3"]},
        "--option max-lines.maxx",
        "unknown option (did you mean `max`?)",
        id="option-unknown-key",
    ),
    pytest.param(
        {"options": ["max-lines.max=many"]},
        "--option max-lines.max",
        'expected an integer, got "many"',
        id="option-bad-value",
    ),
]


@pytest.mark.parametrize(("flags", "key", "reason"), CLI_ERRORS)
def test_command_line_errors(flags: dict[str, Any], key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as info:
        _cli(**flags)
    assert (info.value.file, info.value.key) == ("command line", key)
    assert info.value.reason.startswith(reason)
