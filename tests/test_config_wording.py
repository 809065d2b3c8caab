"""Config messages: values spelled the TOML way, and a "did you mean" for a close key or rule."""

from __future__ import annotations

import datetime
import tomllib
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.cli.main import main
from pytest_codehealth.config.load import ConfigError, cli_overrides, load_settings
from pytest_codehealth.config.wording import toml

SPELLINGS = [
    pytest.param(True, "true", id="true"),
    pytest.param(False, "false", id="false"),
    pytest.param(3, "3", id="int"),
    pytest.param(-2.5, "-2.5", id="float"),
    pytest.param(float("inf"), "inf", id="inf"),
    pytest.param(float("-inf"), "-inf", id="minus-inf"),
    pytest.param(float("nan"), "nan", id="nan"),
    pytest.param("many", '"many"', id="string"),
    pytest.param('say "hi"\\', '"say \\"hi\\"\\\\"', id="quote-and-backslash"),
    pytest.param("tab\there\n\x7f", '"tab\\there\\n\\u007f"', id="control"),
    pytest.param("é", '"é"', id="non-ascii"),
    pytest.param(["tests/**", 3, True], '["tests/**", 3, true]', id="list"),
    pytest.param([], "[]", id="empty-list"),
    pytest.param({"max": 3, "odd key": "x"}, '{ max = 3, "odd key" = "x" }', id="table"),
    pytest.param({}, "{}", id="empty-table"),
    pytest.param(datetime.date(1979, 5, 27), "1979-05-27", id="date"),
    pytest.param(
        datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.UTC),
        "1979-05-27T07:32:00+00:00",
        id="datetime",
    ),
]


@pytest.mark.parametrize(("value", "spelled"), SPELLINGS)
def test_values_are_spelled_the_toml_way(value: Any, spelled: str) -> None:
    assert toml(value) == spelled


@pytest.mark.parametrize(("value", "spelled"), [p for p in SPELLINGS if p.id != "nan"])
def test_the_spelling_reads_back_as_the_value(value: Any, spelled: str) -> None:
    assert tomllib.loads(f"v = {spelled}")["v"] == value


def _error(tmp_path: Path, text: str) -> tuple[str | None, str]:
    config = tmp_path / "pyproject.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(config, {}, tmp_path)
    return info.value.key, info.value.reason


T = "tool.codehealth"
TOML_VALUES = [
    pytest.param(
        "[T.silent-except]\nallow = true",
        f"{T}.silent-except.allow",
        "expected a list of strings, got true",
        id="bool",
    ),
    pytest.param(
        '[T.complexity]\nno-assert = "yes"',
        f"{T}.complexity.no-assert",
        'expected true or false, got "yes"',
        id="string",
    ),
    pytest.param(
        '[T.max-lines]\ncount = "lines"',
        f"{T}.max-lines.count",
        'expected one of "physical", "code", got "lines"',
        id="choice",
    ),
    pytest.param(
        "[T.max-lines]\nmax = 3.5", f"{T}.max-lines.max", "expected an integer, got 3.5", id="float"
    ),
    pytest.param("[T]\nmax-lines = 300", f"{T}.max-lines", "expected a table, got 300", id="int"),
    pytest.param(
        '[T]\nper-path = ["tests/**"]',
        f"{T}.per-path",
        'expected a table of globs, got ["tests/**"]',
        id="list",
    ),
    pytest.param(
        '[T]\nexclude = ["a", 3]',
        f"{T}.exclude",
        'expected a list of strings, got ["a", 3]',
        id="mixed-list",
    ),
    pytest.param(
        "[T]\nexclude = { a = 1 }",
        f"{T}.exclude",
        "expected a list of strings, got { a = 1 }",
        id="table",
    ),
    pytest.param(
        '[T]\nseverity = "warning"',
        f"{T}.severity",
        'expected a table of rule = level, got "warning"',
        id="severity-table",
    ),
    pytest.param(
        '[T]\nseverity = { CH002 = "loud" }',
        f"{T}.severity.CH002",
        'expected "error" or "warning", got "loud"',
        id="severity-level",
    ),
    pytest.param(
        "[T]\nbaseline = false",
        f"{T}.baseline",
        "expected a file path, got false",
        id="baseline-bool",
    ),
    pytest.param(
        '[T]\nbaseline = ""', f"{T}.baseline", 'expected a file path, got ""', id="baseline-empty"
    ),
    pytest.param(
        "[T]\nbaseline = 1979-05-27",
        f"{T}.baseline",
        "expected a file path, got 1979-05-27",
        id="date",
    ),
    pytest.param(
        "[T.complexity]\nmax-complexity = true",
        f"{T}.complexity.max-complexity",
        "expected a whole number or a rank letter A-E, got true",
        id="rank-bool",
    ),
    pytest.param(
        '[T.complexity]\nmax-complexity = "Z"',
        f"{T}.complexity.max-complexity",
        'expected a number or a rank letter A-E, got "Z"',
        id="rank-letter",
    ),
    pytest.param(
        "[T.module-complexity]\nmax-average = 0.5",
        f"{T}.module-complexity.max-average",
        "expected a number >= 1 or a rank letter A-E, got 0.5",
        id="rank-number",
    ),
    pytest.param(
        '[T.maintainability]\nmin-maintainability = "high"',
        f"{T}.maintainability.min-maintainability",
        'expected a number from 0 to 100, got "high"',
        id="index",
    ),
    pytest.param(
        '[T.timestamp-id]\nid-names = "id"',
        f"{T}.timestamp-id.id-names",
        'expected a list of name patterns such as "*_id", got "id"',
        id="patterns",
    ),
    pytest.param(
        '[T.timestamp-id]\nid-names = ["a b"]',
        f"{T}.timestamp-id.id-names",
        'bad name pattern "a b": use letters, digits, `_`, `*` and `?` only',
        id="pattern",
    ),
    pytest.param(
        '[T.compat]\npatch-targets = "loud"',
        f"{T}.compat.patch-targets",
        'expected "warn" or "error", got "loud"',
        id="compat-choice",
    ),
    pytest.param(
        "[T.compat]\nref = 3", f"{T}.compat.ref", "expected a git revision, got 3", id="compat-ref"
    ),
    pytest.param(
        "[T.compat]\nsource-roots = [1]",
        f"{T}.compat.source-roots",
        "expected a list of strings, got [1]",
        id="compat-list",
    ),
    pytest.param(
        '[T.compat.modules]\n"pkg.m" = ["a-b"]',
        f'{T}.compat.modules."pkg.m"',
        'not a Python name: "a-b"',
        id="compat-name",
    ),
]


@pytest.mark.parametrize(("text", "key", "reason"), TOML_VALUES)
def test_config_errors_spell_values_the_toml_way(
    tmp_path: Path, text: str, key: str, reason: str
) -> None:
    assert _error(tmp_path, text.replace("[T", "[tool.codehealth")) == (key, reason)


SUGGESTIONS = [
    pytest.param(
        "[T]\nselct = []",
        f"{T}.selct",
        "unknown key `selct` (did you mean `select`?)",
        id="top-key",
    ),
    pytest.param(
        "[T]\nexlude = []",
        f"{T}.exlude",
        "unknown key `exlude` (did you mean `exclude`?)",
        id="top-key-2",
    ),
    pytest.param(
        "[T.max-line]\nmax = 3",
        f"{T}.max-line",
        "unknown key `max-line` (did you mean `max-lines`?)",
        id="rule-table",
    ),
    pytest.param(
        "[T.complexity]\nmax_complexity = 7",
        f"{T}.complexity.max_complexity",
        "unknown option (did you mean `max-complexity`?)",
        id="snake-case-option",
    ),
    pytest.param(
        "[T.max-lines]\nmaximum = 3",
        f"{T}.max-lines.maximum",
        "unknown option (known: max, count)",
        id="option-not-close",
    ),
    pytest.param(
        '[T.per-path."tests/**"]\nignroe = []',
        f'{T}.per-path."tests/**".ignroe',
        "unknown key `ignroe` (did you mean `ignore`?)",
        id="per-path-key",
    ),
    pytest.param(
        '[T]\nselect = ["silent-excepts"]',
        f"{T}.select",
        "unknown rule `silent-excepts` (did you mean `silent-except`?)",
        id="rule-name",
    ),
    pytest.param(
        '[T]\nignore = ["ch0002"]',
        f"{T}.ignore",
        "unknown rule `ch0002` (did you mean `CH002`?)",
        id="rule-code",
    ),
    pytest.param(
        '[T]\nignore = ["CH999"]',
        f"{T}.ignore",
        "unknown rule `CH999` (see `codehealth rules`)",
        id="rule-not-close",
    ),
    pytest.param(
        '[T]\nignore = [""]',
        f"{T}.ignore",
        'unknown rule "" (see `codehealth rules`)',
        id="rule-empty",
    ),
    pytest.param(
        '[T]\nseverity = { silent-exept = "warning" }',
        f"{T}.severity",
        "unknown rule `silent-exept` (did you mean `silent-except`?)",
        id="severity-rule",
    ),
    pytest.param(
        '[T.compat]\nrf = "main"',
        f"{T}.compat.rf",
        "unknown key `rf` (did you mean `ref`?)",
        id="compat-key",
    ),
]


@pytest.mark.parametrize(("text", "key", "reason"), SUGGESTIONS)
def test_a_close_key_or_rule_is_suggested(tmp_path: Path, text: str, key: str, reason: str) -> None:
    assert _error(tmp_path, text.replace("[T", "[tool.codehealth")) == (key, reason)


def test_without_a_close_key_the_known_ones_are_listed(tmp_path: Path) -> None:
    key, reason = _error(tmp_path, "[tool.codehealth]\nfrobnicate = 1\n")
    assert key == f"{T}.frobnicate"
    assert reason.startswith("unknown key `frobnicate` (known: select, extend-select, ignore, ")


FLAGS = [
    pytest.param(
        {"select": ["silent-excep"]},
        "--select",
        "unknown rule `silent-excep` (did you mean `silent-except`?)",
        id="select",
    ),
    pytest.param(
        {"options": ["max-line.max=3"]},
        "--option",
        "unknown rule `max-line` (did you mean `max-lines`?)",
        id="option-rule",
    ),
    pytest.param(
        {"options": ["max-lines.maxx=3"]},
        "--option max-lines.maxx",
        "unknown option (did you mean `max`?)",
        id="option-key",
    ),
    pytest.param(
        {"options": ["max-lines=3"]},
        "--option",
        'expected RULE.KEY=VALUE (e.g. max-lines.max=300), got "max-lines=3"',
        id="option-shape",
    ),
    pytest.param(
        {"options": ["max-lines.max=true"]},
        "--option max-lines.max",
        "expected an integer, got true",
        id="option-value",
    ),
]


@pytest.mark.parametrize(("flags", "key", "reason"), FLAGS)
def test_command_line_flags_get_the_same_words(
    flags: dict[str, Any], key: str, reason: str
) -> None:
    args = {"select": None, "extend_select": [], "ignore": [], "exclude": [], "options": []}
    with pytest.raises(ConfigError) as info:
        cli_overrides(**{**args, **flags})
    assert (info.value.key, info.value.reason) == (key, reason)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("silent-excpt", "unknown rule `silent-excpt` (did you mean `silent-except`?)"),
        ("CH0002", "unknown rule `CH0002` (did you mean `CH002`?)"),
        ("CH999", "unknown rule `CH999` (see `codehealth rules`)"),
    ],
)
def test_codehealth_rule_suggests_a_close_rule(
    capsys: pytest.CaptureFixture[str], key: str, message: str
) -> None:
    assert main(["rule", key]) == 2
    assert capsys.readouterr() == ("", f"codehealth: error: {message}\n")
