"""Which rules are on: defaults, then each layer's select / extend-select / ignore."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from pytest_codehealth.config.catalogue import RuleInfo


class Layer(NamedTuple):
    """One source of selection (the config file, a per-path table, the command line)."""

    select: tuple[str, ...] | None
    extend_select: tuple[str, ...]
    ignore: tuple[str, ...]


def select_codes(
    rules: tuple[RuleInfo, ...], start: frozenset[str] | None, layers: Iterable[Layer]
) -> frozenset[str]:
    """Apply layers in order: `select` replaces, `extend-select` adds, `ignore` removes."""
    codes = set(start if start is not None else (rule.code for rule in rules if rule.default))
    for layer in layers:
        if layer.select is not None:
            codes = set(layer.select)
        codes.update(layer.extend_select)
        codes.difference_update(layer.ignore)
    return frozenset(codes)
