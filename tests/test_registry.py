"""Meta tests of the registry: every rule module registered once, in order, documented."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import pytest_codehealth.rules
from pytest_codehealth.config.catalogue import UnknownRuleError, lookup
from pytest_codehealth.config.options import convert_table
from pytest_codehealth.rules.base import Rule
from pytest_codehealth.rules.registry import RULES

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Options")


def test_codes_and_names_are_unique() -> None:
    codes = [rule.code for rule in RULES]
    names = [rule.name for rule in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)


def test_registered_in_code_order() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(codes)
    assert codes[:3] == ["CH000", "CH001", "CH002"]


def test_every_module_in_rules_is_registered() -> None:
    modules = set()
    for family in pkgutil.iter_modules(pytest_codehealth.rules.__path__):
        if family.ispkg:
            folder = importlib.import_module(f"pytest_codehealth.rules.{family.name}")
            modules.update(
                f"{folder.__name__}.{info.name}"
                for info in pkgutil.iter_modules(folder.__path__)
                if not info.name.startswith("_")
            )
    assert modules == {rule.module for rule in RULES}
    loose = {info.name for info in pkgutil.iter_modules(pytest_codehealth.rules.__path__)}
    assert loose - {rule.module.split(".")[2] for rule in RULES} == {"base", "registry"}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_code_and_name_shape(rule: Rule) -> None:
    assert re.fullmatch(r"CH\d{3}", rule.code)
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.name)
    whole_project = rule.check_project is not None  # these run on facts from every file
    assert (rule.check is None) == (rule.code == "CH000" or whole_project)  # CH000: the engine
    assert (rule.collect is None) == (not whole_project)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_doc_has_the_sections_in_order(rule: Rule) -> None:
    positions = [rule.doc.find(f"\n{section}\n") for section in SECTIONS[1:]]
    assert rule.doc.startswith(f"{SECTIONS[0]}\n")
    assert all(position > 0 for position in positions), positions
    assert positions == sorted(positions)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_summary_is_one_sentence(rule: Rule) -> None:
    assert rule.summary
    assert rule.summary[0].isupper()
    assert not rule.summary.endswith(".")
    assert "\n" not in rule.summary


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_options_are_frozen_and_their_defaults_convert(rule: Rule) -> None:
    defaults = rule.options_type()
    field = next(iter(rule.options_type.FIELDS), None)
    if field is not None:
        with pytest.raises(AttributeError, match="frozen"):
            setattr(defaults, field, getattr(defaults, field))
    table = {}
    for field in rule.options_type.FIELDS.values():
        if field.parse is not None:
            continue
        value = getattr(defaults, field.name)
        table[field.name.replace("_", "-")] = (
            sorted(value) if isinstance(value, frozenset | tuple) else value
        )
    assert rule.options_type(**convert_table(rule.options_type, table)) == defaults


@pytest.mark.parametrize(
    ("key", "codes"),
    [
        pytest.param("CH002", ["CH002"], id="code"),
        pytest.param("ch002", ["CH002"], id="lower-code"),
        pytest.param("silent-except", ["CH002"], id="name"),
        pytest.param(" CH001 ", ["CH001"], id="spaces"),
    ],
)
def test_lookup(key: str, codes: list[str]) -> None:
    assert [rule.code for rule in lookup(RULES, key)] == codes


def test_lookup_prefix() -> None:
    codes = [rule.code for rule in lookup(RULES, "CH00")]
    assert codes[:3] == ["CH000", "CH001", "CH002"]
    assert codes == [rule.code for rule in RULES if rule.code.startswith("CH00")]


def test_lookup_all() -> None:
    assert lookup(RULES, "ALL") == RULES


@pytest.mark.parametrize("key", ["CH999", "", "silent", "E722", "002"])
def test_lookup_unknown(key: str) -> None:
    with pytest.raises(UnknownRuleError):
        lookup(RULES, key)
