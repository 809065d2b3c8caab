"""Config: discovery, precedence of select/extend-select/ignore, per-path overrides, errors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pytest_codehealth.config.load import (
    ConfigError,
    Settings,
    cli_overrides,
    find_config,
    load_settings,
)
from pytest_codehealth.rules.registry import RULES

DEFAULT_CODES = [rule.code for rule in RULES if rule.default]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _settings(tmp_path: Path, toml: str, cli: dict[str, Any] | None = None) -> Settings:
    config = _write(tmp_path / "pyproject.toml", toml)
    return load_settings(config, cli or {}, tmp_path)


def _cli(
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    exclude: Sequence[str] = (),
    options: Sequence[str] = (),
) -> dict[str, Any]:
    return cli_overrides(select, extend_select, ignore, exclude, options)


def _codes(settings: Settings, path: str = "pkg/mod.py") -> list[str]:
    return [rule.code for rule, _ in settings.for_parts(tuple(path.split("/"))).rules]


def _options(settings: Settings, code: str, path: str = "pkg/mod.py") -> Any:
    rules = settings.for_parts(tuple(path.split("/"))).rules
    return {rule.code: opts for rule, opts in rules}[code]


# discovery


def test_find_config_walks_up_to_the_nearest_table(tmp_path: Path) -> None:
    _write(tmp_path / ".git" / "HEAD", "")
    config = _write(tmp_path / "pyproject.toml", "[tool.codehealth]\n")
    _write(tmp_path / "src" / "pyproject.toml", "[project]\nname = 'x'\n")  # no table: skipped
    module = _write(tmp_path / "src" / "pkg" / "mod.py", "")
    assert find_config(module) == config
    assert find_config(module.parent) == config
    assert find_config(tmp_path) == config


def test_find_config_prefers_the_nearest(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.codehealth]\n")
    inner = _write(tmp_path / "sub" / "pyproject.toml", "[tool.codehealth]\nignore = []\n")
    assert find_config(tmp_path / "sub") == inner


def test_find_config_stops_at_the_repository_root(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.codehealth]\n")
    repo = tmp_path / "repo"
    _write(repo / ".git" / "HEAD", "")
    module = _write(repo / "pkg" / "mod.py", "")
    assert find_config(module) is None


def test_find_config_reads_the_root_itself(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git is a file
    config = _write(tmp_path / "pyproject.toml", "[tool.codehealth]\n")
    assert find_config(_write(tmp_path / "a.py", "")) == config


def test_find_config_ignores_a_non_table_tool(tmp_path: Path) -> None:
    _write(tmp_path / ".git" / "HEAD", "")
    _write(tmp_path / "pyproject.toml", 'tool = "codehealth"\n')
    assert find_config(tmp_path) is None


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(None, {}, tmp_path)
    assert settings.root == tmp_path.resolve()
    assert settings.source == "command line"
    assert _codes(settings) == DEFAULT_CODES
    assert _options(settings, "CH001").max == 400


def test_pyproject_without_table_gives_defaults(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "[project]\nname = 'x'\n[tool.ruff]\nline-length = 100\n")
    assert _codes(settings) == DEFAULT_CODES


def test_other_toml_file_is_read_at_top_level(tmp_path: Path) -> None:
    config = _write(tmp_path / "codehealth.toml", 'select = ["CH002"]\n[max-lines]\nmax = 9\n')
    settings = load_settings(config, {}, tmp_path)
    assert _codes(settings) == ["CH002"]
    assert settings.options["CH001"].max == 9
    with pytest.raises(ConfigError) as info:
        load_settings(_write(tmp_path / "bad.toml", "selct = []\n"), {}, tmp_path)
    assert info.value.key == "selct"


def test_root_is_the_config_folder(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "[tool.codehealth]\n")
    assert settings.root == tmp_path.resolve()
    assert settings.source == str(tmp_path / "pyproject.toml")


# selection precedence

SELECTION = [
    pytest.param("", {}, ["CH001", "CH002"], id="defaults"),
    pytest.param('select = ["CH002"]', {}, ["CH002"], id="select-replaces"),
    pytest.param('select = ["silent-except"]', {}, ["CH002"], id="select-by-name"),
    pytest.param('select = ["ALL"]\nignore = ["CH0"]', {}, [], id="all-then-prefix-ignore"),
    pytest.param(
        'select = ["CH001"]\nextend-select = ["CH002"]', {}, ["CH001", "CH002"], id="extend-adds"
    ),
    pytest.param('ignore = ["max-lines"]', {}, ["CH002"], id="ignore-removes"),
    pytest.param(
        'select = ["CH001"]\nextend-select = ["CH002"]\nignore = ["CH001"]',
        {},
        ["CH002"],
        id="ignore-after-extend",
    ),
    pytest.param('select = ["CH001"]', {"select": ["CH002"]}, ["CH002"], id="cli-select-wins"),
    pytest.param(
        'select = ["CH001"]', {"extend_select": ["CH002"]}, ["CH001", "CH002"], id="cli-extend"
    ),
    pytest.param('select = ["CH001", "CH002"]', {"ignore": ["CH001"]}, ["CH002"], id="cli-ignore"),
    pytest.param(
        'ignore = ["CH002"]', {"select": ["CH002"]}, ["CH002"], id="cli-select-over-ignore"
    ),
]


@pytest.mark.parametrize(("toml", "cli", "expected"), SELECTION)
def test_selection(tmp_path: Path, toml: str, cli: dict[str, Any], expected: list[str]) -> None:
    settings = _settings(tmp_path, f"[tool.codehealth]\n{toml}\n", _cli(**cli))
    assert [code for code in _codes(settings) if code in ("CH001", "CH002")] == expected


# per-path overrides

PER_PATH = """\
[tool.codehealth]
select = ["CH001", "CH002"]

[tool.codehealth.max-lines]
max = 300

[tool.codehealth.silent-except]
allow = ["ImportError"]

[tool.codehealth.per-path."tests/**"]
max-lines = { max = 600 }
ignore = ["silent-except"]

[tool.codehealth.per-path."*_pb2.py"]
max-lines = { count = "code" }
"""


def test_per_path_options_and_ignore(tmp_path: Path) -> None:
    settings = _settings(tmp_path, PER_PATH)
    assert _codes(settings, "src/app.py") == ["CH001", "CH002"]
    assert _options(settings, "CH001", "src/app.py").max == 300
    assert _codes(settings, "tests/test_app.py") == ["CH001"]
    assert _options(settings, "CH001", "tests/unit/test_app.py").max == 600
    assert _options(settings, "CH001", "tests/unit/test_app.py").count == "physical"


def test_per_path_overrides_stack_in_order(tmp_path: Path) -> None:
    settings = _settings(tmp_path, PER_PATH)
    both = _options(settings, "CH001", "tests/msg_pb2.py")
    assert (both.max, both.count) == (600, "code")
    generated = _options(settings, "CH001", "src/api/msg_pb2.py")
    assert (generated.max, generated.count) == (300, "code")
    assert _options(settings, "CH002", "src/api/msg_pb2.py").allow == frozenset({"ImportError"})


def test_per_path_anchored_glob_does_not_match_elsewhere(tmp_path: Path) -> None:
    settings = _settings(tmp_path, PER_PATH)
    assert _codes(settings, "src/tests/test_x.py") == ["CH001", "CH002"]
    assert _options(settings, "CH001", "src/tests/test_x.py").max == 300


def test_per_path_select_and_extend_select(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        '[tool.codehealth]\nselect = ["CH001"]\n'
        '[tool.codehealth.per-path."scripts/**"]\nselect = ["CH002"]\n'
        '[tool.codehealth.per-path."app/**"]\nextend-select = ["CH002"]\n',
    )
    assert _codes(settings, "lib/x.py") == ["CH001"]
    assert _codes(settings, "scripts/x.py") == ["CH002"]
    assert _codes(settings, "app/x.py") == ["CH001", "CH002"]


def test_cli_select_limits_per_path_additions(tmp_path: Path) -> None:
    """A per-gate hook (`--select CH001`) runs only that gate, even where per-path adds rules."""
    toml = (
        '[tool.codehealth.per-path."app/**"]\nextend-select = ["CH002"]\n'
        '[tool.codehealth.per-path."scripts/**"]\nselect = ["CH002"]\n'
        '[tool.codehealth.per-path."tests/**"]\nignore = ["CH001"]\n'
    )
    settings = _settings(tmp_path, toml, _cli(select=["CH001"]))
    assert _codes(settings, "app/x.py") == ["CH001"]
    assert _codes(settings, "scripts/x.py") == []
    assert _codes(settings, "tests/x.py") == []  # per-path ignore still holds


def test_cli_option_beats_per_path(tmp_path: Path) -> None:
    settings = _settings(tmp_path, PER_PATH, _cli(options=["max-lines.max=100"]))
    assert _options(settings, "CH001", "src/app.py").max == 100
    assert _options(settings, "CH001", "tests/test_app.py").max == 100
    assert _options(settings, "CH001", "src/msg_pb2.py").count == "code"


def test_cli_options(tmp_path: Path) -> None:
    cli = _cli(options=["max-lines.max=250", "max-lines.count=code", 'silent-except.allow=["A"]'])
    settings = _settings(tmp_path, "[tool.codehealth]\n", cli)
    assert (_options(settings, "CH001").max, _options(settings, "CH001").count) == (250, "code")
    assert _options(settings, "CH002").allow == frozenset({"A"})


# exclude


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        pytest.param(["examples"], "examples/a.py", True, id="folder-name"),
        pytest.param(["examples"], "src/examples/a.py", True, id="folder-name-anywhere"),
        pytest.param(["examples"], "src/example.py", False, id="not-a-prefix"),
        pytest.param(["src/gen"], "src/gen/a.py", True, id="anchored"),
        pytest.param(["src/gen"], "lib/src/gen/a.py", False, id="anchored-at-root"),
        pytest.param(["*_pb2.py"], "api/msg_pb2.py", True, id="star"),
        pytest.param(["migrations/*.py"], "migrations/0001.py", True, id="anchored-star"),
        pytest.param(["migrations/*.py"], "migrations/sub/0001.py", False, id="star-one-level"),
        pytest.param(["**/fixtures/**"], "a/b/fixtures/c/d.py", True, id="double-star"),
        pytest.param(["./build_tools/"], "build_tools/x.py", True, id="dot-slash-and-trailing"),
        pytest.param(["test_[ab].py"], "test_a.py", True, id="class"),
        pytest.param(["test_[!ab].py"], "test_a.py", False, id="negated-class"),
        pytest.param(["te?t.py"], "test.py", True, id="question-mark"),
    ],
)
def test_exclude_globs(tmp_path: Path, patterns: list[str], path: str, excluded: bool) -> None:
    toml = f"[tool.codehealth]\nexclude = {patterns!r}\n".replace("'", '"')
    settings = _settings(tmp_path, toml)
    assert settings.excluded(tuple(path.split("/"))) is excluded


def test_cli_exclude_adds_to_config(tmp_path: Path) -> None:
    settings = _settings(tmp_path, '[tool.codehealth]\nexclude = ["a"]\n', _cli(exclude=["b"]))
    assert settings.excluded(("a", "x.py"))
    assert settings.excluded(("b", "x.py"))
    assert not settings.excluded(("c", "x.py"))


def test_option_flag_accepts_a_code(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "[tool.codehealth]\n", _cli(options=["CH001.max=7"]))
    assert _options(settings, "CH001").max == 7
