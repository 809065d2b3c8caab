"""`rules.base.cleandoc` gives what `inspect.cleandoc` gives, without importing `inspect`."""

from __future__ import annotations

import importlib
import inspect
import itertools

import pytest

from pytest_codehealth.config.catalogue import CATALOGUE
from pytest_codehealth.rules.base import cleandoc

# the pieces a docstring's lines are made of: nothing, blanks, tabs, text at several indents
PIECES = ["", " ", "  a", "a", "\tb", "    c", "  ", "\t"]


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_every_arrangement_of_lines_is_cleaned_as_inspect_cleans_it(count: int) -> None:
    for lines in itertools.product(PIECES, repeat=count):
        text = "\n".join(lines)
        assert cleandoc(text) == inspect.cleandoc(text), repr(text)


def test_every_rule_module_docstring_is_cleaned_as_inspect_cleans_it() -> None:
    for info in CATALOGUE:
        doc = importlib.import_module(info.module).__doc__ or ""
        assert cleandoc(doc) == inspect.cleandoc(doc), info.code
