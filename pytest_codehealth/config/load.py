"""`[tool.codehealth]` -> frozen Settings; every bad value is a ConfigError naming file and key."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_codehealth.config.catalogue import CATALOGUE, RuleInfo, UnknownRuleError, lookup
from pytest_codehealth.config.compat import CompatConfigError, CompatSettings, parse_compat
from pytest_codehealth.config.globs import Glob, GlobError, compile_glob
from pytest_codehealth.config.names import DEFAULT_BASELINE
from pytest_codehealth.config.options import OptionError, convert_table
from pytest_codehealth.config.parsed import keep, known
from pytest_codehealth.config.selection import Layer, select_codes
from pytest_codehealth.config.settings import MAX_FILE_SIZE, FileSettings, PathOverride, Settings
from pytest_codehealth.config.wording import toml, unknown_key, unknown_rule
from pytest_codehealth.core import recorder
from pytest_codehealth.core.files import read_regular
from pytest_codehealth.core.upward import config_folders

__all__ = [
    "DEFAULT_BASELINE",
    "ConfigError",
    "FileSettings",
    "Settings",
    "cli_overrides",
    "find_config",
    "load_settings",
]

TOP_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "paths",
    "per-path",
    "severity",
    "baseline",
    "compat",
    "max-file-size",
)
TOO_DEEP = "nested too deeply"
PER_PATH_KEYS = ("select", "extend-select", "ignore", "severity")
SEVERITIES = ("error", "warning")
# tables several rules read (`[tool.codehealth.redis]`): a rule opts in when its Options
# subclasses a schema whose `TABLE` names the table; a rule's own table wins over it
SHARED_TABLES: dict[str, type[Any]] = {
    vars(base)["TABLE"]: base
    for rule in CATALOGUE
    for base in rule.options_type.__mro__[1:]
    if isinstance(vars(base).get("TABLE"), str)
}
_CODES_AND_NAMES = tuple((rule.code, rule.name) for rule in CATALOGUE)


class ConfigError(Exception):
    """A config problem: which file, which dotted key, what is wrong."""

    def __init__(self, file: str, key: str | None, reason: str) -> None:
        self.file, self.key, self.reason = file, key, reason
        super().__init__(f"{file}: {key}: {reason}" if key else f"{file}: {reason}")


def find_config(start: Path, *, cache: bool = True) -> Path | None:
    """The nearest pyproject.toml with a [tool.codehealth] table, up to the repo root (`cache`:
    as `load_settings`).

    A folder that cannot be searched (no permission) is passed over: the files under it are
    reported as unreadable by the run itself.
    """
    for folder in config_folders(str(start)):
        candidate = Path(folder, "pyproject.toml")
        recorder.seen(candidate)
        if _is(candidate, stat.S_ISREG):
            tool = _read_toml(candidate, cache).get("tool")
            if isinstance(tool, dict) and "codehealth" in tool:
                return candidate
    return None


def _is(path: Path, kind: Callable[[int], bool]) -> bool:
    """Whether `path` exists and is of this kind; False when it cannot even be looked at."""
    try:
        return kind(os.stat(path).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL byte in the path
        return False


def load_settings(
    config: Path | None, cli: Mapping[str, Any], cwd: Path, *, cache: bool = True
) -> Settings:
    """Settings from a config file (or none) with CLI overrides applied on top; `cache`: the
    document an earlier run parsed from the same bytes may be used and kept (not for
    `--no-cache`, which reads and writes nothing in the cache folder)."""
    if config is None:
        return _Builder("command line", "").build({}, cli, cwd.resolve())
    table, prefix = _table(config, _read_toml(config, cache))
    if not isinstance(table, dict):
        raise ConfigError(str(config), prefix, "expected a table")
    settings = _Builder(str(config), prefix).build(table, cli, config.resolve().parent)
    return settings.replace(config_file=config)


def _table(config: Path, data: dict[str, Any]) -> tuple[Any, str]:
    """`[tool.codehealth]` of a pyproject.toml (empty if absent), else the whole file."""
    tool = data.get("tool")
    if isinstance(tool, dict) and "codehealth" in tool:
        return tool["codehealth"], "tool.codehealth"
    if config.name == "pyproject.toml":
        return {}, "tool.codehealth"
    return data, ""


def _read_toml(path: Path, cache: bool) -> dict[str, Any]:
    recorder.seen(path)  # before it is read: an edit after this stat moves it
    try:
        data = read_regular(path)
    except OSError as exc:
        raise ConfigError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    document = known(path, data) if cache else None
    if document is not None:
        return document
    import tomllib  # noqa: PLC0415  # only for bytes no earlier run parsed (its regexes cost)

    try:
        document = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reason = f"invalid TOML: not UTF-8 (byte {data[exc.start]:#04x} on line {line})"
        raise ConfigError(str(path), None, reason) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), None, f"invalid TOML: {exc}") from None
    except (ValueError, RecursionError) as exc:  # an integer over 4,300 digits; deep nesting
        raise ConfigError(str(path), None, f"invalid TOML: {_toml_limit(exc)}") from None
    if cache:
        keep(path, data, document)
    return document


def _toml_limit(exc: ValueError | RecursionError) -> str:
    """What `tomllib` could not take, beyond its own syntax errors, in a few words."""
    if isinstance(exc, RecursionError):
        return TOO_DEEP
    return str(exc).split(":", 1)[0].lower()  # "exceeds the limit (4300 digits) for integer ..."


class _Builder:
    def __init__(self, where: str, prefix: str) -> None:
        self.where, self.prefix = where, prefix

    def key(self, *parts: str) -> str:
        return ".".join(part for part in (self.prefix, *parts) if part)

    def error(self, key: str, reason: str) -> ConfigError:
        return ConfigError(self.where, key, reason)

    def build(self, table: Mapping[str, Any], cli: Mapping[str, Any], root: Path) -> Settings:
        rule_names = {rule.name: rule for rule in CATALOGUE}
        for key in table:
            if key not in TOP_KEYS and key not in rule_names and key not in SHARED_TABLES:
                known = (*TOP_KEYS, *SHARED_TABLES, *rule_names)
                raise self.error(self.key(key), unknown_key(key, known))
        layers = [self.layer(table, ()), *cli.get("layers", ())]
        selected = select_codes(CATALOGUE, None, layers)
        options = self.base_options(table, cli.get("options", {}))
        exclude = (*self.globs(table.get("exclude", []), "exclude"), *cli.get("exclude", ()))
        per_path = self.per_path(table.get("per-path", {}), options)
        paths = tuple(self.strings(table.get("paths", []), self.key("paths")))
        severity = self.severity(table.get("severity", {}), ())
        return Settings(
            root,
            self.where,
            selected,
            options,
            exclude,
            paths,
            per_path,
            cli_layers=tuple(cli.get("layers", ())),
            cli_options=cli.get("options", {}),
            warnings=frozenset(code for code, level in severity.items() if level == "warning"),
            baseline=self.baseline(table.get("baseline"), root),
            compat=self.compat(table.get("compat", {})),
            max_file_size=cli.get("max-file-size") or self.size(table.get("max-file-size")),
        )

    def size(self, raw: Any) -> int:
        """`max-file-size`: a number of bytes."""
        if raw is None:
            return MAX_FILE_SIZE
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise self.error(
                self.key("max-file-size"), f"expected a number of bytes >= 1, got {raw!r}"
            )
        return raw

    def compat(self, raw: Any) -> CompatSettings:
        try:
            return parse_compat(raw)
        except CompatConfigError as exc:
            raise self.error(self.key(exc.key), exc.reason) from None

    def severity(self, raw: Any, where: tuple[str, ...]) -> dict[str, str]:
        """`severity = { "timestamp-id" = "warning" }` -> {code: level}."""
        key = self.key(*where, "severity")
        if not isinstance(raw, dict):
            raise self.error(key, f"expected a table of rule = level, got {toml(raw)}")
        levels = {}
        for selector, level in raw.items():
            if level not in SEVERITIES:
                reason = f'expected "error" or "warning", got {toml(level)}'
                raise self.error(f"{key}.{selector}", reason)
            for code in self.selectors([selector], key):
                levels[code] = level
        return levels

    def baseline(self, raw: Any, root: Path) -> Path | None:
        """The configured file, else the default one in the config's folder when it is there."""
        if raw is None:
            default = root / DEFAULT_BASELINE
            recorder.seen(default)
            return default if default.is_file() else None
        if not isinstance(raw, str) or not raw.strip():
            raise self.error(self.key("baseline"), f"expected a file path, got {toml(raw)}")
        return root / raw

    def layer(self, table: Mapping[str, Any], where: tuple[str, ...]) -> Layer:
        def codes(key: str) -> tuple[str, ...] | None:
            if key not in table:
                return None
            return self.selectors(table[key], self.key(*where, key))

        return Layer(codes("select"), codes("extend-select") or (), codes("ignore") or ())

    def selectors(self, raw: Any, key: str) -> tuple[str, ...]:
        codes: list[str] = []
        for item in self.strings(raw, key):
            try:
                codes.extend(rule.code for rule in lookup(CATALOGUE, item))
            except UnknownRuleError:
                raise self.error(key, unknown_rule(item, _CODES_AND_NAMES)) from None
        return tuple(codes)

    def strings(self, raw: Any, key: str) -> list[str]:
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise self.error(key, f"expected a list of strings, got {toml(raw)}")
        return raw

    def globs(self, raw: Any, key: str) -> tuple[Glob, ...]:
        try:
            return tuple(compile_glob(item) for item in self.strings(raw, self.key(key)))
        except GlobError as exc:
            raise self.error(self.key(key), str(exc)) from None

    def rule_values(self, rule: RuleInfo, raw: Any, where: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise self.error(self.key(*where, rule.name), f"expected a table, got {toml(raw)}")
        try:
            return convert_table(rule.options_type, raw)
        except OptionError as exc:
            raise self.error(self.key(*where, rule.name, exc.key), exc.reason) from None

    def shared_values(self, body: Mapping[str, Any], where: tuple[str, ...]) -> dict[str, Any]:
        """The shared tables in `body`, validated: table name -> {field: value}."""
        found = {}
        for name, options_type in SHARED_TABLES.items():
            if name not in body:
                continue
            if not isinstance(body[name], dict):
                reason = f"expected a table, got {toml(body[name])}"
                raise self.error(self.key(*where, name), reason)
            try:
                found[name] = convert_table(options_type, body[name])
            except OptionError as exc:
                raise self.error(self.key(*where, name, exc.key), exc.reason) from None
        return found

    def base_options(self, table: Mapping[str, Any], cli: Mapping[str, Any]) -> dict[str, Any]:
        options = {}
        shared = self.shared_values(table, ())
        for rule in CATALOGUE:
            values = _shared_for(rule, shared)
            values |= self.rule_values(rule, table.get(rule.name, {}), ())
            values.update(cli.get(rule.code, {}))
            options[rule.code] = rule.options_type(**values)
        return options

    def per_path(self, raw: Any, options: Mapping[str, Any]) -> tuple[PathOverride, ...]:
        if not isinstance(raw, dict):
            raise self.error(self.key("per-path"), f"expected a table of globs, got {toml(raw)}")
        return tuple(self.override(pattern, body) for pattern, body in raw.items())

    def override(self, pattern: str, body: Any) -> PathOverride:
        where = ("per-path", f'"{pattern}"')
        if not isinstance(body, dict):
            raise self.error(self.key(*where), f"expected a table, got {toml(body)}")
        try:
            glob = compile_glob(pattern)
        except GlobError as exc:
            raise self.error(self.key(*where), str(exc)) from None
        rules = {rule.name: rule for rule in CATALOGUE}
        values = {}
        for key, raw in body.items():
            if key in rules:
                values[rules[key].code] = self.rule_values(rules[key], raw, where)
            elif key not in PER_PATH_KEYS and key not in SHARED_TABLES:
                known = (*PER_PATH_KEYS, *SHARED_TABLES, *rules)
                raise self.error(self.key(*where, key), unknown_key(key, known))
        shared = self.shared_values(body, where)
        for rule in CATALOGUE:
            inherited = _shared_for(rule, shared)
            if inherited:
                values[rule.code] = inherited | values.get(rule.code, {})
        severity = self.severity(body.get("severity", {}), where)
        return PathOverride(glob, self.layer(body, where), values, severity)


def cli_overrides(
    select: Sequence[str] | None,
    extend_select: Sequence[str],
    ignore: Sequence[str],
    exclude: Sequence[str],
    options: Sequence[str],
    *,
    max_file_size: int | None = None,
) -> dict[str, Any]:
    """Command-line flags in the shape `load_settings` takes; errors name the flag."""
    builder = _Builder("command line", "")
    layer = Layer(
        builder.selectors(list(select), "--select") if select is not None else None,
        builder.selectors(list(extend_select), "--extend-select"),
        builder.selectors(list(ignore), "--ignore"),
    )
    return {
        "layers": [layer],
        "exclude": builder.globs(list(exclude), "--exclude"),
        "options": _option_flags(builder, options),
        "max-file-size": max_file_size,
    }


def _option_flags(builder: _Builder, flags: Sequence[str]) -> dict[str, dict[str, Any]]:
    """`--option max-lines.max=300` (the value is TOML) -> {code: {field: value}}."""
    result: dict[str, dict[str, Any]] = {}
    for flag in flags:
        rule, values = _option_flag(builder, flag)
        result.setdefault(rule.code, {}).update(values)
    return result


def _option_flag(builder: _Builder, flag: str) -> tuple[RuleInfo, dict[str, Any]]:
    """One `RULE.KEY=VALUE` flag; the rule is named by its name or its code."""
    name, dot, rest = flag.partition(".")
    key, equals, value = rest.partition("=")
    if not (dot and key.strip() and equals):
        reason = f"expected RULE.KEY=VALUE (e.g. max-lines.max=300), got {toml(flag)}"
        raise builder.error("--option", reason)
    by_key = {word: rule for rule in CATALOGUE for word in (rule.name, rule.code)}
    rule = by_key.get(name.strip().lower()) or by_key.get(name.strip().upper())
    if rule is None:
        raise builder.error("--option", unknown_rule(name, _CODES_AND_NAMES))
    parsed = _option_value(builder, f"--option {rule.name}.{key.strip()}", value)
    try:
        return rule, convert_table(rule.options_type, {key.strip(): parsed})
    except OptionError as exc:
        raise builder.error(f"--option {rule.name}.{exc.key}", exc.reason) from None


def _option_value(builder: _Builder, flag: str, value: str) -> Any:
    """A flag's value as TOML; a bare word (`code`) as it is."""
    import tomllib  # noqa: PLC0415  # a `--option` flag's value

    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value.strip()
    except (ValueError, RecursionError) as exc:
        raise builder.error(flag, _toml_limit(exc)) from None


def _shared_for(rule: RuleInfo, shared: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The values of the shared tables this rule reads."""
    values: dict[str, Any] = {}
    for name, fields in shared.items():
        if issubclass(rule.options_type, SHARED_TABLES[name]):
            values |= fields
    return values
